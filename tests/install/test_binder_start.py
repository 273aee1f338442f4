"""Binder's start path, run the way repo2docker runs it (no Docker here): a fresh environment made from binder/
alone (binder/runtime.txt's Python, binder/requirements.txt installed from the repository's root), then
``binder/start`` in front of a plain Jupyter server; the home page and an app are served."""

from __future__ import annotations

import os
import sys
import urllib.request

import pytest
from fresh_env import NOT_RUNTIME, clean_clone, clean_env, free_port, fresh_venv, installed, serving

pytestmark = pytest.mark.install
TOKEN = "binder-test-token-0123456789"


def test_binder_start_serves_home_and_an_app(tmp_path):
    """binder/start + jupyter server in a venv from binder/requirements.txt: /coachkit lists the apps, an app renders."""
    repo = clean_clone(tmp_path / "repo")
    python = (repo / "binder" / "runtime.txt").read_text().strip()
    assert python == f"python-{sys.version_info.major}.{sys.version_info.minor}", "the test runs binder's Python"
    bin_dir = fresh_venv(tmp_path / "env", "-r", "binder/requirements.txt", cwd=repo)
    assert not installed(bin_dir) & set(NOT_RUNTIME)
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(HOME=str(home), PATH=f"{bin_dir}{os.pathsep}{clean_env()['PATH']}")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [str(repo / "binder" / "start"), "jupyter", "server", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}"]
    if os.geteuid() == 0:
        command.append("--allow-root")  # repo2docker runs as jovyan; a root CI needs leave
    log = tmp_path / "server.log"
    with serving(command, f"{base}api/status", log, cwd=repo, env=env):
        page = urllib.request.urlopen(f"{base}coachkit?token={TOKEN}", timeout=30).read().decode()
        assert 'data-exercise="accept-explore"' in page
        app = f"{base}voila/render/exercises/reformulation/accept_and_explore.ipynb?token={TOKEN}"
        html = urllib.request.urlopen(app, timeout=120).read().decode()
        assert "ck-home-link" in html, "the kit's Voilà template renders the app"
        assert "application/vnd.jupyter.widget-view+json" in html and "from coachkit.widgets import" not in html
        refused = urllib.request.Request(f"{base}voila/render/solutions/reformulation/reformulate.ipynb?token={TOKEN}")
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(refused, timeout=30)
        assert info.value.code in (403, 404)
    text = log.read_text()
    assert "TemplateNotFound" not in text and "Traceback" not in text, text[-3000:]
