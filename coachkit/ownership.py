"""Who may use a name in a workshop: checked by the learners' server before any kernel starts.

A kernel knows only the query string of its page (``?workshop=CODE&learner=NAME``), so a kernel cannot tell
Alice from someone who typed her name. The server can: the first browser to use a name in a workshop takes it
(:func:`coachkit.roster.claim`) and receives its secret in an HttpOnly cookie signed with the server's
``cookie_secret`` (Tornado's signed cookies), plus a personal link (``?workshop=…&learner=…&key=SECRET`` on the
home page) to take it to another device. Every request for an app (``/voila/render/…``) and the home page go
through :func:`resolve` first:

* no workshop and no name in the link: self-paced use by the one local learner, nothing to check;
* a name without a workshop (``?learner=NAME``): a self-paced learner with a name, owned the same way as in a
  workshop (in :data:`SELF_PACED`), so a link cannot open someone else's self-paced attempts either;
* on JupyterHub the hub's user is the identity: nothing to check either;
* an unknown code, a missing name, a name held by another browser, a full workshop or a name off the expected
  list: the app is refused with a page that says why (403/404, no kernel started);
* otherwise, if the link spells the code or the name differently from the workshop's own spelling, the browser
  is sent to the link with that spelling, so that the query string a kernel finally sees is exactly the one the
  server checked (the kernel parses it with the same function, :func:`coachkit.identity.identity_from_query`).

The secret never reaches a kernel: a ``key`` in an app's link is taken into the cookie and removed by a redirect.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from tornado import web

from coachkit.identity import identity_from_query
from coachkit.names import code_key, name_key
from coachkit.roster import RosterError, Workshop, check, claim, find_workshop

__all__ = ["OwnershipGuard", "SEATS_COOKIE", "Verdict", "resolve"]

#: The signed cookie holding the secrets of the names this browser owns (one per workshop and name).
SEATS_COOKIE = "coachkit-seats"
#: Days a browser keeps its names (the cookie's lifetime, and the oldest signature accepted).
SEATS_COOKIE_DAYS = 60
#: Most names one browser keeps (a shared computer in a room); the oldest is forgotten first.
MAX_SEATS_PER_BROWSER = 20

#: Where names given without a workshop are owned (no code: self-paced use on this server).
SELF_PACED = Workshop("", "self-paced use on this server")

#: What a learner reads when an app or the home page refuses their link, by verdict.
MESSAGES = {
    "unknown-code": "No workshop has the code “{code}”. Check the code with your facilitator (letters and digits "
                    "count; case, spaces and dashes do not).",
    "no-name": "Type your name to join {label}: in a workshop, every learner has a name.",
    "taken": "The name “{name}” is already taken in {label} by another browser. If it is yours, open your personal "
             "link on this device (it was shown when you first joined), or ask your facilitator to free the name; "
             "otherwise add something to tell you apart, such as your last name's initial.",
    "full": "All the seats of {label} are taken. Ask your facilitator.",
    "not-expected": "“{name}” is not on the list of names of {label}: type your name as your facilitator wrote "
                    "it, or ask them.",
    "bad-key": "This personal link does not open “{name}” in {label} (the name may have been freed by your "
               "facilitator). Type your name to join again.",
    "store": "{problem}",
    "free": "Type your name and the code to join {label}.",  # only asked, not taken (the apps' top bar)
}
#: HTTP status of each refusal on an app's address.
STATUS = {"unknown-code": 404, "no-name": 403, "taken": 403, "full": 403, "not-expected": 403, "bad-key": 403,
          "store": 503}


@dataclass(frozen=True)
class Verdict:
    """What the server decided about the identity in a link."""

    status: str  # "self-paced", "hub", "ok", or a key of MESSAGES
    typed_workshop: str = ""
    typed_learner: str = ""
    workshop: Workshop | None = None
    learner: str = ""  # the name's own spelling when status is "ok"
    secret: str = ""  # this browser's secret for that name ("ok")
    new: bool = False  # the name was taken just now
    canonical_query: str | None = None  # the link's query with the workshop's spelling, if it differs
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.status in ("self-paced", "hub", "ok")

    @property
    def message(self) -> str:
        if self.ok:
            return ""
        label = self.workshop.label if self.workshop else self.typed_workshop
        return MESSAGES[self.status].format(code=self.typed_workshop, name=self.typed_learner, label=label,
                                            problem=self.problem)


# --------------------------------------------------------------------------- the cookie


def held_secrets(handler: web.RequestHandler) -> list[tuple[str, str]]:
    """(workshop key, secret) pairs this browser holds; a missing, forged or expired cookie holds none."""
    raw = handler.get_signed_cookie(SEATS_COOKIE, max_age_days=SEATS_COOKIE_DAYS)
    try:
        pairs = json.loads(raw.decode("utf-8")) if raw else []
        return [(str(w), str(s)) for w, s in pairs]
    except (ValueError, TypeError, UnicodeDecodeError):
        return []


def _write_secrets(handler: web.RequestHandler, pairs: list[tuple[str, str]]) -> None:
    path = handler.settings.get("base_url", "/")
    if not pairs:
        handler.clear_cookie(SEATS_COOKIE, path=path)
        return
    handler.set_signed_cookie(SEATS_COOKIE, json.dumps(pairs[-MAX_SEATS_PER_BROWSER:]), expires_days=SEATS_COOKIE_DAYS,
                              path=path, httponly=True, samesite="Lax", secure=handler.request.protocol == "https")


def keep_secret(handler: web.RequestHandler, workshop: Workshop, secret: str) -> None:
    pairs = [p for p in held_secrets(handler) if p[1] != secret]
    _write_secrets(handler, [*pairs, (workshop.key, secret)])


def forget_secret(handler: web.RequestHandler, secret: str) -> None:
    _write_secrets(handler, [p for p in held_secrets(handler) if p[1] != secret])


# --------------------------------------------------------------------------- deciding


def _canonical(params: dict[str, list[str]], workshop: str, learner: str) -> str:
    kept = {k: v[0] for k, v in params.items() if k not in ("workshop", "learner", "key")}
    return urlencode({**({"workshop": workshop} if workshop else {}), "learner": learner, **kept})


def resolve(handler: web.RequestHandler, take: bool = True) -> Verdict:
    """The verdict on the identity in the request's query string (``take``: a free name is taken now)."""
    from coachkit.store import StoreError, open_store

    query = handler.request.query
    hub_user = os.environ.get("JUPYTERHUB_USER")
    params = parse_qs(query, keep_blank_values=True)
    typed_workshop, typed_learner = (params.get(k, [""])[0] for k in ("workshop", "learner"))
    if hub_user:
        return Verdict("hub", typed_workshop, typed_learner)
    identity = identity_from_query(query)
    if not code_key(identity.workshop) and (identity.source != "link" or not name_key(identity.learner)):
        return Verdict("self-paced", typed_workshop, typed_learner)
    kwargs = {"typed_workshop": typed_workshop, "typed_learner": typed_learner}
    try:
        store = open_store()
        workshop = find_workshop(store, identity.workshop) if code_key(identity.workshop) else SELF_PACED
        if workshop is None:
            return Verdict("unknown-code", **kwargs)
        kwargs["workshop"] = workshop
        if not name_key(identity.learner) or identity.source != "link":
            return Verdict("no-name", **kwargs)
        held = [s for w, s in held_secrets(handler) if w == workshop.key]
        key = params.get("key", [""])[0]
        if key:
            result = check(store, workshop, identity.learner, [key])
            if result.status != "owner":
                return Verdict("bad-key", **kwargs)
            keep_secret(handler, workshop, key)
        else:
            result = claim(store, workshop, identity.learner, held) if take else check(store, workshop, identity.learner,
                                                                                        held)
            if result.status == "new":
                keep_secret(handler, workshop, result.secret)
    except StoreError as exc:
        return Verdict("store", problem=str(exc), **kwargs)
    except RosterError:
        return Verdict("no-name", **kwargs)
    if result.status not in ("new", "owner", "free"):
        return Verdict(result.status, **kwargs)
    canonical = _canonical(params, workshop.code, result.name)
    differs = key or typed_workshop != workshop.code or typed_learner != result.name or len(params.get("workshop", [])) > 1 \
        or len(params.get("learner", [])) > 1 or ("workshop" in params and not workshop.code)
    return Verdict("ok" if result.status != "free" else "free", learner=result.name, secret=result.secret,
                   new=result.status == "new", canonical_query=canonical if differs else None, **kwargs)


