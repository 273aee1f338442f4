"""The JupyterHub extension resolves real paths: a link inside a served folder cannot open a refused one.

A real ``jupyter_server`` runs with the kit's extension and Voilà's (as a learner's single-user server does) on a
small project whose ``exercises/`` holds links into ``solutions/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

TOKEN = "realpath-test-token-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture(scope="module")
def learner_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    for folder in ("exercises", "notebooks", "solutions"):
        (root / folder).mkdir()
    (root / "solutions" / "answers.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, '
                                                      '"nbformat_minor": 5}')
    (root / "exercises" / "linked.ipynb").symlink_to(root / "solutions" / "answers.ipynb")
    (root / "exercises" / "linked_folder").symlink_to(root / "solutions", target_is_directory=True)
    config = root.parent / "jupyter_server_config.py"
    config.write_text("c.ServerApp.jpserver_extensions = {'coachkit.hub': True, 'voila.server_extension': True}\n")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "COACHKIT_FACILITATOR"}
    env["JUPYTER_PATH"] = str(Path(__file__).resolve().parents[2] / "coachkit" / "share" / "jupyter")  # as the hub
    log = open(root.parent / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyter_server", f"--config={config}", f"--port={port}",
                             "--ip=127.0.0.1", "--no-browser", "--allow-root", f"--ServerApp.root_dir={root}",
                             f"--IdentityProvider.token={TOKEN}"], stdout=log, stderr=subprocess.STDOUT, env=env,
                            cwd=Path(__file__).resolve().parents[2])  # Voilà reads voila.json here, as on the hub
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            if proc.poll() is not None:
                pytest.fail(f"jupyter_server stopped: {(root.parent / 'server.log').read_text()[-2000:]}")
            try:
                if _status(url + "api/status") == 200:
                    break
            except OSError:
                pass
            time.sleep(0.25)
        yield url, root.parent / "server.log"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_the_served_folder_itself_opens(learner_server):
    """The exercises folder is served (the guard refuses only what leaves it)."""
    url, _ = learner_server
    assert _status(url + "voila/tree/exercises") == 200


@pytest.mark.parametrize("path", ["voila/render/exercises/linked.ipynb", "voila/tree/exercises/linked_folder",
                                  "voila/render/exercises/linked_folder/answers.ipynb"])
def test_a_link_into_the_solutions_is_refused(learner_server, path):
    """A notebook or folder linked from exercises/ into solutions/ gets 403, and the guard says it is there."""
    url, log = learner_server
    assert _status(url + path) == 403
    text = log.read_text()
    assert "real-path guard in front of" in text and "Traceback" not in text
