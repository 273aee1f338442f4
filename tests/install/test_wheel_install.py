"""The kit as a user installs it: a wheel built from a clean copy, in a fresh venv outside the checkout, serving a
copy of the content with ``coachkit serve --kit``; a learner opens an app and gets feedback (headless Chromium)."""

from __future__ import annotations

import shutil
import subprocess
import urllib.request
import zipfile

import pytest
from fresh_env import NOT_RUNTIME, ROOT, clean_clone, clean_env, free_port, fresh_venv, installed, serving, uv

pytestmark = [pytest.mark.install, pytest.mark.browser]


@pytest.fixture(scope="module")
def wheel_kit(tmp_path_factory):
    """(bin folder of a fresh venv holding the wheel, a copy of the content, a scratch folder)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = clean_clone(tmp / "clone")
    subprocess.run([uv(), "build", "-q", "--wheel", "--out-dir", str(tmp / "dist"), str(src)], check=True,
                   capture_output=True)
    wheel = next((tmp / "dist").glob("coachkit-*.whl"))
    bin_dir = fresh_venv(tmp / "venv", str(wheel), "-c", str(ROOT / "requirements" / "runtime.txt"))
    kit = tmp / "kit"
    for folder in ("data", "notebooks", "exercises"):
        shutil.copytree(src / folder, kit / folder)
    return bin_dir, kit, tmp, wheel


def test_wheel_carries_the_template_and_the_lexicons(wheel_kit):
    """The wheel holds the Voilà template (package and shared data), the lexicons and the Voilà defaults."""
    names = set(zipfile.ZipFile(wheel_kit[3]).namelist())
    template = "share/jupyter/voila/templates/coachkit/index.html.j2"
    version = wheel_kit[3].name.split("-")[1]
    assert f"coachkit/{template}" in names and f"coachkit-{version}.data/data/{template}" in names
    assert {"coachkit/lexicons/moves.yaml", "coachkit/lexicons/moves_model.json", "coachkit/defaults/voila.json"} <= names


def test_runtime_install_holds_no_test_or_hub_tool(wheel_kit):
    """The wheel's own dependencies bring no pytest, Playwright, scikit-learn, JupyterHub (nor the other tools)."""
    names = installed(wheel_kit[0])
    assert {"coachkit", "voila", "ipywidgets"} <= names
    assert not names & set(NOT_RUNTIME), names & set(NOT_RUNTIME)


def test_wheel_serves_a_kit_folder(wheel_kit, page, tmp_path):
    """`coachkit serve --kit COPY` from the fresh venv serves the home page and an app that answers a check."""
    bin_dir, kit, tmp, _ = wheel_kit
    where = subprocess.run([str(bin_dir / "python"), "-c", "import coachkit; print(coachkit.__file__)"],
                           capture_output=True, text=True, cwd=tmp, env=clean_env(), check=True).stdout
    assert where.startswith(str(tmp / "venv")), where
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = clean_env(COACHKIT_STORE=str(tmp_path / "progress.sqlite"))
    with serving([str(bin_dir / "coachkit"), "serve", "--kit", str(kit), f"--port={port}", "--no-browser"], url,
                 tmp_path / "server.log", cwd=tmp, env=env):
        home = urllib.request.urlopen(url, timeout=10).read().decode()
        assert 'data-exercise="accept-explore"' in home
        page.goto(url)
        page.click("a[data-exercise='accept-explore']")
        page.wait_for_selector(".ck-check", timeout=120_000)
        assert page.locator(".ck-home-link").count() == 1, "the kit's template, from the package's Voilà defaults"
        page.fill(".ck-answer textarea", "That's a fair concern. What would make the cost feel justified for you?")
        page.click(".ck-check")
        page.wait_for_selector(".ck-feedback-box :text('score')", timeout=30_000)
        assert "Explore" in page.inner_text(".ck-feedback-box")
        assert "Traceback" not in page.content()
        page.close(run_before_unload=True)
    log = (tmp_path / "server.log").read_text()
    assert "TemplateNotFound" not in log and str(ROOT) not in log
