"""The facilitator's server: the workshop dashboard, behind a token, on this machine only.

``python -m coachkit.facilitate`` runs :class:`FacilitatorVoila`, Voilà's own application with:

* only ``facilitator/`` served (the dashboard and the guide): any other folder is refused with 403
  — and the learners' server (:mod:`coachkit.server`) refuses ``facilitator/`` in turn;
* ``/`` redirecting to the dashboard app (``facilitator/dashboard.ipynb``);
* a token that every page and kernel needs (Voilà's ``Voila.token``, checked by Jupyter Server's
  identity provider): ``$COACHKIT_FACILITATOR_TOKEN`` if set, else a random one printed at start-up
  with the full address to open, ``http://127.0.0.1:8867/?token=…``. A request without it is sent
  to the login page, where the token can be typed;
* bound to ``127.0.0.1``, port ``8867``, by default, with no preheated kernels — whatever ``voila.json``
  says for the learners' server. ``--port=…``, ``--Voila.ip=…`` on the command line still win.

Both servers read and write the same progress store (``COACHKIT_STORE`` / ``COACHKIT_DATABASE_URL``):
the dashboard shows the room's answers as they are saved.
"""

from __future__ import annotations

import os
import secrets
import sys
from urllib.parse import parse_qsl, urlencode

from jupyter_core.paths import jupyter_config_path
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.ioloop import IOLoop
from traitlets import default
from voila.app import Voila

from coachkit.dashboard import FACILITATOR_ENV
from coachkit.facilitator_auth import MIN_TOKEN_CHARS, FacilitatorIdentityProvider, log_function, scrub_logs
from coachkit.room import RoomApp, RoomPolicy
from coachkit.server import DEFAULTS_DIR, RefuseHandler, prepare_kit

__all__ = ["DASHBOARD", "DEFAULT_IP", "DEFAULT_PORT", "FacilitatorVoila", "SERVED_FOLDERS", "TOKEN_ENV", "main"]

#: Address the facilitator's server listens on unless told otherwise: this machine only.
DEFAULT_IP = "127.0.0.1"
#: Its port: next to the learners' server (8866), so both can run at once.
DEFAULT_PORT = 8867
#: Environment variable holding the token; unset or empty, a random token is made at each start.
TOKEN_ENV = "COACHKIT_FACILITATOR_TOKEN"
#: Bytes of randomness in a generated token.
TOKEN_BYTES = 24
#: The only folder of the project this server serves.
SERVED_FOLDERS = ("facilitator",)
#: The app ``/`` leads to.
DASHBOARD = "facilitator/dashboard.ipynb"

_VOILA_PATHS = r"/voila/(?:render|tree|files|api/contents)"
#: Path pieces that could climb out of the served folder once decoded ("..", "%2e%2e", back slashes).
_CLIMB = r"(?:.*(?:\.\.|%2[eE]%2[eE]|%2[eE]\.|\.%2[eE]|\\|%5[cC]).*)"


class DashboardRedirect(JupyterHandler):
    """``/``: once the token is checked (it sets the login cookie), go to the dashboard app."""

    @web.authenticated
    def get(self) -> None:
        query = [(k, v) for k, v in parse_qsl(self.request.query, keep_blank_values=True) if k != "token"]
        target = url_path_join(self.base_url, "voila/render", DASHBOARD)
        self.redirect(target + (f"?{urlencode(query)}" if query else ""))


class FacilitatorVoila(RoomApp, Voila):
    """Voilà serving the facilitator's folder only, behind a token."""

    name = "coachkit-facilitate"
    classes = [*Voila.classes, RoomPolicy]
    description = "The coachkit facilitator's dashboard, served by Voilà behind a token."

    #: Where the token came from: "generated" here, "env" ($COACHKIT_FACILITATOR_TOKEN) or "command line".
    token_source = "command line"

    @default("config_file_paths")
    def _config_file_paths_default(self) -> list[str]:
        return [os.getcwd(), str(DEFAULTS_DIR), *jupyter_config_path()]

    def initialize(self, argv=None) -> None:
        super().initialize(argv)
        given = {key for section in ("Voila", type(self).__name__) for key in self.cli_config.get(section, {})}
        if "preheat_kernel" not in self.cli_config.get("VoilaConfiguration", {}):
            # voila.json preheats the learners' apps; here a kernel starts when the facilitator opens a page
            self.voila_configuration.preheat_kernel = False
        if "port" not in given:
            self.port = DEFAULT_PORT
        if "ip" not in given:
            self.ip = DEFAULT_IP
        if "token" not in given or not self.token:  # never without a token: the dashboard shows the room's names
            token, self.token_source = os.environ.get(TOKEN_ENV, "").strip(), "env"
            if not token:
                token, self.token_source = secrets.token_urlsafe(TOKEN_BYTES), "generated"
            self.token = token
        if self.token_source != "generated" and len(self.token) < MIN_TOKEN_CHARS:
            self.log.critical("The facilitator token must be at least %d characters (it was set %s); "
                              "leave it unset to have one generated.", MIN_TOKEN_CHARS,
                              "in $" + TOKEN_ENV if self.token_source == "env" else "on the command line")
            self.exit(1)
        self.auto_token = False
        self.identity_provider_class = FacilitatorIdentityProvider
        self.tornado_settings = {**self.tornado_settings, "log_function": log_function}
        scrub_logs(self.log)

    def init_handlers(self) -> list:
        handlers = self.seated(super().init_handlers())  # a dashboard left open nowhere is freed (coachkit.room)
        allowed = "|".join(SERVED_FOLDERS)
        base = self.server_url.rstrip("/")
        ours = [
            (rf"{base}/?", DashboardRedirect),
            (rf"{base}{_VOILA_PATHS}/{_CLIMB}", RefuseHandler),
            (rf"{base}{_VOILA_PATHS}(?:/(?!(?:{allowed})(?:/|$)).*|/?)", RefuseHandler),
        ]
        return ours + handlers

    @property
    def display_url(self) -> str:
        """The address to open, with the token (spelled out only when it was generated here)."""
        url = super().display_url.split("?", 1)[0]
        shown = {"generated": self.token, "env": f"${TOKEN_ENV}"}.get(self.token_source, "<your --token>")
        return f"{url}?token={shown}"

    def start(self) -> None:
        IOLoop.current().add_callback(self._announce)
        super().start()

    def _announce(self) -> None:
        print(f"Facilitator dashboard: {self.display_url}", flush=True)


def main(argv: list[str] | None = None, kit: str | None = None) -> None:
    """Run the facilitator's server on the kit folder (options as for ``voila``)."""
    folder = prepare_kit(kit)  # voila.json (template, culling) is read from the kit folder
    os.environ[FACILITATOR_ENV] = "1"  # our kernels inherit it: the dashboard shows the room only to them
    FacilitatorVoila.launch_instance(argv=[str(folder), *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
