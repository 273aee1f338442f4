"""The learners' server: Voilà, with the kit's home page and nothing but the learner folders.

``coachkit serve`` runs :class:`CoachkitVoila`, Voilà's own application with two additions:

* ``/`` is the kit's home page: the modules and their exercises in teaching order (from
  ``data/catalogue.yaml``), one line each, with a link that opens the exercise as an app;
* each app page takes a seat in the room (:mod:`coachkit.room`), freed when the page ends;
* only ``notebooks/`` (lessons) and ``exercises/`` (learner apps) are served: any request for
  another path (``solutions/``, ``data/``, the store…) is refused with 403.

Everything else (kernels, culling, templates, ``voila.json``) is plain Voilà configuration.
"""

from __future__ import annotations

import inspect
import os
import sys
from importlib.metadata import entry_points
from pathlib import Path
from urllib.parse import urlencode

from jupyter_core.paths import jupyter_config_path
from tornado import web
from traitlets import Bool, Unicode, default
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from coachkit import compiled_templates
from coachkit.config import KIT_ENV, PACKAGE_DIR, kit_dir
from coachkit.content import ContentInvalid, load_catalogue
from coachkit.identity import Identity, identity_from_query
from coachkit.kernels import KERNELSPEC_ROOT, kernelspec_on_path
from coachkit.ownership import LeaveHandler, Verdict, WhoAmIHandler, owned, persistent_cookie_secret, resolve
from coachkit.pages import Markup, render_page
from coachkit.quiet_routes import quiet_routes
from coachkit.realpath import RealPathGuard, guarded  # noqa: F401  (kept importable from here)
from coachkit.room import RoomApp, RoomPolicy, SeatedVoilaHandler

__all__ = ["CoachkitVoila", "SERVED_FOLDERS", "home_page", "main", "prepare_kit"]

#: The folders of the project that learners may open. Anything else is refused.
SERVED_FOLDERS = ("notebooks", "exercises")
#: Where the kit's Voilà template lives (added to JUPYTER_PATH).
TEMPLATE_ROOT = PACKAGE_DIR / "share" / "jupyter"
#: The Voilà settings the kit cannot work without (its template, no tracebacks, no sources), shipped with the
#: package: a kit folder's own ``voila.json`` is read over them, key by key.
DEFAULTS_DIR = PACKAGE_DIR / "defaults"
#: The kit's kernelspec ``python3``, whose kernels are forked from a warm template (coachkit.kernels): added to
#: JUPYTER_PATH, before Python's own ``python3``, when its provisioner is registered (the package is installed).
FORK_KERNELS_ROOT = KERNELSPEC_ROOT

STATUS_LABELS = {"done": "done", "tried": "tried", "not-started": "not started"}


def _who(identity: Identity, verdict: Verdict | None) -> dict:
    """What the identity box of the home page shows."""
    who = {"source": identity.source, "learner": identity.learner, "workshop": identity.workshop, "joined": False,
           "new": False, "label": identity.workshop, "typed_learner": identity.learner if identity.source == "link" else "",
           "typed_workshop": identity.workshop}
    if verdict is not None and verdict.status not in ("hub", "self-paced"):
        who.update(typed_learner=verdict.typed_learner, typed_workshop=verdict.typed_workshop)
        if verdict.status == "ok" and verdict.workshop is not None:
            who.update(joined=True, new=verdict.new, learner=verdict.learner, workshop=verdict.workshop.code,
                       label=verdict.workshop.label)
    return who


def learner_progress(query: str, hub_user: str | None) -> tuple[dict[str, str], str]:
    """The progress per exercise of the learner the query names, and a message if the store could not be read."""
    from coachkit.store import StoreError, open_store

    identity = identity_from_query(query, hub_user)
    try:
        return open_store().progress(identity.learner, identity.workshop), ""
    except StoreError as exc:
        return {}, str(exc)


def content_check(log) -> list[str]:
    """Every content problem of the kit, checked once as the server starts and logged one per line (the home page
    lists them too, and each app that needs a broken file says which)."""
    from coachkit.content import validate

    _, errors = validate()
    for error in errors:
        log.error("coachkit: content error: %s", error)
    if errors:
        log.error("coachkit: %d content error(s): run `coachkit validate` for the list", len(errors))
    return [str(e) for e in errors]