# --------------------------------------------------------------------------- the app handler's guard


class OwnershipGuard:
    """Mixed into Voilà's app handler: the identity in an app's link is checked before any kernel starts."""

    async def prepare(self, *args, **kwargs):
        result = super().prepare(*args, **kwargs)
        if result is not None and hasattr(result, "__await__"):
            await result
        if self._finished or self.request.method != "GET":
            return
        verdict = resolve(self)
        if verdict.status in ("self-paced", "hub") or (verdict.status == "ok" and verdict.canonical_query is None):
            return
        if verdict.status == "ok":
            self.redirect(f"{self.request.path}?{verdict.canonical_query}")
            return
        refuse(self, verdict)


def owned(handler: type) -> type:
    """``handler`` (Voilà's app handler) with :class:`OwnershipGuard` in front of its own ``prepare``."""
    return type(f"Owned{handler.__name__}", (OwnershipGuard, handler), {})


def persistent_cookie_secret(path: str = "") -> bytes:
    """The key signing the name cookies, kept in a file (0600) so that a restart does not take learners' names
    away: ``path``, else ``cookie_secret`` in the progress store's folder."""
    from coachkit.store import default_url

    if not path:
        url = default_url()
        folder = Path(url.split("///", 1)[-1]).parent if url.startswith("sqlite:///") else Path.home() / ".coachkit"
        path = str(folder / "cookie_secret")
    file = Path(path)
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(32).hex().encode("ascii"))
    return file.read_bytes().strip()


