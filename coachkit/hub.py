"""coachkit on JupyterHub: a jupyter_server extension for each learner's single-user server.

JupyterHub starts one ``jupyterhub-singleuser`` server per user (hub authentication is done there);
this extension, enabled by ``deploy/jupyterhub/jupyter_server_config.py``, makes that server show the kit:

* ``<base_url>coachkit`` is the kit's home page (the same page as ``coachkit serve``), for the hub user
  ``$JUPYTERHUB_USER`` and their progress; its links open the apps with Voilà's own server extension
  (``<base_url>voila/render/exercises/...``);
* Voilà serves only ``notebooks/`` and ``exercises/`` to learners; facilitators (the server was started with
  ``COACHKIT_FACILITATOR=1``, which the hub sets for members of its facilitator group) also get ``solutions/``
  and ``facilitator/`` (the facilitator dashboard) and ``<base_url>coachkit/attempts``, a list of the attempts;
* a learner's server is Voilà only: Jupyter's file, session and notebook-conversion endpoints are refused, no
  new kernel can be started, and the kernels accept only the widget messages Voilà needs (as standalone Voilà
  does), so the Jupyter REST API cannot be used to read the solutions or run code.

Every page is behind the hub's authentication (``@web.authenticated``).
"""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, quote, unquote, urlencode

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.services.kernels.handlers import MainKernelHandler
from tornado import web

from coachkit.identity import clean_name
from coachkit.kernels import kernelspec_on_path
from coachkit.realpath import guard_voila_rules

__all__ = [
    "DASHBOARD_ENV",
    "FACILITATOR_ENV",
    "FACILITATOR_FOLDERS",
    "LEARNER_FOLDERS",
    "LEARNER_MESSAGE_TYPES",
    "attempts_page",
    "is_facilitator",
    "refused_paths",
]

#: Set to "1" in the environment of a facilitator's server by the hub (see deploy/jupyterhub/jupyterhub_config.py).
FACILITATOR_ENV = "COACHKIT_FACILITATOR"
#: What the facilitator dashboard's widget reads, in its kernel, to show the room (``coachkit.dashboard``'s
#: ``FACILITATOR_ENV``): set on a facilitator's server, removed on a learner's, and inherited by their kernels.
DASHBOARD_ENV = "COACHKIT_FACILITATOR_SERVER"
#: Folders Voilà serves to a learner.
LEARNER_FOLDERS = ("notebooks", "exercises")
#: Folders Voilà serves to a facilitator: the learners' ones, the model answers and the dashboard.
FACILITATOR_FOLDERS = (*LEARNER_FOLDERS, "solutions", "facilitator")
#: The only kernel messages a learner's browser may send: widgets and kernel info (standalone Voilà's list).
LEARNER_MESSAGE_TYPES = ["comm_open", "comm_close", "comm_msg", "comm_info_request", "kernel_info_request",
                         "shutdown_request"]
#: Jupyter endpoints (under the base URL) a learner's server refuses: files, contents, sessions, conversion,
#: terminals and the Jupyter user interfaces. Voilà's own endpoints and the kernel websocket stay.
LEARNER_REFUSED_PREFIXES = ("api/contents", "api/sessions", "api/terminals", "api/nbconvert", "api/collaboration",
                            "files", "view", "nbconvert", "terminals", "lab", "tree", "edit", "notebooks", "doc",
                            "lsp", "api/lsp")
#: Cookie keeping the workshop code of the link a learner came with (per server: its path is the base URL).
WORKSHOP_COOKIE = "coachkit-workshop"
#: Most attempts listed on the facilitators' page (newest first).
ATTEMPTS_LISTED = 500


def is_facilitator(environ=None) -> bool:
    """Whether this server belongs to a facilitator (the hub set ``COACHKIT_FACILITATOR=1`` when it started it)."""
    return (os.environ if environ is None else environ).get(FACILITATOR_ENV, "") == "1"


def refused_paths(base_url: str, facilitator: bool) -> list[str]:
    """Tornado URL patterns this server refuses with 403, for a learner or a facilitator."""
    base = re.escape(base_url.rstrip("/"))
    allowed = "|".join(FACILITATOR_FOLDERS if facilitator else LEARNER_FOLDERS)
    patterns = [rf"{base}/voila/?",  # Voilà's file tree of the whole project: the home page is the way in
                rf"{base}/voila/(?:render|tree|files|api/contents)(?:/(?!(?:{allowed})(?:/|$)).*|/?)"]
    if not facilitator:
        prefixes = "|".join(re.escape(p) for p in LEARNER_REFUSED_PREFIXES)
        patterns.append(rf"{base}/(?:{prefixes})(?:/.*)?")
    return patterns


class RefuseHandler(web.RequestHandler):
    """Refuses a path this server does not serve to its user (403), whatever the method."""

    def prepare(self):
        raise web.HTTPError(403, "coachkit: this page is not available on your server")


class NoNewKernelHandler(MainKernelHandler):
    """``api/kernels`` on a learner's server: listing stays (Voilà's page may ask), starting a kernel is refused."""

    def post(self):
        raise web.HTTPError(403, "coachkit: kernels are started by the apps only")


