# JupyterHub serving coachkit from this checkout: one single-user server per learner, showing the kit.
#
#   COACHKIT_HUB_PASSWORD=... COACHKIT_DATABASE_URL=postgresql+psycopg://... \
#   COACHKIT_CHP="$(bash scripts/ensure-chp.sh)" .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
#
# Every setting comes from an environment variable (docs/jupyterhub.md lists them all):
#
#   COACHKIT_HUB_IP / _PORT           where learners connect (127.0.0.1:8000)
#   COACHKIT_HUB_API_PORT             the hub's own API, for the proxy and the servers (8081, on 127.0.0.1)
#   COACHKIT_PROXY_API_PORT           the proxy's API (8001, on 127.0.0.1)
#   COACHKIT_CHP                      configurable-http-proxy (scripts/ensure-chp.sh prints it)
#   COACHKIT_HUB_DATA                 the hub's state: its database, cookie secret, users' homes (~/.coachkit/jupyterhub)
#   COACHKIT_HUB_AUTHENTICATOR        "shared-password" (default), "dummy", or any authenticator class
#   COACHKIT_HUB_PASSWORD             the shared password of the learners (shared-password / dummy)
#   COACHKIT_HUB_ADMIN_PASSWORD       the admins' password (shared-password; 32 characters or more)
#   COACHKIT_HUB_USERS                learners allowed to sign in, comma-separated (empty: anyone with the password)
#   COACHKIT_HUB_FACILITATORS         members of the facilitator group (they may also sign in)
#   COACHKIT_HUB_ADMINS               hub admins (they may also sign in)
#   COACHKIT_FACILITATOR_GROUP        the facilitator group's name (facilitators)
#   COACHKIT_HUB_SPAWNER              "simple" (default: SimpleLocalProcessSpawner), "local" (one system account per
#                                     user: LocalProcessSpawner) or a spawner class
#   COACHKIT_DATABASE_URL             the progress store every server writes to (PostgreSQL for a cohort); unset,
#                                     the servers share one SQLite file in COACHKIT_HUB_DATA (one machine only)
#   COACHKIT_HUB_EXTRA_CONFIG         a Python config file loaded last (a real authenticator's settings...)
import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

HERE = Path(__file__).resolve().parent
PROJECT_DIR = HERE.parents[1]
DATA = Path(os.environ.get("COACHKIT_HUB_DATA") or Path.home() / ".coachkit" / "jupyterhub").resolve()
DATA.mkdir(parents=True, exist_ok=True)


def _env_list(name):
    return [n.strip() for n in os.environ.get(name, "").split(",") if n.strip()]