def home_page(base_url: str = "/", query: str = "", root: Path | None = None, hub_user: str | None = None,
              progress: dict[str, str] | None = None, problem: str = "", verdict: Verdict | None = None,
              personal_link: str = "", notice: str = "", xsrf_form_html: str = "",
              content_errors: list[str] | None = None) -> str:
    """The home page HTML: every module, its lesson and its exercises in order, one line each, with progress.

    ``verdict`` is the server's decision on the link's workshop and name (:func:`coachkit.ownership.resolve`):
    a refused link keeps what was typed in the form, and its apps' links carry no identity.
    """
    identity = identity_from_query(query, hub_user)
    who = _who(identity, verdict)
    if verdict is not None and not verdict.ok:
        link_query = ""
    elif who["joined"]:
        link_query = urlencode({**({"workshop": who["workshop"]} if who["workshop"] else {}), "learner": who["learner"]})
    else:
        link_query = identity.query

    def link(folder: str, notebook: str) -> str:
        return f"{base_url}voila/render/{folder}/{notebook}" + (f"?{link_query}" if link_query else "")

    context = {"base_url": base_url, "who": who, "problem": problem, "notice": notice, "link": link,
               "personal_link": personal_link, "xsrf_form_html": Markup(xsrf_form_html), "status_labels": STATUS_LABELS,
               "contents_error": "", "modules": [], "title": "coachkit", "content_errors": content_errors or []}
    try:
        catalogue = load_catalogue(root)
    except ContentInvalid as exc:
        return render_page("home.html.j2", **{**context, "contents_error": str(exc)})
    progress = progress or {}
    modules = []
    for module in catalogue.modules:
        exercises = [{"id": e.id, "title": e.title, "summary": e.summary, "notebook": e.notebook,
                      "status": progress.get(e.id, "not-started")} for e in module.exercises]
        modules.append({"id": module.id, "title": module.title, "summary": module.summary, "lesson": module.lesson,
                        "exercises": exercises, "done": sum(e["status"] == "done" for e in exercises)})
    return render_page("home.html.j2", **{**context, "modules": modules, "title": catalogue.title})


class HomeHandler(web.RequestHandler):
    """Serves the kit's home page at the server's root, after checking the workshop and name of its link."""

    def get(self) -> None:
        base_url = self.settings.get("base_url", "/")
        hub_user = os.environ.get("JUPYTERHUB_USER")
        verdict = resolve(self)
        if verdict.status == "ok" and verdict.canonical_query is not None:
            self.redirect(f"{base_url}?{verdict.canonical_query}")  # the workshop's spelling, and no key in sight
            return
        problem = verdict.message
        progress: dict[str, str] = {}
        if verdict.ok:
            progress, problem = learner_progress(self.request.query, hub_user)
        personal = ""
        if verdict.status == "ok" and verdict.workshop is not None:
            code = {"workshop": verdict.workshop.code} if verdict.workshop.code else {}
            personal = (f"{self.request.protocol}://{self.request.host}{base_url}?"
                        + urlencode({**code, "learner": verdict.learner, "key": verdict.secret}))
        notice = "You left: this browser no longer uses your name. It stays yours: your personal link brings you back." \
            if self.get_query_argument("left", "") and verdict.status == "self-paced" else ""
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(home_page(base_url, self.request.query, hub_user=hub_user, progress=progress, problem=problem,
                             verdict=verdict, personal_link=personal, notice=notice,
                             xsrf_form_html=self.xsrf_form_html(),
                             content_errors=self.settings.get("coachkit_content_errors")))


class RefuseHandler(web.RequestHandler):
    """Refuses any path outside the learner folders."""

    def get(self, *args: str) -> None:
        raise web.HTTPError(403, "coachkit serves only the lessons and the exercises")

    post = put = delete = patch = get


class CappedVoilaHandler(SeatedVoilaHandler):
    """Voilà's app handler with a seat in the room (:mod:`coachkit.room`): refused politely (503, "the room is
    full"; 429 past the per-client limit) when there is none, and the kernel freed when the page ends."""


