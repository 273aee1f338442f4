"""Who is answering: the hub's user, the name and workshop code from a link, or the local learner.

* On JupyterHub the hub's user name (``JUPYTERHUB_USER``) is used as is.
* In a workshop, links carry ``?workshop=CODE&learner=NAME`` (Voilà hands the query string to the
  kernel as ``QUERY_STRING``); the home page keeps them on every link it shows.
* Self-paced use needs no sign-in: one local learner.

Names and codes are normalised by :mod:`coachkit.names`. In a workshop, the learners' server checks before any
kernel starts that the code exists and that the browser owns the name (:mod:`coachkit.ownership`), and sends a
link with the workshop's own spelling of both: what a kernel reads here has been checked.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from coachkit.names import MAX_NAME, clean_name

__all__ = ["Identity", "LOCAL_LEARNER", "MAX_NAME", "clean_name", "current_identity", "identity_from_query"]

#: The learner's name when nobody signed in: self-paced use on one's own machine.
LOCAL_LEARNER = "me"


@dataclass(frozen=True)
class Identity:
    learner: str
    workshop: str = ""
    source: str = "local"  # "hub", "link" or "local"

    @property
    def query(self) -> str:
        """The query string that carries this identity to the next app ("" for the local learner)."""
        params = {k: v for k, v in (("workshop", self.workshop), ("learner", self.learner if self.source == "link"
                                                                           else "")) if v}
        return urlencode(params)


def identity_from_query(query: str, hub_user: str | None = None) -> Identity:
    """The identity given by a query string (and the hub's user, which wins)."""
    params = parse_qs(query or "")
    workshop = clean_name(params.get("workshop", [""])[0])
    if hub_user:
        return Identity(clean_name(hub_user), workshop, "hub")
    learner = clean_name(params.get("learner", [""])[0])
    if learner:
        return Identity(learner, workshop, "link")
    return Identity(LOCAL_LEARNER, workshop, "local")


def current_identity(environ: Mapping[str, str] | None = None) -> Identity:
    """The identity of the person using this kernel.

    In a kernel Voilà preheated before anyone asked for the app, this waits for the learner's
    request first (everything before it — imports, content — is already done).
    """
    if environ is None:
        if os.environ.get("VOILA_PREHEAT") == "True":
            from voila.utils import wait_for_request

            wait_for_request()
        environ = os.environ
    return identity_from_query(environ.get("QUERY_STRING", ""), environ.get("JUPYTERHUB_USER"))
