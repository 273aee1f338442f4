"""Sign-in routes and climbing template paths get a plain answer of the kit's, never a 500 or a traceback."""

import urllib.error
import urllib.request

import pytest

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, url, exc.read().decode()


@pytest.mark.parametrize("path", ["logout", "login", "logout/"])
def test_sign_in_routes_lead_home(server, path):
    """/login and /logout redirect to the home page (nobody signs in to the learners' server)."""
    status, final, body = _get(server + path)
    assert status == 200 and final == server and "ck-exercise" in body


@pytest.mark.parametrize("path", ["voila/templates/coachkit/static/..%2f..%2fconf.json",
                                  "voila/templates/coachkit/static/%2e%2e/index.html.j2",
                                  "voila/static/..%5c..%5cvoila.json"])
def test_a_climbing_static_path_is_not_found(server, path):
    """A template or static path that climbs or hides a slash gets the kit's 404 page."""
    status, _, body = _get(server + path)
    assert status == 404 and "Nothing here" in body and "Traceback" not in body


def test_no_traceback_in_the_log_for_them(server):
    """The server's log holds no 500 and no uncaught exception for any of these requests."""
    for path in ("logout", "voila/templates/coachkit/static/..%2f..%2fconf.json"):
        _get(server + path)
    log = (ARTIFACTS / "voila-server.log").read_text()
    assert "500 GET /logout" not in log and "500 GET /voila/templates" not in log
    assert "Uncaught exception GET /logout" not in log and "Uncaught exception GET /voila/templates" not in log
