"""An app on a kit whose content file is broken shows the file, entry and field to fix, not Voilà's cell error."""

import shutil

import pytest

from tests.conftest import ROOT, running_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def broken_kit_server(tmp_path_factory):
    kit = tmp_path_factory.mktemp("broken-kit")
    for folder in ("data", "notebooks", "exercises"):
        shutil.copytree(ROOT / folder, kit / folder)
    retail = kit / "data" / "scenarios" / "retail.yaml"
    retail.write_text(retail.read_text().replace("    objection:", "    objektion:", 1))
    with running_server(kit / "store.sqlite", "--kit", str(kit), "--VoilaConfiguration.preheat_kernel=False",
                        log_name="broken-kit-server") as url:
        yield url


def test_the_app_names_what_to_fix(page, broken_kit_server):
    """The exercise shows the broken file and field, and no 'error when executing cell'."""
    page.goto(broken_kit_server + "voila/render/exercises/reformulation/accept_and_explore.ipynb")
    notice = page.wait_for_selector(".ck-content-error", timeout=90_000)
    text = notice.inner_text()
    assert "retail.yaml" in text and "objection" in text and "cannot open" in text
    assert "error when executing" not in page.content() and "Traceback" not in page.content()


def test_the_server_checks_the_content_at_start(page, broken_kit_server):
    """The start-up check logs each content error, and the home page lists them for whoever runs the kit."""
    from tests.conftest import ARTIFACTS

    page.goto(broken_kit_server)
    banner = page.wait_for_selector(".ck-content-errors", timeout=30_000).inner_text()
    assert "retail.yaml" in banner and "objection" in banner
    log = (ARTIFACTS / "broken-kit-server.log").read_text()
    assert "coachkit: content error:" in log and "retail.yaml" in log