class HubHomeHandler(JupyterHandler):
    """The kit's home page for the hub user, with their progress.

    The workshop code of the link the learner came with (``?workshop=CODE``) is remembered in a cookie, so that
    coming back to the home page (the apps' "coachkit home" link, the server's default page) shows the progress
    in that workshop again; ``?workshop=`` (empty) forgets it.
    """

    @web.authenticated
    def get(self):
        from coachkit.server import home_page, learner_progress

        params = parse_qs(self.request.query, keep_blank_values=True)
        unknown = ""
        if "workshop" in params:
            code = clean_name(params["workshop"][0])
            known = _known_workshop(code) if code else None
            if known is not None and known.code != code:  # the workshop's own spelling, for the apps' links too
                query = urlencode({**{k: v[0] for k, v in params.items()}, "workshop": known.code})
                self.redirect(f"{self.base_url}coachkit?{query}")
                return
            if known is not None:
                self.set_cookie(WORKSHOP_COOKIE, quote(code, safe=""), path=self.base_url, httponly=True,
                                samesite="Lax")
            else:
                self.clear_cookie(WORKSHOP_COOKIE, path=self.base_url)
                unknown = (f"The workshop code “{code}” is not known: check it with your facilitator. Your answers "
                           "are saved under your own name meanwhile.") if code else ""
        elif self.get_cookie(WORKSHOP_COOKIE):
            code = clean_name(unquote(self.get_cookie(WORKSHOP_COOKIE)))
            if code:
                query = urlencode({**{k: v[0] for k, v in params.items()}, "workshop": code})
                self.redirect(f"{self.base_url}coachkit?{query}")
                return
        hub_user = os.environ.get("JUPYTERHUB_USER") or None
        query = self.request.query
        if unknown:  # the learner's own progress, outside any workshop, with the message
            query = urlencode({k: v[0] for k, v in params.items() if k != "workshop"})
        progress, problem = learner_progress(query, hub_user)
        problem = unknown or problem
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(home_page(self.base_url, query, hub_user=hub_user, progress=progress, problem=problem))


def _known_workshop(code: str):
    """The roster's workshop for a typed code (any case, spaces, dashes), or None; a store that cannot be read
    does not turn a learner away (None only when the code is really unknown)."""
    from coachkit.roster import Workshop, find_workshop
    from coachkit.store import StoreError, open_store

    try:
        return find_workshop(open_store(), code)
    except StoreError:
        return Workshop(code)


def attempts_page(records, workshop: str | None = None, problem: str = "") -> str:
    """The facilitators' list of attempts, newest first (``templates/attempts.html.j2``, autoescaped)."""
    from coachkit.pages import render_page

    return render_page("attempts.html.j2", records=list(records), workshop=workshop or "", problem=problem,
                       learners=len({r.learner for r in records}))


class AttemptsHandler(JupyterHandler):
    """Facilitators only: the attempts in the store (of one workshop with ``?workshop=CODE``)."""

    @web.authenticated
    def get(self):
        from coachkit.store import StoreError, open_store

        if not is_facilitator():
            raise web.HTTPError(403, "coachkit: only facilitators can see the attempts")
        workshop = self.get_query_argument("workshop", None)
        workshop = clean_name(workshop) if workshop else None
        records, problem = [], ""
        try:
            records = open_store().attempts(workshop=workshop)[-ATTEMPTS_LISTED:][::-1]
        except StoreError as exc:
            problem = str(exc)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(attempts_page(records, workshop, problem))


def _jupyter_server_extension_points():
    return [{"module": "coachkit.hub"}]


def _load_jupyter_server_extension(serverapp) -> None:
    web_app = serverapp.web_app
    base_url = web_app.settings.get("base_url", "/")
    base = re.escape(base_url.rstrip("/"))
    facilitator = is_facilitator()
    web_app.settings["coachkit_served_folders"] = FACILITATOR_FOLDERS if facilitator else LEARNER_FOLDERS
    handlers = [(pattern, RefuseHandler) for pattern in refused_paths(base_url, facilitator)]
    handlers += [(rf"{base}/coachkit/?", HubHomeHandler), (rf"{base}/coachkit/attempts/?", AttemptsHandler)]
    if facilitator:
        os.environ[DASHBOARD_ENV] = "1"
    else:
        os.environ.pop(DASHBOARD_ENV, None)
        handlers.append((rf"{base}/api/kernels/?", NoNewKernelHandler))
        serverapp.kernel_manager.allowed_message_types = list(LEARNER_MESSAGE_TYPES)
    if kernelspec_on_path():  # the kit's kernelspec: warm the fork template now, not at the first app
        from coachkit.kernels.provisioner import prestart

        prestart(serverapp.config, serverapp.log)
    from coachkit import compiled_templates

    compiled_templates.install()  # Voilà's page templates compiled once per server, as under coachkit serve
    rules = web_app.default_router.rules
    before = {id(rule) for rule in rules}
    web_app.add_handlers(".*$", handlers)
    # add_handlers puts our rule after those of the server extensions loaded before us (Voilà's among them):
    # move it first, so that a refused path is refused whoever else would serve it.
    ours = [rule for rule in rules if id(rule) not in before]
    for rule in ours:
        rules.remove(rule)
    rules[0:0] = ours
    serverapp.log.info("coachkit: home page at %scoachkit for %s (%s)", base_url, os.environ.get("JUPYTERHUB_USER", "?"),
                       "facilitator" if facilitator else "learner")


async def _start_jupyter_server_extension(serverapp) -> None:
    """Once every extension has added its handlers (Voilà's load after ours): put the real-path guard in front of
    Voilà's, so that a link inside a served folder cannot reach a refused one."""
    guards = guard_voila_rules(serverapp.web_app.default_router)
    serverapp.log.info("coachkit: real-path guard in front of %d Voilà handlers", guards)


# jupyter_server < 2 names
load_jupyter_server_extension = _load_jupyter_server_extension
