# Configuration of each user's single-user server (jupyterhub-singleuser) serving coachkit.
#
# The hub points its servers at this file with JUPYTER_CONFIG_PATH=<this folder> (jupyterhub_config.py does it;
# the Docker image sets it in deploy/jupyterhub/Dockerfile). It
#   * enables the coachkit extension (coachkit/hub.py: home page at <base_url>coachkit, folders allowed per role)
#     and Voilà's server extension (the apps at <base_url>voila/render/...);
#   * opens the home page by default and serves the kit folder ($COACHKIT_HOME, else $COACHKIT_PROJECT_DIR, else this
#     checkout), which the kernels inherit through $COACHKIT_HOME;
#   * takes Voilà's settings (template, theme, tracebacks, kernel culling) from the package's defaults
#     (coachkit/defaults/voila.json) and the kit's voila.json, so that `coachkit serve` and the hub show the same apps;
#   * on a learner's server (no COACHKIT_FACILITATOR=1) turns off JupyterLab, terminals and language servers:
#     learners get the kit's apps and nothing else. Facilitators keep JupyterLab.
import importlib.util
import json
import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

PROJECT_DIR = Path(os.environ.get("COACHKIT_HOME") or os.environ.get("COACHKIT_PROJECT_DIR")
                   or Path(__file__).resolve().parents[2])
os.environ["COACHKIT_HOME"] = str(PROJECT_DIR)  # the kernels find the kit's data/ through it
FACILITATOR = os.environ.get("COACHKIT_FACILITATOR", "") == "1"

extensions = {"coachkit.hub": True, "voila.server_extension": True}
if not FACILITATOR:
    extensions.update({"jupyterlab": False, "jupyter_lsp": False, "jupyter_server_terminals": False,
                       "notebook_shim": False})
c.ServerApp.jpserver_extensions = extensions
c.ServerApp.terminals_enabled = FACILITATOR
c.ServerApp.default_url = "/coachkit"
c.ServerApp.root_dir = str(PROJECT_DIR)  # the hub's Spawner.notebook_dir, when set, takes precedence

# Voilà and kernel settings shared with `coachkit serve` (voila.json). Preheating belongs to the standalone
# server (the server extension has no kernel pool) and the kernel cap to coachkit.server.
_package = Path(importlib.util.find_spec("coachkit").submodule_search_locations[0])
for _file in (_package / "defaults" / "voila.json", PROJECT_DIR / "voila.json"):
    _voila = json.loads(_file.read_text(encoding="utf-8")) if _file.is_file() else {}
    for _key, _value in _voila.get("VoilaConfiguration", {}).items():
        if _key not in ("preheat_kernel", "default_pool_size"):
            setattr(c.VoilaConfiguration, _key, _value)
    for _key, _value in _voila.get("MappingKernelManager", {}).items():
        setattr(c.MappingKernelManager, _key, _value)

# A server with no kernel and no request for this long (seconds) stops by itself; the hub starts it again on the
# next visit. 0 keeps it running (on Kubernetes, the chart's idle culler does this job).
c.ServerApp.shutdown_no_activity_timeout = int(os.environ.get("COACHKIT_SERVER_IDLE_SHUTDOWN", "3600"))