def refuse(handler: web.RequestHandler, verdict: Verdict) -> None:
    """Answer with the page that says why the link is refused (the home page link keeps what was typed)."""
    from coachkit.pages import render_page

    base = handler.settings.get("base_url", "/")
    typed = urlencode({k: v for k, v in (("workshop", verdict.typed_workshop), ("learner", verdict.typed_learner)) if v})
    handler.set_status(STATUS[verdict.status])
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.set_header("Cache-Control", "no-store")
    heading = "This workshop code is unknown" if verdict.status == "unknown-code" else "This link cannot open the app"
    handler.finish(render_page("refused.html.j2", heading=heading, message=verdict.message,
                               home=f"{base}?{typed}" if typed else base))


class WhoAmIHandler(web.RequestHandler):
    """``/coachkit/whoami?<an app's query>``: the workshop and name an app's page shows in its top bar (JSON),
    only for the browser that owns the name; ``{}`` otherwise."""

    def get(self) -> None:
        verdict = resolve(self, take=False)
        self.set_header("Cache-Control", "no-store")
        if verdict.status == "ok" and verdict.workshop is not None:
            self.finish({"workshop": verdict.workshop.code, "title": verdict.workshop.label, "learner": verdict.learner,
                         "home": f"?{_canonical({}, verdict.workshop.code, verdict.learner)}"})
        else:
            self.finish({})


class LeaveHandler(web.RequestHandler):
    """``POST /coachkit/leave``: this browser leaves a workshop (forgets the name it held there) and goes home."""

    def post(self) -> None:
        from coachkit.store import StoreError, open_store

        self.check_xsrf_cookie()
        base = self.settings.get("base_url", "/")
        code, learner = self.get_body_argument("workshop", ""), self.get_body_argument("learner", "")
        try:
            workshop = find_workshop(open_store(), code) if code_key(code) else SELF_PACED
            if workshop is not None:
                held = [s for w, s in held_secrets(self) if w == workshop.key]
                result = check(open_store(), workshop, learner, held)
                if result.status == "owner":
                    forget_secret(self, result.secret)
        except StoreError:
            pass  # nothing to forget: the home page says the store's problem
        self.redirect(f"{base}?left=1")
