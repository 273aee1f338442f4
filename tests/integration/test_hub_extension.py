"""The pieces of the kit on JupyterHub, without a hub: coachkit/hub.py and the two configuration files."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config.loader import PyFileConfigLoader

from coachkit.hub import (
    DASHBOARD_ENV,
    FACILITATOR_FOLDERS,
    LEARNER_MESSAGE_TYPES,
    attempts_page,
    is_facilitator,
    refused_paths,
)
from coachkit.store import AttemptRecord

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "jupyterhub"


def _refused(path: str, facilitator: bool, base_url: str = "/user/alice/") -> bool:
    return any(re.fullmatch(p, path) for p in refused_paths(base_url, facilitator))


@pytest.mark.parametrize("path", [
    "/user/alice/voila/render/solutions/reformulation/accept_and_explore.ipynb",
    "/user/alice/voila/render/facilitator/dashboard.ipynb",
    "/user/alice/voila/tree/facilitator",
    "/user/alice/voila/files/data/catalogue.yaml",
    "/user/alice/voila/render/exercises-but-not/x.ipynb",
    "/user/alice/voila/render",
    "/user/alice/voila",
    "/user/alice/voila/",
    "/user/alice/api/contents/solutions",
    "/user/alice/api/contents",
    "/user/alice/files/solutions/reformulation/accept_and_explore.ipynb",
    "/user/alice/lab",
    "/user/alice/lab/tree/solutions",
    "/user/alice/api/terminals",
    "/user/alice/api/sessions",
    "/user/alice/nbconvert/html/solutions/x.ipynb",
])
def test_learner_server_refuses(path):
    assert _refused(path, facilitator=False)


@pytest.mark.parametrize("path", [
    "/user/alice/coachkit",
    "/user/alice/voila/render/exercises/reformulation/accept_and_explore.ipynb",
    "/user/alice/voila/render/notebooks/reformulation/lesson.ipynb",
    "/user/alice/voila/static/voila.js",
    "/user/alice/voila/templates/coachkit/static/x.css",
    "/user/alice/api/kernels/0b6c2f1e-1a2b-4c3d-8e9f-0123456789ab/channels",
    "/user/alice/api/status",
    "/user/alice/oauth_callback",
    "/user/alice/labextensions-are-not-lab",
])
def test_learner_server_serves(path):
    assert not _refused(path, facilitator=False)


def test_facilitator_server_serves_solutions_and_dashboard_but_not_data():
    for folder in FACILITATOR_FOLDERS:
        assert not _refused(f"/user/fran/voila/render/{folder}/x.ipynb", True, "/user/fran/")
    assert _refused("/user/fran/voila/render/data/catalogue.yaml", True, "/user/fran/")
    assert _refused("/user/fran/voila", True, "/user/fran/")
    assert not _refused("/user/fran/lab", True, "/user/fran/")


def test_only_widget_messages_reach_a_learners_kernel():
    assert "execute_request" not in LEARNER_MESSAGE_TYPES and "comm_msg" in LEARNER_MESSAGE_TYPES


def test_facilitator_flag():
    assert is_facilitator({"COACHKIT_FACILITATOR": "1"})
    assert not is_facilitator({"COACHKIT_FACILITATOR": "0"}) and not is_facilitator({})


def test_facilitator_servers_open_the_dashboard():
    """The variable the hub extension sets on a facilitator's server is the one the dashboard widget reads."""
    dashboard = pytest.importorskip("coachkit.dashboard")
    assert DASHBOARD_ENV == dashboard.FACILITATOR_ENV


