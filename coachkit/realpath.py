"""The real-path guard shared by the learners' server and the JupyterHub extension.

Voilà's handlers match a path by its spelling; a symbolic link inside a served folder (``exercises/x.ipynb`` ->
``../solutions/x.ipynb``) would let a learner open what the folder allowlist refuses. The guard resolves the
requested path (links followed) before the handler runs and refuses it unless it lies inside a served folder.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from tornado import web
from tornado.escape import url_unescape

__all__ = ["SERVED_ROUTE", "RealPathGuard", "guard_voila_rules", "guarded"]

#: Voilà's routes that name a file or folder of the project: what follows is checked.
SERVED_ROUTE = re.compile(r"/voila/(?:render|tree|files|api/contents)/(.*)$")
#: Folders served when the application's settings name none (``coachkit_served_folders``).
DEFAULT_FOLDERS = ("notebooks", "exercises")


def inside(root: Path, relative: str, folders) -> bool:
    """Whether ``root/relative``, links resolved, is one of ``folders`` of ``root`` or lies inside one."""
    real = (root / relative).resolve()
    return any(real == (root / f).resolve() or (root / f).resolve() in real.parents for f in folders)


class RealPathGuard:
    """Mixed in front of a Voilà handler: a path is served only if its real path lies inside a served folder."""

    async def prepare(self, *args, **kwargs):
        # the handler's own preparation first (Jupyter Server authenticates there; its error page needs the user)
        result = super().prepare(*args, **kwargs)
        result = await result if inspect.isawaitable(result) else result
        match = SERVED_ROUTE.search(url_unescape(self.request.path))
        if match and not self._finished:  # a redirect to sign in has already answered
            root = Path(self.settings["contents_manager"].root_dir).resolve()
            if not inside(root, match.group(1), self.settings.get("coachkit_served_folders", DEFAULT_FOLDERS)):
                raise web.HTTPError(403, "coachkit serves only the lessons and the exercises")
        return result


def guarded(handler: type) -> type:
    """``handler`` with :class:`RealPathGuard` in front of its own ``prepare``."""
    return type(f"Guarded{handler.__name__}", (RealPathGuard, handler), {})


def guard_voila_rules(router) -> int:
    """Put the guard in front of every Voilà handler of a Tornado router (nested routers included); how many."""
    count = 0
    for rule in getattr(router, "rules", []):
        target = rule.target
        if isinstance(target, type) and issubclass(target, web.RequestHandler):
            pattern = getattr(rule.matcher, "regex", None)
            if pattern is not None and "/voila/" in pattern.pattern and not issubclass(target, RealPathGuard):
                rule.target = guarded(target)
                count += 1
        else:
            count += guard_voila_rules(target)
    return count
