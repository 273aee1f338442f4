"""The learners' server: Voilà, with the kit's home page and nothing but the learner folders.

``coachkit serve`` runs :class:`CoachkitVoila`, Voilà's own application with two additions:

* ``/`` is the kit's home page: the modules and their exercises in teaching order (from
  ``data/catalogue.yaml``), one line each, with a link that opens the exercise as an app;
* only ``notebooks/`` (lessons) and ``exercises/`` (learner apps) are served: any request for
  another path (``solutions/``, ``data/``, the store…) is refused with 403.

Everything else (kernels, culling, templates, ``voila.json``) is plain Voilà configuration.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from html import escape
from importlib.metadata import entry_points
from pathlib import Path

from tornado import web
from tornado.escape import url_unescape
from traitlets import Int
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from coachkit.config import PACKAGE_DIR, PROJECT_DIR
from coachkit.content import ContentInvalid, load_catalogue
from coachkit.identity import Identity, identity_from_query
from coachkit.kernels import KERNELSPEC_ROOT, kernelspec_on_path

__all__ = ["CoachkitVoila", "SERVED_FOLDERS", "home_page", "main"]

#: The folders of the project that learners may open. Anything else is refused.
SERVED_FOLDERS = ("notebooks", "exercises")
#: Where the kit's Voilà template lives (added to JUPYTER_PATH).
TEMPLATE_ROOT = PACKAGE_DIR / "share" / "jupyter"
#: The kit's kernelspec ``python3``, whose kernels are forked from a warm template (coachkit.kernels): added to
#: JUPYTER_PATH, before Python's own ``python3``, when its provisioner is registered (the package is installed).
FORK_KERNELS_ROOT = KERNELSPEC_ROOT

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:860px;margin:2em auto;padding:0 1em;
color:#1f2328;line-height:1.5}}
h1{{margin-bottom:.2em}} .lead{{color:#57606a;margin-top:0}}
section{{border:1px solid #d0d7de;border-radius:8px;padding:.5em 1.2em 1em;margin:1.2em 0}}
ol{{padding-left:1.4em}} li{{margin:.35em 0}} a{{color:#0b5cad;font-weight:600}}
.summary{{color:#57606a}} .error{{background:#fff1e5;color:#7a3a00;padding:1em;border-radius:8px;white-space:pre-wrap}}
.badge{{font-size:.8em;padding:1px 8px;border-radius:10px;margin-left:6px;white-space:nowrap}}
.badge.done{{background:#dafbe1;color:#1b7f3b}} .badge.tried{{background:#fff8c5;color:#7a5a00}}
.badge.not-started{{background:#f6f8fa;color:#57606a}} .who{{background:#f6f8fa;padding:.6em 1em;border-radius:8px}}
.who input{{margin:0 .6em 0 .3em}}
</style></head><body><main>
<h1>{title}</h1>
<p class="lead">Practise answering a customer's objections, framing with empathy and planning follow-ups.
Each exercise opens as an app: write or pick an answer and get instant feedback.</p>
{body}
</main></body></html>"""


def _link(base_url: str, folder: str, notebook: str, query: str) -> str:
    href = f"{base_url}voila/render/{folder}/{notebook}"
    return escape(href + (f"?{query}" if query else ""), quote=True)


STATUS_LABELS = {"done": "done", "tried": "tried", "not-started": "not started"}


def _who(identity: Identity, problem: str) -> str:
    if identity.source == "hub":
        who = f"Signed in as <b>{escape(identity.learner)}</b>."
    else:
        name = identity.learner if identity.source == "link" else ""
        who = (f'<form class="who" method="get" action="">In a workshop? <label>Your name'
               f'<input name="learner" maxlength="60" value="{escape(name, quote=True)}">'
               f'</label><label>Workshop code<input name="workshop" maxlength="60" '
               f'value="{escape(identity.workshop, quote=True)}"></label><button type="submit">Go</button></form>')
    if problem:
        who += f'<p class="error" role="alert">{escape(problem)}</p>'
    return who