def test_attempts_page_shows_learner_text_as_text():
    attack = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    record = AttemptRecord(learner=f'al"ice{attack}', exercise="accept-explore", answer=attack, score=0.5,
                           passed=False, workshop="W<1>", created=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    page = attempts_page([record], workshop='W"<1>')
    assert "<script>" not in page and "<img" not in page
    # the page's template escapes a quote as &#34; (markupsafe)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and 'data-learner="al&#34;ice&lt;script' in page
    assert 'value="W&#34;&lt;1&gt;"' in page and "1 attempts by 1 learners" in page
    assert "No attempts yet." in attempts_page([], None)
    assert 'role="alert">store &lt;down&gt;' in attempts_page([], None, problem="store <down>")


# --------------------------------------------------------------------------- the configuration files


def _load(path: Path):
    return PyFileConfigLoader(path.name, str(path.parent)).load_config()


@pytest.fixture
def hub_env(monkeypatch, tmp_path):
    for name in ("COACHKIT_HUB_USERS", "COACHKIT_HUB_ADMINS", "COACHKIT_HUB_AUTHENTICATOR", "COACHKIT_HUB_SPAWNER",
                 "COACHKIT_HUB_EXTRA_CONFIG", "COACHKIT_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COACHKIT_HUB_DATA", str(tmp_path / "hub"))
    monkeypatch.setenv("COACHKIT_HUB_PASSWORD", "a-test-password")
    monkeypatch.setenv("COACHKIT_HUB_FACILITATORS", "fran, gus")
    return monkeypatch


def test_hub_config_serves_the_kit(hub_env, tmp_path):
    hub_env.setenv("COACHKIT_HUB_USERS", "alice,bob")
    hub_env.setenv("COACHKIT_DATABASE_URL", "postgresql+psycopg://u:p@db/coachkit")
    c = _load(DEPLOY / "jupyterhub_config.py")
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8000"
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "a-test-password"
    assert c.Authenticator.allowed_users == {"alice", "bob", "fran", "gus"}
    assert c.JupyterHub.load_groups == {"facilitators": {"users": ["fran", "gus"]}}
    assert c.JupyterHub.spawner_class == "jupyterhub.spawner.SimpleLocalProcessSpawner"
    assert Path(c.Spawner.cmd[0]).name == "jupyterhub-singleuser"
    assert c.Spawner.default_url == "/coachkit" and c.Spawner.notebook_dir == str(ROOT)
    env = c.Spawner.environment
    assert env["COACHKIT_DATABASE_URL"] == "postgresql+psycopg://u:p@db/coachkit" and "COACHKIT_STORE" not in env
    assert env["JUPYTER_CONFIG_PATH"] == str(DEPLOY)
    fork_kernels, templates = (Path(p) for p in env["JUPYTER_PATH"].split(os.pathsep))
    assert (templates / "voila" / "templates" / "coachkit").is_dir()
    assert json.loads((fork_kernels / "kernels" / "python3" / "kernel.json").read_text())["metadata"][
        "kernel_provisioner"]["provisioner_name"] == "coachkit-fork"
    assert c.JupyterHub.db_url == f"sqlite:///{tmp_path / 'hub' / 'jupyterhub.sqlite'}"


def test_hub_config_hook_marks_facilitators(hub_env):
    hook = _load(DEPLOY / "jupyterhub_config.py").Spawner.pre_spawn_hook
    spawners = {name: SimpleNamespace(user=SimpleNamespace(groups=[SimpleNamespace(name=g) for g in groups]),
                                      environment={}) for name, groups in (("fran", ["facilitators"]), ("alice", []))}
    for spawner in spawners.values():
        hook(spawner)
    assert spawners["fran"].environment["COACHKIT_FACILITATOR"] == "1"
    assert spawners["alice"].environment["COACHKIT_FACILITATOR"] == "0"


def test_hub_config_without_store_url_shares_one_sqlite_file(hub_env, tmp_path):
    hub_env.setenv("COACHKIT_HUB_USERS", "")
    c = _load(DEPLOY / "jupyterhub_config.py")
    assert c.Spawner.environment["COACHKIT_STORE"] == str(tmp_path / "hub" / "progress.sqlite")
    assert c.Authenticator.allow_all is True


def test_hub_config_needs_the_shared_password(hub_env):
    hub_env.delenv("COACHKIT_HUB_PASSWORD")
    with pytest.raises(SystemExit, match="COACHKIT_HUB_PASSWORD"):
        _load(DEPLOY / "jupyterhub_config.py")


def test_hub_config_takes_another_authenticator_and_extra_config(hub_env, tmp_path):
    extra = tmp_path / "extra.py"
    extra.write_text("c.GitHubOAuthenticator.client_id = 'abc'\n")
    hub_env.setenv("COACHKIT_HUB_AUTHENTICATOR", "github")
    hub_env.setenv("COACHKIT_HUB_EXTRA_CONFIG", str(extra))
    hub_env.delenv("COACHKIT_HUB_PASSWORD")
    c = _load(DEPLOY / "jupyterhub_config.py")
    assert c.JupyterHub.authenticator_class == "github" and c.GitHubOAuthenticator.client_id == "abc"


@pytest.mark.parametrize("facilitator", [False, True])
def test_single_user_config(monkeypatch, facilitator):
    monkeypatch.setenv("COACHKIT_FACILITATOR", "1" if facilitator else "0")
    monkeypatch.delenv("COACHKIT_PROJECT_DIR", raising=False)
    c = _load(DEPLOY / "jupyter_server_config.py")
    extensions = c.ServerApp.jpserver_extensions
    assert extensions["coachkit.hub"] and extensions["voila.server_extension"]
    assert extensions.get("jupyterlab", True) is facilitator and c.ServerApp.terminals_enabled is facilitator
    assert c.ServerApp.default_url == "/coachkit" and c.ServerApp.root_dir == str(ROOT)
    assert c.VoilaConfiguration.template == "coachkit" and "preheat_kernel" not in c.VoilaConfiguration
    assert c.MappingKernelManager.cull_idle_timeout > 0
