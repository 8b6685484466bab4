# JupyterHub for a ParamLab class on one server (deploy/README.md: "Teaching a class").
#
#   scripts/setup-hub.sh .venv                   # once: JupyterHub into .venv, the proxy from npm
#   PARAMLAB_HUB_STUDENTS=roster.txt .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
#
# Everything a teacher changes is an environment variable (defaults in brackets):
#   PARAMLAB_HUB_MODE       system   [default] students are system users (useradd), log in with their
#                                    own password (PAM); the hub runs as root and starts each
#                                    student's server as that student.
#                           workshop one shared class password (PARAMLAB_HUB_PASSWORD, >= 8 chars);
#                                    every server runs as the hub's user, homes under
#                                    PARAMLAB_HUB_HOMES. No isolation between students: a workshop,
#                                    a trial, the tests.
#   PARAMLAB_HUB_STUDENTS   the roster: a file with one user name a line, or names separated by
#                           commas. Only they may log in. [required in system mode; in workshop
#                           mode anyone with the class password]
#   PARAMLAB_HUB_TEACHERS   names of admins (see every student's server) [none]
#   PARAMLAB_HUB_BIND_URL   where students connect [http://:8000]
#   PARAMLAB_HUB_HEAP       each kernel's -Xmx [512m]
#   PARAMLAB_HUB_CULL_AFTER a server nobody used for this many seconds is stopped [3600]
#   PARAMLAB_HUB_KERNEL_CULL_AFTER  a kernel that ran no cell for this many seconds is shut down [1200]
#   PARAMLAB_HUB_PORT_BASE  student n's server listens on BASE+n, its kernels on a block of 25
#                           ports from BASE+1000+25n [20000]
#   PARAMLAB_HUB_API_TOKEN  a token for scripts acting as admin (the load test) [none]
#   PARAMLAB_HUB_VENV       the environment with the Jupyter stack and the kernel [<repo>/.venv]
#   PARAMLAB_WORKBOOK       the folder whose notebooks/ and datasets/ each home gets [<repo>]
#   PARAMLAB_NBGRADER_EXCHANGE, PARAMLAB_COURSE_ID   nbgrader's exchange folder and course
#                           [/srv/nbgrader/exchange, paramlab] (jupyter_config/nbgrader_config.py)
# The hub's database and cookie secret are written to the directory it starts in.
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
from paramlab_hub import ClassSpawner  # noqa: E402

c = get_config()  # noqa: F821  (provided by JupyterHub when it reads this file)
env = os.environ.get
mode = env("PARAMLAB_HUB_MODE", "system")
if mode not in ("system", "workshop"):
    raise ValueError(f"PARAMLAB_HUB_MODE={mode!r}: use 'system' or 'workshop'")
venv = Path(env("PARAMLAB_HUB_VENV", str(REPO / ".venv"))).resolve()
if not (venv / "bin" / "jupyterhub-singleuser").exists():
    raise FileNotFoundError(f"no jupyterhub-singleuser in {venv}/bin: run scripts/setup-hub.sh {venv}")


def names(value: str | None) -> set[str]:
    """A roster: a file with one name a line (# comments allowed), or comma-separated names."""
    if not value:
        return set()
    if os.path.isfile(value):
        lines = Path(value).read_text().splitlines()
        return {line.split("#")[0].strip() for line in lines} - {""}
    return {name.strip() for name in value.split(",")} - {""}


# --- who logs in ---------------------------------------------------------------------------------
if mode == "system":
    c.JupyterHub.authenticator_class = "pam"
else:
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = env("PARAMLAB_HUB_PASSWORD", "")
students, teachers = names(env("PARAMLAB_HUB_STUDENTS")), names(env("PARAMLAB_HUB_TEACHERS"))
if students:
    c.Authenticator.allowed_users = students | teachers
elif mode == "system":
    raise ValueError("PARAMLAB_HUB_STUDENTS is empty: in system mode give the roster, "
                     "or every account of this machine could log in")
else:
    c.Authenticator.allow_all = True
c.Authenticator.admin_users = teachers

# --- each student's server -----------------------------------------------------------------------
c.JupyterHub.spawner_class = ClassSpawner
c.ClassSpawner.system_users = mode == "system"
c.ClassSpawner.home_root = env("PARAMLAB_HUB_HOMES", "/srv/paramlab/homes")
c.ClassSpawner.workbook = env("PARAMLAB_WORKBOOK", str(REPO))
c.ClassSpawner.kernel_heap = env("PARAMLAB_HUB_HEAP", "512m")
port_base = int(env("PARAMLAB_HUB_PORT_BASE", "20000"))
c.ClassSpawner.server_port_base = port_base
c.ClassSpawner.kernel_port_base = port_base + 1000
c.Spawner.cmd = [str(venv / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/notebooks"
c.Spawner.environment = {
    "JUPYTER_PATH": str(venv / "share" / "jupyter"),  # the paramlab kernel installed there
    "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    # nbgrader's exchange (jupyter_config/nbgrader_config.py), for release / fetch / submit / collect
    "JUPYTER_CONFIG_PATH": str(HERE / "jupyter_config"),
    "PARAMLAB_COURSE_ID": env("PARAMLAB_COURSE_ID", "paramlab"),
    "PARAMLAB_NBGRADER_EXCHANGE": env("PARAMLAB_NBGRADER_EXCHANGE", "/srv/nbgrader/exchange"),
    **({"JAVA_HOME": env("JAVA_HOME")} if env("JAVA_HOME") else {}),
}
kernel_idle = int(env("PARAMLAB_HUB_KERNEL_CULL_AFTER", "1200"))
c.Spawner.args = [
    # each kernel takes its ports from the student's block and ends with its server
    "--MappingKernelManager.kernel_manager_class=paramlab_hub.BlockPortKernelManager",
    # a kernel nobody ran a cell in for 20 minutes is shut down (its JVM's memory returns)
    f"--MappingKernelManager.cull_idle_timeout={kernel_idle}",
    f"--MappingKernelManager.cull_interval={min(120, max(5, kernel_idle // 3))}",
    "--MappingKernelManager.cull_connected=True",
    *(["--allow-root"] if os.getuid() == 0 and mode == "workshop" else []),
]
# A class logs in at once: on 2 cores each server took 57-75 s to answer with 32 starting.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
# SIGTERM, then SIGKILL after this long: time for the server to shut its kernels down.
c.Spawner.term_timeout = 30
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server

# --- the hub and its proxy -----------------------------------------------------------------------
c.JupyterHub.bind_url = env("PARAMLAB_HUB_BIND_URL", "http://:8000")
c.JupyterHub.hub_port = port_base - 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port_base - 2}"
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.should_start = True

# --- idle servers are stopped (jupyterhub-idle-culler, a hub service) --------------------------
server_idle = int(env("PARAMLAB_HUB_CULL_AFTER", "3600"))
services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={server_idle}",
                f"--cull-every={min(300, max(5, server_idle // 3))}"],
}]
roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
if env("PARAMLAB_HUB_API_TOKEN"):
    services.append({"name": "class-admin", "api_token": env("PARAMLAB_HUB_API_TOKEN")})
    roles.append({"name": "admin", "services": ["class-admin"]})
c.JupyterHub.services = services
c.JupyterHub.load_roles = roles