class CoachkitVoila(RoomApp, Voila):
    """Voilà serving the kit: its home page at ``/``, only the learner folders, and the room's serving policy
    (:class:`coachkit.room.RoomPolicy`: the kernel cap, the per-client limit, kernels freed when pages end)."""

    name = "coachkit"
    classes = [*Voila.classes, RoomPolicy]

    certfile = Unicode("", config=True, help="TLS certificate (PEM) of the learners' server: with `keyfile`, the kit "
                       "is served over HTTPS only (names and answers encrypted on the room's network). Empty: plain "
                       "HTTP, readable by anyone on the network. See the README for a self-signed room certificate.")
    keyfile = Unicode("", config=True, help="Private key (PEM) of `certfile`.")
    cookie_secret_file = Unicode("", config=True, help="File holding the key that signs the learners' name cookies "
                                 "(created, mode 0600, if missing). Empty: `cookie_secret` next to the progress store "
                                 "(~/.coachkit/). Kept across restarts, so learners keep their names.")

    compile_templates_once = Bool(True, config=True, help="Compile Voilà's page templates once per server instead of "
                                  "once per page (coachkit.compiled_templates: 40 % of the server's CPU in a room). "
                                  "False: as Voilà does (the benchmarks' stock baseline).")

    def initialize(self, argv=None):
        super().initialize(argv)
        if self.compile_templates_once:
            compiled_templates.install()
        if bool(self.certfile) != bool(self.keyfile):
            self.log.critical("coachkit: TLS needs both --CoachkitVoila.certfile and --CoachkitVoila.keyfile")
            self.exit(1)
        if self.certfile and self.voila_configuration.preheat_kernel:
            # a preheated kernel asks the server for its page's address over ws:// on the server's own port, which
            # speaks only TLS now: kernels are started for each page instead (slower first render, same apps)
            self.log.warning("coachkit: kernel preheating is off while serving HTTPS")
            self.voila_configuration.preheat_kernel = False

    @default("config_file_paths")
    def _config_file_paths_default(self) -> list[str]:
        return [os.getcwd(), str(DEFAULTS_DIR), *jupyter_config_path()]

    def start(self) -> None:
        if kernelspec_on_path():
            from coachkit.kernels.provisioner import prestart

            prestart(self.config, self.log)  # warms while the server starts: the first learner does not wait for it
        super().start()

    def init_settings(self) -> dict:
        settings = super().init_settings()
        settings["coachkit_content_errors"] = content_check(self.log)
        if not any(self.config.get(section, {}).get("cookie_secret") for section in ("Voila", "CoachkitVoila")):
            settings["cookie_secret"] = persistent_cookie_secret(self.cookie_secret_file)
        return settings

    def listen(self):
        if self.certfile:
            import functools
            import ssl

            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.certfile, self.keyfile)
            self.app.listen = functools.partial(self.app.listen, ssl_options=context)
        return super().listen()

    def _url(self, ip):
        return super()._url(ip).replace("http://", "https://", 1) if self.certfile else super()._url(ip)

    def init_handlers(self) -> list:
        handlers = self.seated(super().init_handlers(), CappedVoilaHandler)
        # the app handler checks the workshop and name of its link before any kernel starts (coachkit.ownership)
        handlers = [(pattern, owned(handler), *rest) if isinstance(handler, type) and issubclass(handler, TornadoVoilaHandler)
                    else (pattern, handler, *rest)
                    for pattern, handler, *rest in handlers]
        handlers = [(pattern, guarded(handler), *rest) if "/voila/" in pattern and inspect.iscoroutinefunction(
                    getattr(handler, "prepare", None)) else (pattern, handler, *rest) for pattern, handler, *rest in handlers]
        allowed = "|".join(SERVED_FOLDERS)
        base = self.server_url.rstrip("/")
        ours = [
            (rf"{base}/?", HomeHandler),
            (rf"{base}/coachkit/whoami", WhoAmIHandler),
            (rf"{base}/coachkit/leave", LeaveHandler),
            # a path that climbs out of a folder ("exercises/../solutions", encoded or not) is refused outright
            (rf"{base}/voila/(?:render|tree|files|api/contents)/(?:.*(?:\.\.|%2[eE]%2[eE]|%2[eE]\.|\.%2[eE]|\\|%5[cC]).*)",
             RefuseHandler),
            (rf"{base}/voila/(?:render|tree|files|api/contents)(?:/(?!(?:{allowed})(?:/|$)).*|/?)", RefuseHandler),
        ]
        return ours + quiet_routes(base) + handlers


class NotAKit(SystemExit):
    """The folder given as the kit holds no kit (no ``data/catalogue.yaml``)."""


def prepare_kit(kit: str | Path | None) -> Path:
    """The kit folder to serve (``kit``, else :func:`coachkit.config.kit_dir`), announced to the kernels through
    ``$COACHKIT_HOME``, with the kit's Voilà template on ``JUPYTER_PATH`` and the working folder set to it
    (Voilà reads ``voila.json`` there)."""
    folder = Path(kit).expanduser().resolve() if kit else kit_dir()
    if not (folder / "data" / "catalogue.yaml").is_file():
        raise NotAKit(f"error: {folder} is not a coachkit kit: it has no data/catalogue.yaml "
                      f"(give `coachkit serve --kit PATH` or set {KIT_ENV})")
    os.environ[KIT_ENV] = str(folder)
    roots = [str(TEMPLATE_ROOT)]
    if entry_points(group="jupyter_client.kernel_provisioners", name="coachkit-fork"):
        roots.insert(0, str(FORK_KERNELS_ROOT))  # the kit's python3 kernelspec: kernels forked from a warm template
    else:
        print("coachkit: the coachkit-fork kernel provisioner is not registered (reinstall the package): "
              "kernels start as new processes", file=sys.stderr)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (*roots, os.environ.get("JUPYTER_PATH", "")) if p)
    os.chdir(folder)
    return folder


def main(argv: list[str] | None = None, kit: str | Path | None = None) -> None:
    """Run the learners' server on the kit folder (options as for ``voila``)."""
    folder = prepare_kit(kit)
    CoachkitVoila.launch_instance(argv=[str(folder), *(argv or [])])


if __name__ == "__main__":
    main()