# --------------------------------------------------------------------------- network: everything on 127.0.0.1
ip = os.environ.get("COACHKIT_HUB_IP", "127.0.0.1")
c.JupyterHub.bind_url = f"http://{ip}:{os.environ.get('COACHKIT_HUB_PORT', '8000')}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ.get('COACHKIT_HUB_API_PORT', '8081')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('COACHKIT_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [os.environ.get("COACHKIT_CHP") or shutil.which("configurable-http-proxy")
                                   or str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(DATA / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{DATA / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(DATA / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the learners' servers and the proxy
c.JupyterHub.cleanup_proxy = True

# --------------------------------------------------------------------------- who signs in
learners, facilitators, admins = (_env_list(n) for n in ("COACHKIT_HUB_USERS", "COACHKIT_HUB_FACILITATORS",
                                                          "COACHKIT_HUB_ADMINS"))
authenticator = os.environ.get("COACHKIT_HUB_AUTHENTICATOR", "shared-password")
password = os.environ.get("COACHKIT_HUB_PASSWORD", "")
if authenticator in ("shared-password", "dummy"):
    if not password:
        sys.exit(f"jupyterhub_config.py: the {authenticator} authenticator needs COACHKIT_HUB_PASSWORD "
                 "(the learners' shared password)")
    if authenticator == "dummy":  # JupyterHub's test authenticator (its password setting is deprecated since 5.3)
        c.JupyterHub.authenticator_class = "dummy"
        c.DummyAuthenticator.password = password
    else:  # JupyterHub's authenticator for a shared password (5.3+): admins need their own, longer one
        c.JupyterHub.authenticator_class = "shared-password"
        c.SharedPasswordAuthenticator.user_password = password
        if os.environ.get("COACHKIT_HUB_ADMIN_PASSWORD"):
            c.SharedPasswordAuthenticator.admin_password = os.environ["COACHKIT_HUB_ADMIN_PASSWORD"]
else:
    c.JupyterHub.authenticator_class = authenticator  # e.g. "github" (oauthenticator): configure it in EXTRA_CONFIG
if learners:
    c.Authenticator.allowed_users = set(learners) | set(facilitators) | set(admins)
else:
    c.Authenticator.allow_all = True  # anyone who passes the authenticator
c.Authenticator.admin_users = set(admins)

# --------------------------------------------------------------------------- facilitators
FACILITATOR_GROUP = os.environ.get("COACHKIT_FACILITATOR_GROUP", "facilitators")
if facilitators:
    c.JupyterHub.load_groups = {FACILITATOR_GROUP: {"users": facilitators}}


def coachkit_pre_spawn_hook(spawner):
    """Tell a server whether its user is a facilitator (member of the facilitator group), when it starts."""
    groups = {group.name for group in spawner.user.groups}
    spawner.environment["COACHKIT_FACILITATOR"] = "1" if FACILITATOR_GROUP in groups else "0"


c.Spawner.pre_spawn_hook = coachkit_pre_spawn_hook

# --------------------------------------------------------------------------- the learners' servers
spawner = os.environ.get("COACHKIT_HUB_SPAWNER", "simple")
c.JupyterHub.spawner_class = {"simple": "jupyterhub.spawner.SimpleLocalProcessSpawner",
                              "local": "jupyterhub.spawner.LocalProcessSpawner"}.get(spawner, spawner)
# SimpleLocalProcessSpawner: every server runs as the hub's own account, home in DATA/home/<user> (tests, demos)
c.SimpleLocalProcessSpawner.home_dir_template = str(DATA / "home" / "{username}")
if c.JupyterHub.spawner_class.endswith("SimpleLocalProcessSpawner") and os.geteuid() == 0:
    c.Spawner.args = ["--allow-root"]  # a container or CI running as root: the servers run as root too

singleuser = Path(sys.executable).with_name("jupyterhub-singleuser")
c.Spawner.cmd = [str(singleuser) if singleuser.exists() else "jupyterhub-singleuser"]
c.Spawner.notebook_dir = str(PROJECT_DIR)
c.Spawner.default_url = "/coachkit"
c.Spawner.disable_user_config = True  # ignore Jupyter config in the users' homes
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90

environment = {
    "JUPYTER_CONFIG_PATH": str(HERE),  # jupyter_server_config.py beside this file
    # the kit's kernelspec (kernels forked from a warm template, coachkit/kernels) and its Voilà template
    "JUPYTER_PATH": os.pathsep.join(str(PROJECT_DIR / "coachkit" / "share" / d) for d in ("jupyter-fork", "jupyter")),
    "COACHKIT_PROJECT_DIR": str(PROJECT_DIR),
    "COACHKIT_HOME": str(PROJECT_DIR),  # the kit folder, for the servers and their kernels
}
if os.environ.get("COACHKIT_DATABASE_URL"):
    environment["COACHKIT_DATABASE_URL"] = os.environ["COACHKIT_DATABASE_URL"]
else:
    environment["COACHKIT_STORE"] = str(DATA / "progress.sqlite")
for name in ("COACHKIT_SERVER_IDLE_SHUTDOWN", "COACHKIT_DATA"):
    if os.environ.get(name):
        environment[name] = os.environ[name]
c.Spawner.environment = environment

extra = os.environ.get("COACHKIT_HUB_EXTRA_CONFIG")
if extra:
    load_subconfig(extra)  # noqa: F821 - provided by traitlets