def learner_progress(query: str, hub_user: str | None) -> tuple[dict[str, str], str]:
    """The progress per exercise of the learner the query names, and a message if the store could not be read."""
    from coachkit.store import StoreError, open_store

    identity = identity_from_query(query, hub_user)
    try:
        return open_store().progress(identity.learner, identity.workshop), ""
    except StoreError as exc:
        return {}, str(exc).replace("Your answer was not saved", "Your progress could not be read")


def home_page(base_url: str = "/", query: str = "", root: Path | None = None, hub_user: str | None = None,
              progress: dict[str, str] | None = None, problem: str = "") -> str:
    """The home page HTML: every module, its lesson and its exercises in order, one line each, with progress."""
    identity = identity_from_query(query, hub_user)
    query = identity.query
    try:
        catalogue = load_catalogue(root)
    except ContentInvalid as exc:
        body = ('<div class="error" role="alert">The kit\'s table of contents has errors; run '
                f"<code>coachkit validate</code>:\n{escape(str(exc))}</div>")
        return _PAGE.format(title="coachkit", body=body)
    progress = progress or {}
    mine = _link(base_url, "exercises", "my_progress.ipynb", query)
    sections = [_who(identity, problem),
                f'<p><a class="ck-my-progress" href="{mine}">My progress</a> — your attempts, your report, '
                "export or delete your data.</p>"]
    for number, module in enumerate(catalogue.modules, start=1):
        items = []
        if module.lesson:
            items.append(f'<li><a class="ck-lesson" href="{_link(base_url, "notebooks", module.lesson, query)}">'
                         f'Lesson</a> — <span class="summary">{escape(module.summary)}</span></li>')
        done = 0
        for exercise in module.exercises:
            status = progress.get(exercise.id, "not-started")
            done += status == "done"
            items.append(f'<li><a class="ck-exercise" data-exercise="{escape(exercise.id, quote=True)}" '
                         f'href="{_link(base_url, "exercises", exercise.notebook, query)}">{escape(exercise.title)}</a>'
                         f'<span class="badge {status}" data-status="{status}">{STATUS_LABELS[status]}</span>'
                         f' — <span class="summary">{escape(exercise.summary)}</span></li>')
        sections.append(f'<section id="{escape(module.id, quote=True)}"><h2>{number}. {escape(module.title)}</h2>'
                        f'<p class="summary ck-module-progress">{done} of {len(module.exercises)} exercises done</p>'
                        f'<ol>{"".join(items)}</ol></section>')
    return _PAGE.format(title=escape(catalogue.title), body="".join(sections))


class HomeHandler(web.RequestHandler):
    """Serves the kit's home page at the server's root."""

    def get(self) -> None:
        base_url = self.settings.get("base_url", "/")
        hub_user = os.environ.get("JUPYTERHUB_USER")
        progress, problem = learner_progress(self.request.query, hub_user)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.write(home_page(base_url, self.request.query, hub_user=hub_user, progress=progress, problem=problem))


_SERVED_ROUTE = re.compile(r"/voila/(?:render|tree|files|api/contents)/(.*)$")


class RealPathGuard:
    """Mixed into Voilà's handlers of the learner folders: a path is served only if its real path (links resolved)
    lies inside one of them, so a link in ``exercises/`` pointing into ``solutions/`` is refused."""

    async def prepare(self, *args, **kwargs):
        match = _SERVED_ROUTE.search(url_unescape(self.request.path))
        if match:
            root = Path(self.settings["contents_manager"].root_dir).resolve()
            real = (root / match.group(1)).resolve()
            if not any(real == (root / f).resolve() or (root / f).resolve() in real.parents for f in SERVED_FOLDERS):
                raise web.HTTPError(403, "coachkit serves only the lessons and the exercises")
        return await super().prepare(*args, **kwargs)


def guarded(handler: type) -> type:
    """``handler`` with :class:`RealPathGuard` in front of its own ``prepare``."""
    return type(f"Guarded{handler.__name__}", (RealPathGuard, handler), {})


class RefuseHandler(web.RequestHandler):
    """Refuses any path outside the learner folders."""

    def get(self, *args: str) -> None:
        raise web.HTTPError(403, "coachkit serves only the lessons and the exercises")

    post = put = delete = patch = get


