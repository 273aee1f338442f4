"""How the facilitator's server checks its token, through Jupyter Server's identity-provider extension point.

* The token is compared in constant time (:func:`hmac.compare_digest`), in the address and on the sign-in form.
* Sign-in attempts are limited per address (:data:`SIGN_IN_ATTEMPTS` a :data:`SIGN_IN_WINDOW_S` window): a guesser
  gets "too many attempts, wait a minute", never a faster answer.
* Requests are logged by Jupyter Server's request logger, which scrubs ``token`` (and other secrets) from every
  address it writes (Voilà leaves Tornado's own logger in place, which writes the full address on every 4xx), and
  :class:`ScrubTokens` cleans Tornado's HTTP-error warnings and the app's own lines the same way.
"""

from __future__ import annotations

import functools
import hmac
import logging
import re
import threading
import time
from collections import deque

from jupyter_server.auth.identity import PasswordIdentityProvider, User
from jupyter_server.log import log_request
from tornado import web

__all__ = ["FacilitatorIdentityProvider", "MIN_TOKEN_CHARS", "SIGN_IN_ATTEMPTS", "SIGN_IN_WINDOW_S", "ScrubTokens",
           "log_function", "same", "scrub_logs"]

#: Shortest token accepted when the facilitator sets one by hand (a generated one is far longer).
MIN_TOKEN_CHARS = 16
#: Wrong sign-in attempts one address may make within :data:`SIGN_IN_WINDOW_S` before it must wait.
SIGN_IN_ATTEMPTS = 5
#: Seconds over which wrong sign-in attempts are counted.
SIGN_IN_WINDOW_S = 60

#: Tornado's ``log_function`` for the facilitator's server: Jupyter Server's, which scrubs tokens from addresses.
log_function = functools.partial(log_request, record_prometheus_metrics=False)


_SECRET_PARAM = re.compile(r"([?&;](?:token|_xsrf|password)=)[^&\s'\"]+", re.IGNORECASE)


class ScrubTokens(logging.Filter):
    """Replace the value of ``token=``, ``_xsrf=`` and ``password=`` in any address a log line holds.

    Jupyter Server's request logger already scrubs the addresses it writes; Tornado's own warning for an HTTP error
    ("403 GET /…?token=…: reason") does not, so this filter sits on Tornado's and the app's loggers too."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _SECRET_PARAM.sub(r"\1[secret]", message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def scrub_logs(*loggers: logging.Logger) -> None:
    """Put :class:`ScrubTokens` on Tornado's loggers and on ``loggers``."""
    for logger in (*loggers, *(logging.getLogger(n) for n in ("tornado.access", "tornado.application",
                                                               "tornado.general"))):
        if not any(isinstance(f, ScrubTokens) for f in logger.filters):
            logger.addFilter(ScrubTokens())


def same(given: str | None, token: str) -> bool:
    """Whether ``given`` is the token, compared in constant time."""
    return bool(given) and bool(token) and hmac.compare_digest(given.encode(), token.encode())


class _Attempts:
    """Wrong attempts per address in a sliding window."""

    def __init__(self) -> None:
        self._wrong: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, address: str) -> bool:
        now = time.monotonic()
        with self._lock:
            recent = self._wrong.setdefault(address, deque())
            while recent and now - recent[0] > SIGN_IN_WINDOW_S:
                recent.popleft()
            return len(recent) >= SIGN_IN_ATTEMPTS

    def failed(self, address: str) -> None:
        with self._lock:
            self._wrong.setdefault(address, deque()).append(time.monotonic())


class FacilitatorIdentityProvider(PasswordIdentityProvider):
    """A token-only identity provider: constant-time comparison and a limit on sign-in attempts."""

    _attempts = _Attempts()

    async def get_user_token(self, handler: web.RequestHandler) -> User | None:
        token = handler.token  # type: ignore[attr-defined]
        if not token or not same(self.get_token(handler), token):
            return None
        user = self.get_user_cookie(handler)
        if hasattr(user, "__await__"):
            user = await user
        return user or self.generate_anonymous_user(handler)

    def process_login_form(self, handler: web.RequestHandler) -> User | None:
        address = handler.request.remote_ip or ""
        if self._attempts.blocked(address):
            raise web.HTTPError(429, "Too many sign-in attempts: wait a minute, then type the token again.")
        if same(handler.get_argument("password", default=""), self.token):
            return self.generate_anonymous_user(handler)
        self._attempts.failed(address)
        return None
