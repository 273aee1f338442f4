"""deploy/jupyterhub/values.yaml is a valid Zero to JupyterHub configuration doing what the kit needs.

`helm lint` needs the helm binary and the chart, and neither is reachable from here (helm is not packaged on
PyPI, npm or Debian; the chart lives in its own Helm repository): the values are checked as YAML against the
chart's keys instead (tests/integration/z2jh_values.schema.yaml), and the hub's Python snippet is run.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[2]
VALUES = ROOT / "deploy" / "jupyterhub" / "values.yaml"
SCHEMA = Path(__file__).with_name("z2jh_values.schema.yaml")
DOCKERFILE = ROOT / "deploy" / "jupyterhub" / "Dockerfile"
#: The chart version values.yaml is written for -> the JupyterHub line (major.minor) its hub image runs.
CHART_HUB = {"4.4.0": "5.5"}


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def test_values_follow_the_chart_schema(values):
    """Every key is one the chart knows, with the chart's type; closed objects have no unknown key."""
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(values), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{'.'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in errors)


@pytest.mark.parametrize("bad", [
    {"singleuser": {"defaultURL": "/coachkit"}},
    {"singleuser": {"image": {"name": "x"}}},
    {"singleuser": {"extraEnv": {"COACHKIT_DATABASE_URL": {"valueFrom": {"secretKeyRef": {"name": "s"}}}}}},
    {"singleuser": {"storage": {"type": "none"}}},
    {"cull": {"timeout": 3600}},
    {"hub": {"extraConfig": {"x.py": ["not", "text"]}}},
])
def test_schema_catches_mistakes(bad):
    """The schema is not a rubber stamp: a misspelt key, a missing image tag or secret key, a missing flag fail."""
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(schema).iter_errors(bad))


def test_single_user_servers_open_the_kit(values):
    singleuser = values["singleuser"]
    assert singleuser["cmd"] == "jupyterhub-singleuser"
    assert singleuser["defaultUrl"] == "/coachkit"
    assert singleuser["image"]["name"] and singleuser["image"]["tag"]
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0


def test_store_url_comes_from_a_secret(values):
    """COACHKIT_DATABASE_URL is read from a Kubernetes secret, never written in the values."""
    env = values["singleuser"]["extraEnv"]["COACHKIT_DATABASE_URL"]
    assert set(env) == {"valueFrom"}
    ref = env["valueFrom"]["secretKeyRef"]
    assert ref["name"] and ref["key"]
    assert "postgresql" not in VALUES.read_text(encoding="utf-8").split("\nhub:")[1]  # no URL in the values


def _units(quantity: str) -> float:
    number, unit = re.fullmatch(r"([0-9.]+)([KMGT]i?)?", str(quantity)).groups()
    scale = {"K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
    return float(number) * scale.get(unit or "", 1)


def test_resources_fit_one_learner(values):
    """The guarantee holds a server and an app's kernel (docs/jupyterhub.md), and is below the limit."""
    memory = values["singleuser"]["memory"]
    assert 384 * 2**20 <= _units(memory["guarantee"]) <= _units(memory["limit"])
    assert 0 < values["singleuser"]["cpu"]["guarantee"] <= values["singleuser"]["cpu"]["limit"]


def _hub_config(values, monkeypatch) -> Config:
    """Run the values' hub.extraConfig as the chart's jupyterhub_config.py does: with `c` and its `hub.config`."""
    monkeypatch.setenv("COACHKIT_HUB_PASSWORD", "a-test-password")
    c = Config(values["hub"]["config"])
    for name in sorted(values["hub"]["extraConfig"]):
        exec(compile(values["hub"]["extraConfig"][name], f"hub.extraConfig.{name}", "exec"), {"c": c})
    return c


def _spawner(*groups: str) -> SimpleNamespace:
    return SimpleNamespace(user=SimpleNamespace(groups=[SimpleNamespace(name=g) for g in groups]), environment={})


def test_hub_snippet_marks_facilitators(values, monkeypatch):
    """The pre-spawn hook sets COACHKIT_FACILITATOR=1 for members of the facilitators group only."""
    c = _hub_config(values, monkeypatch)
    assert c.SharedPasswordAuthenticator.user_password == "a-test-password"
    assert "facilitators" in c.JupyterHub.load_groups
    hook = c.KubeSpawner.pre_spawn_hook
    fran, alice = _spawner("facilitators", "other"), _spawner("other")
    hook(fran)
    hook(alice)
    assert fran.environment["COACHKIT_FACILITATOR"] == "1"
    assert alice.environment["COACHKIT_FACILITATOR"] == "0"


def test_dockerfile_builds_the_image_the_values_name():
    """The image is built from the hub lock, then the kit, then the content, with the single-user config on the path."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "requirements/hub.txt" in text and "--no-deps" in text and "jupyterhub-singleuser" in text
    assert "JUPYTER_CONFIG_PATH=/srv/coachkit/deploy/jupyterhub" in text and "COACHKIT_HOME=/srv/coachkit" in text
    copies = [line.split()[1] for line in text.splitlines() if line.startswith("COPY ")]
    content = [copies.index(f) for f in ("data", "notebooks", "exercises", "solutions", "facilitator")]
    assert copies.index("requirements/hub.txt") < copies.index("coachkit") < min(content), "content is copied last"
    assert max(content) == len(copies) - 1 and "." not in copies
    assert "JUPYTER_PATH=/usr/local/lib/python3.11/site-packages/coachkit/share/jupyter-fork" in text
    assert (ROOT / "deploy" / "jupyterhub" / "jupyter_server_config.py").exists()


def test_one_jupyterhub_line():
    """The chart's hub, the hub extra, both locks holding JupyterHub and the image are on one major.minor line."""
    import tomllib

    chart = re.search(r"--version (\S+)", VALUES.read_text(encoding="utf-8")).group(1)
    line = CHART_HUB[chart]
    major, minor = map(int, line.split("."))
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert f"jupyterhub>={line},<{major}.{minor + 1}" in extras["hub"]
    for lock in ("requirements/hub.txt", "requirements/test.txt"):
        pins = re.findall(r"^jupyterhub==(\S+)", (ROOT / lock).read_text(encoding="utf-8"), re.M)
        assert len(pins) == 1 and pins[0].startswith(f"{line}."), (lock, pins)
    assert "requirements/hub.txt" in DOCKERFILE.read_text(encoding="utf-8")