ROOM_FULL = """<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{wait}">
<title>The room is full</title><style>body{{font-family:system-ui,sans-serif;max-width:640px;margin:4em auto;padding:0 1em;
color:#1f2328;line-height:1.5}}</style></head><body><main><h1>The room is full — try again in a minute</h1>
<p>Every seat of this workshop server is taken right now. This page tries again by itself in {wait} seconds;
nothing you saved is lost. If it keeps happening, tell your facilitator.</p><p><a href="">Try again now</a></p>
</main></body></html>"""


def live_kernels(kernel_manager) -> int:
    """Kernels serving a learner: all running kernels less the preheated ones waiting in the pool."""
    running = len(kernel_manager.list_kernel_ids())
    pooled = sum(len(pool) for pool in getattr(kernel_manager, "_pools", {}).values())
    return running - pooled


class CappedVoilaHandler(TornadoVoilaHandler):
    """Voilà's app handler, refusing politely (503, "the room is full") once the kernel cap is reached."""

    async def get(self, path=None):
        cap = self.settings.get("coachkit_max_kernels", 0)
        if cap and live_kernels(self.kernel_manager) >= cap:
            self.set_status(503)
            self.set_header("Retry-After", str(ROOM_FULL_RETRY_S))
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(ROOM_FULL.format(wait=ROOM_FULL_RETRY_S))
            return
        return await super().get(path)


#: Seconds after which the "room is full" page tries again by itself.
ROOM_FULL_RETRY_S = 30


class CoachkitVoila(Voila):
    """Voilà serving the kit: its home page at ``/``, only the learner folders, and a cap on live kernels."""

    name = "coachkit"
    max_kernels = Int(60, config=True, help="Most kernels serving learners at once (0: no cap). Each open app "
                      "holds one kernel; once the cap is reached a new learner gets the 'room is full' page and "
                      "those already working carry on. See the README for sizing.")

    def start(self) -> None:
        if kernelspec_on_path():
            from coachkit.kernels.provisioner import prestart

            prestart(self.config, self.log)  # warms while the server starts: the first learner does not wait for it
        super().start()

    def init_settings(self) -> dict:
        settings = super().init_settings()
        settings["coachkit_max_kernels"] = self.max_kernels
        return settings

    def init_handlers(self) -> list:
        handlers = [(pattern, CappedVoilaHandler, *rest) if handler is TornadoVoilaHandler else (pattern, handler, *rest)
                    for pattern, handler, *rest in super().init_handlers()]
        handlers = [(pattern, guarded(handler), *rest) if "/voila/" in pattern and inspect.iscoroutinefunction(
                    getattr(handler, "prepare", None)) else (pattern, handler, *rest) for pattern, handler, *rest in handlers]
        allowed = "|".join(SERVED_FOLDERS)
        base = self.server_url.rstrip("/")
        ours = [
            (rf"{base}/?", HomeHandler),
            # a path that climbs out of a folder ("exercises/../solutions", encoded or not) is refused outright
            (rf"{base}/voila/(?:render|tree|files|api/contents)/(?:.*(?:\.\.|%2[eE]%2[eE]|%2[eE]\.|\.%2[eE]|\\|%5[cC]).*)",
             RefuseHandler),
            (rf"{base}/voila/(?:render|tree|files|api/contents)(?:/(?!(?:{allowed})(?:/|$)).*|/?)", RefuseHandler),
        ]
        return ours + handlers


def main(argv: list[str] | None = None) -> None:
    """Run the learners' server on the project folder (options as for ``voila``)."""
    roots = [str(TEMPLATE_ROOT)]
    if entry_points(group="jupyter_client.kernel_provisioners", name="coachkit-fork"):
        roots.insert(0, str(FORK_KERNELS_ROOT))
    else:
        print("coachkit: the coachkit-fork kernel provisioner is not registered (reinstall the package): "
              "kernels start as new processes", file=sys.stderr)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (*roots, os.environ.get("JUPYTER_PATH", "")) if p)
    os.chdir(PROJECT_DIR)  # voila.json is read from the working folder
    CoachkitVoila.launch_instance(argv=[str(PROJECT_DIR), *(argv or [])])


if __name__ == "__main__":
    main()
