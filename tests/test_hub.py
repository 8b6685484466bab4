"""A class on JupyterHub (issue 13): deploy/jupyterhub/ as a teacher would run it, under load.

The load test starts the hub of deploy/jupyterhub/jupyterhub_config.py (workshop mode, homes in a
temporary folder) and lets 4 students at once run notebook 02 cell by cell through the hub's
proxy and the kernel websocket (deploy/jupyterhub/loadtest.py does the driving). Every cell must
succeed without stderr, ports must follow the per-student plan, a crashed server must not leave
its kernel JVM behind, and after the hub stops no kernel JVM of the class may be left.
PARAMLAB_HUB_TEST_STUDENTS sets the class size (default 4).

JupyterHub and the proxy are not part of `make lab`: scripts/setup-hub.sh installs them (make
test runs it through `make hub`); if they are missing here, the test runs it itself.
The Zero to JupyterHub values file is rendered by helm with the chart it is written for (4.4.0, kept
in tests/fixtures/z2jh-4.4.0: CI runs on a clean clone that has no other copy), which validates it
against the chart's schema; scripts/setup-helm.sh builds helm into .tools/bin if it is missing.
"""
from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from jupyter_client.manager import KernelManager

from conftest import KERNEL_NAME, REPO, Kernel, require_kernelspec
from test_pod_memory import SINGLE_USER_SERVER_MIB

HUB_DIR = REPO / "deploy" / "jupyterhub"
VALUES = REPO / "deploy" / "kubernetes" / "values.yaml"
CHART = REPO / "tests" / "fixtures" / "z2jh-4.4.0" / "jupyterhub"
STUDENTS = int(os.environ.get("PARAMLAB_HUB_TEST_STUDENTS", "4"))
VENV = Path(sys.prefix)

sys.path.insert(0, str(HUB_DIR))
import paramlab_hub  # noqa: E402


def hub_installed() -> bool:
    return (VENV / "bin" / "jupyterhub").exists() and \
        (HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy").exists()


@pytest.fixture(scope="module")
def hub_ready() -> None:
    """JupyterHub in this venv and the proxy in deploy/jupyterhub/node_modules: installed if missing."""
    if not hub_installed():
        done = subprocess.run(["bash", str(REPO / "scripts" / "setup-hub.sh"), str(VENV)],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (
            f"scripts/setup-hub.sh failed ({done.returncode}); JupyterHub needs pip access to PyPI "
            f"and Node.js >= 20 with npm:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    assert hub_installed(), "scripts/setup-hub.sh ran but jupyterhub or configurable-http-proxy is missing"


@pytest.fixture(scope="module")
def class_report(hub_ready) -> dict:
    import loadtest
    return loadtest.run(STUDENTS, VENV, keep_kernels=True, crash_one_server=True)


def explain(report: dict) -> str:
    lines = [f"{s['name']}: {s['cells_ok']}/{s['cells']} ok, failures={s['failures'][:3]}, "
             f"stderr={s['stderr'][:300]!r}" for s in report["per_student"]]
    return "\n".join(lines) + "\n--- hub log (end) ---\n" + report["log_tail"]


@pytest.mark.timeout(900)
def test_every_student_runs_every_cell_through_the_hub(class_report):
    students = class_report["per_student"]
    assert len(students) == STUDENTS
    for s in students:
        assert s["cells"] > 20, f"{s['name']} read only {s['cells']} code cells from the notebook in their home"
        assert s["ok"], explain(class_report)
    assert class_report["all_ok"] == STUDENTS, explain(class_report)


@pytest.mark.timeout(900)  # the first test of the class to run builds the report
def test_students_log_in_with_the_class_password_and_no_one_else(class_report):
    login = class_report["login"]
    status, location = login["right_password"]
    assert status == 302 and "/hub/login" not in location, f"the class password was refused: {login}"
    assert login["wrong_password"][0] == 403, f"a wrong password was not refused: {login}"
    assert login["not_on_roster"][0] == 403, f"a name not on the roster was let in: {login}"


@pytest.mark.timeout(900)  # the first test of the class to run builds the report
def test_servers_and_kernels_use_only_their_students_ports(class_report):
    base = class_report["port_base"]
    ports = class_report["ports"]
    server_ports = {who.split(":")[1]: p for who, p in ports.items() if who.startswith("server:")}
    kernel_ports = {who.split(":")[1]: p for who, p in ports.items() if who.startswith("kernel:")}
    assert len(server_ports) == STUDENTS and len(kernel_ports) == STUDENTS, f"{ports}\n{explain(class_report)}"
    for name, listening in server_ports.items():
        assert len(listening) == 1, f"{name}'s server listens on {listening}"
        user_id = listening[0] - base
        assert 1 <= user_id <= STUDENTS, f"{name}'s server port {listening[0]} is outside base {base} + 1..{STUDENTS}"
        block_start = base + 1000 + user_id * paramlab_hub.KERNEL_BLOCK
        block = range(block_start, block_start + paramlab_hub.KERNEL_BLOCK)
        assert len(kernel_ports[name]) == 5 and all(p in block for p in kernel_ports[name]), (
            f"{name} (id {user_id}) has kernel ports {kernel_ports[name]}, not in its block "
            f"{block.start}-{block.stop - 1}")
    assert len({p[0] for p in server_ports.values()}) == STUDENTS, f"two servers share a port: {server_ports}"


@pytest.mark.timeout(900)  # the first test of the class to run builds the report
def test_a_crashed_server_takes_its_kernel_with_it(class_report):
    crash = class_report["crashed_server"]
    assert "error" not in crash, f"{crash}\n{explain(class_report)}"
    assert crash["kernels_alive_after"] == [], (
        f"student01's server was SIGKILLed but its kernel JVM(s) {crash['kernels_alive_after']} kept running "
        f"(the kernel watches its parent process, ParentWatch): {crash}")
    # the kernel itself noticed (nothing else ends it now): it says so in the server's log, naming the server
    assert any(f"its parent process {crash['server_pid']} ended" in line for line in crash["kernel_said"]), (
        f"the kernel ended without saying it saw its server {crash['server_pid']} end: {crash}\n{explain(class_report)}")


@pytest.mark.timeout(900)  # the first test of the class to run builds the report
def test_stopping_the_hub_ends_every_kernel_jvm(class_report):
    assert class_report["hub_exit_code"] == 0, class_report["log_tail"]
    assert class_report["leftover_kernel_jvms"] == [], (
        "kernel JVMs still running after the hub stopped:\n" + "\n".join(class_report["leftover_kernel_jvms"]))


@pytest.mark.timeout(900)  # the first test of the class to run builds the report
def test_each_kernel_stays_small(class_report):
    """The class profile (-Xms32m -Xmx512m): notebook 02 peaked at 234 MiB in the issue's trial."""
    peaks = [s["kernel_peak_rss_mib"] for s in class_report["per_student"]]
    assert all(p is not None for p in peaks), f"a kernel JVM was never sampled: {peaks}\n{explain(class_report)}"
    assert max(peaks) < 400, f"a kernel's peak RSS was {max(peaks):.0f} MiB with the class options: {peaks}"


@pytest.mark.timeout(900)  # the first test of the class to run builds the report
def test_each_single_user_server_fits_the_room_a_pod_leaves_it(class_report):
    """test_pod_memory.py leaves SINGLE_USER_SERVER_MIB of a pod beside the kernel: measured here."""
    peaks = [s["server_peak_rss_mib"] for s in class_report["per_student"]]
    assert all(p is not None for p in peaks), f"a server was never sampled: {peaks}\n{explain(class_report)}"
    assert max(peaks) <= SINGLE_USER_SERVER_MIB, (
        f"a single-user server's RSS peaked at {max(peaks):.0f} MiB, more than the {SINGLE_USER_SERVER_MIB} MiB "
        f"a pod leaves it (test_pod_memory.py): {peaks}")


def test_the_sampler_tells_a_server_from_a_kernel_it_is_starting(tmp_path):
    """The hub test once saw two server processes for one student and never its kernel: the
    sampler had taken a kernel, caught between fork and exec (still showing its server's command
    line and folder), for a second server. Here a stand-in server starts a stand-in kernel that
    stays in that state for 3 s (a loaded machine's slow start) while the sampler looks 10 times a second."""
    import loadtest
    homes = tmp_path / "homes"
    home = homes / "student01"
    home.mkdir(parents=True)
    server = tmp_path / "bin" / "jupyterhub-singleuser"  # a command line ending as a real server's does
    server.parent.mkdir()
    server.write_text(f"""import subprocess, sys, time
kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "{loadtest.KERNEL_MAIN}"],
                          preexec_fn=lambda: time.sleep(3), cwd="notebooks")
print(kernel.pid, flush=True)
time.sleep(60)
""")
    (home / "notebooks").mkdir()
    hub = subprocess.Popen([sys.executable, "-c", f"""import subprocess, sys, time
server = subprocess.Popen([sys.executable, {str(server)!r}], cwd={str(home)!r})
time.sleep(60)
"""])
    sampler = loadtest.Sampler(hub.pid, homes, interval=0.1)
    sampler.start()
    try:
        deadline = time.monotonic() + 60
        while "kernel:student01" not in sampler.pids and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        sampler.stop_event.set()
        sampler.join()
        for child in loadtest.psutil.Process(hub.pid).children(recursive=True):
            child.kill()
        hub.kill()
        hub.wait()
    servers, kernels = sampler.pids.get("server:student01", []), sampler.pids.get("kernel:student01", [])
    assert len(servers) == 1, f"one server started, but the sampler saw {len(servers)}: {sampler.pids}"
    assert len(kernels) == 1, f"the sampler never matched the student's kernel: {sampler.pids}"
    assert kernels[0] not in servers


# --- the parts, one by one --------------------------------------------------------------------------

def test_port_plan_never_gives_two_students_the_same_port():
    used: set[int] = set()
    for user_id in range(1, paramlab_hub.MAX_STUDENTS + 1):
        server, block = paramlab_hub.port_plan(user_id)
        ports = {server, *block}
        assert not ports & used, f"student {user_id} shares ports {sorted(ports & used)[:5]}"
        assert max(ports) < 32768, "the plan must stay below Linux's ephemeral ports"
        used |= ports
    with pytest.raises(ValueError, match="outside"):
        paramlab_hub.port_plan(paramlab_hub.MAX_STUDENTS + 1)


def test_a_port_a_kernel_could_bind_counts_as_free_and_a_listening_one_does_not():
    import socket
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as a kernel's ZeroMQ listens
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    assert not paramlab_hub.port_is_free("127.0.0.1", port), "a port something listens on was called free"
    client = socket.create_connection(("127.0.0.1", port))
    served, _ = listener.accept()
    listener.close()
    served.close()  # this side closes first: its port waits out TIME_WAIT, as an ended kernel's ports do
    client.recv(1)
    client.close()
    # ZeroMQ binds with SO_REUSEADDR, so a new kernel can listen here at once: the block must not skip it
    assert paramlab_hub.port_is_free("127.0.0.1", port), "a port in TIME_WAIT was called busy"


def test_home_is_filled_once_and_edits_survive(tmp_path):
    home = tmp_path / "student"
    assert paramlab_hub.fill_home(home, REPO)
    notebook = home / "notebooks" / "02-weights-and-biases.ipynb"
    assert notebook.is_file() and (home / "datasets" / "seattle-weather.csv").is_file()
    notebook.write_text("edited by the student")
    (home / "notebooks" / "01-what-are-parameters.ipynb").unlink()
    assert not paramlab_hub.fill_home(home, REPO)
    assert notebook.read_text() == "edited by the student"
    assert not (home / "notebooks" / "01-what-are-parameters.ipynb").exists()


def test_a_students_kernel_gets_their_home_their_data_and_the_class_heap(monkeypatch, tmp_path):
    """The environment ClassSpawner gives a server, nothing more: the kernel itself takes $HOME as
    its home (no -Duser.home from the hub), reads a file beside the notebook and the workbook's data
    from ~/datasets (no PARAMLAB_DATASETS from the hub), and keeps its other options with the heap."""
    require_kernelspec(KERNEL_NAME)
    home = tmp_path / "alice"
    paramlab_hub.fill_home(home, REPO)
    assignment = home / "course" / "ps1"  # a notebook outside notebooks/: only ~/datasets has the workbook's data
    assignment.mkdir(parents=True)
    (assignment / "my-measurements.csv").write_text("day,temp\n1,12.5\n")
    for name in ("PARAMLAB_JAVA_OPTS", "PARAMLAB_KERNEL_PROFILE", "PARAMLAB_DATASETS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in paramlab_hub.kernel_env("384m").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", str(home))
    km = KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel(cwd=str(assignment))
    k = Kernel(km)
    try:
        assert k.value('System.getProperty("user.home")').strip('"') == str(home)
        assert 300 < int(k.value("Runtime.getRuntime().maxMemory() / (1024 * 1024)")) <= 384
        gcs = k.value("java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()"
                      ".stream().map(b -> b.getName()).toList()")
        assert "Copy" in gcs and "G1" not in gcs, f"expected the Serial collector, got {gcs}"
        assert k.value('Datasets.find("my-measurements.csv").toString()').strip('"') == \
            str(assignment / "my-measurements.csv")
        assert k.value('Datasets.find(Datasets.DIGITS_FILE).toString()').strip('"') == \
            str(home / "datasets" / "digits.csv")
        assert k.value("Datasets.digits().rowCount()") == "1797"
    finally:
        k.shutdown()


def test_config_reads_and_sets_what_a_class_needs(hub_ready, tmp_path):
    """Loads jupyterhub_config.py as JupyterHub does and reads back the settings the trial needed."""
    from traitlets.config import Config
    env = {"PARAMLAB_HUB_MODE": "workshop", "PARAMLAB_HUB_PASSWORD": "class-password",
           "PARAMLAB_HUB_STUDENTS": "ann, bo", "PARAMLAB_HUB_TEACHERS": "tess", "PARAMLAB_HUB_VENV": str(VENV)}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        c = Config()
        namespace = {"get_config": lambda: c, "__file__": str(HUB_DIR / "jupyterhub_config.py")}
        exec(compile((HUB_DIR / "jupyterhub_config.py").read_text(), "jupyterhub_config.py", "exec"), namespace)
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    assert c.Authenticator.allowed_users == {"ann", "bo", "tess"} and c.Authenticator.admin_users == {"tess"}
    assert c.Spawner.http_timeout >= 120 and c.Spawner.start_timeout >= 120, "a class logs in at once"
    assert c.Spawner.term_timeout >= 15
    assert any("BlockPortKernelManager" in a for a in c.Spawner.args)
    assert any(a.startswith("--MappingKernelManager.cull_idle_timeout=") for a in c.Spawner.args)
    assert any("jupyterhub_idle_culler" in " ".join(s.get("command", [])) for s in c.JupyterHub.services)
    assert Path(c.ConfigurableHTTPProxy.command[0]).exists()
    # nbgrader's exchange: the students' servers read this config
    nbgrader = Config()
    config_dir = Path(c.Spawner.environment["JUPYTER_CONFIG_PATH"])
    exec((config_dir / "nbgrader_config.py").read_text(), {"get_config": lambda: nbgrader})
    assert nbgrader.Exchange.root == c.Spawner.environment["PARAMLAB_NBGRADER_EXCHANGE"]


# --- beyond one machine: the Zero to JupyterHub values file, rendered by the chart ---------------------

def quantity_mib(text: str) -> float:
    """A Kubernetes memory quantity (512M, 1G, 1Gi, 900Mi) in MiB."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)", str(text))
    assert match, f"not a memory quantity: {text!r}"
    factor = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "K": 1e3 / 1024**2, "M": 1e6 / 1024**2,
              "G": 1e9 / 1024**2}[match.group(2)]
    return float(match.group(1)) * factor


@pytest.fixture(scope="module")
def helm() -> str:
    """.tools/bin/helm, built by scripts/setup-helm.sh if missing (or waited for, if make test started it)."""
    done = subprocess.run(["bash", str(REPO / "scripts" / "setup-helm.sh")], capture_output=True, text=True,
                          timeout=1800)
    assert done.returncode == 0, f"scripts/setup-helm.sh failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout.strip().splitlines()[-1]


def helm_template(helm: str, values: Path) -> subprocess.CompletedProcess:
    return subprocess.run([helm, "template", "class", str(CHART), "--kube-version", "1.33.0", "-f", str(values)],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def rendered(helm) -> list[dict]:
    done = helm_template(helm, VALUES)
    assert done.returncode == 0, f"helm refused deploy/kubernetes/values.yaml:\n{done.stderr[-3000:]}"
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


def hub_secret_values(rendered: list[dict]) -> dict:
    """The values as the hub reads them: the chart renders them into the hub's secret (values.yaml)."""
    secret = next(d for d in rendered if d["kind"] == "Secret" and d["metadata"]["name"] == "hub")
    return yaml.safe_load(base64.b64decode(secret["data"]["values.yaml"]))


def kube_spawner_config(values: dict) -> dict:
    """What KubeSpawner builds each student's pod from: the chart's hub configuration
    (files/hub/jupyterhub_config.py) applied to the hub's values, for the settings this file sets.
    Its table of (KubeSpawner trait, singleuser key) pairs is read from the chart itself."""
    import ast
    source = (CHART / "files" / "hub" / "jupyterhub_config.py").read_text()
    table = next(node.iter for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.For) and isinstance(node.iter, ast.Tuple)
                 and "c.KubeSpawner" in ast.unparse(node) and "'singleuser.' + cfg_key" in ast.unparse(node))
    config = {}
    for trait, key in ast.literal_eval(table):
        key = key or trait.split("_")[0] + "".join(word.title() for word in trait.split("_")[1:])
        node = values["singleuser"]
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            config[trait] = node
    assert 'image = f"{image}:{tag}"' in source and 'c.Spawner.cmd = specified_cmd' in source, \
        "the chart's hub configuration no longer sets the image and command as this test reads them"
    image = values["singleuser"]["image"]
    config["image"] = f"{image['name']}:{image['tag']}"
    config["cmd"] = values["singleuser"]["cmd"]
    config["default_url"] = values["singleuser"]["defaultUrl"]
    return config


@pytest.mark.timeout(1800)  # the first test to need helm may build it (about five minutes)
def test_helm_renders_the_values_with_the_chart_they_are_written_for(rendered):
    made = {(d["kind"], d["metadata"]["name"]) for d in rendered}
    for part in [("Deployment", "hub"), ("Deployment", "proxy"), ("Secret", "hub"),
                 ("Deployment", "user-scheduler")]:  # scheduling.userScheduler.enabled
        assert part in made, f"the chart rendered no {part}: {sorted(made)}"
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text())
    assert chart["version"] == "4.4.0" and chart["appVersion"].split(".")[0] == "5"


@pytest.mark.timeout(1800)
def test_helm_refuses_a_key_the_charts_schema_does_not_know(helm, tmp_path):
    """The chart's values.schema.json forbids unknown keys: a typo fails here, not in the cluster."""
    values = yaml.safe_load(VALUES.read_text())
    values["singleuser"]["memory"]["limt"] = "2G"
    typo = tmp_path / "values.yaml"
    typo.write_text(yaml.safe_dump(values))
    done = helm_template(helm, typo)
    assert done.returncode != 0 and "limt" in done.stderr, (done.returncode, done.stderr[-2000:])


@pytest.mark.timeout(1800)
def test_a_students_pod_gets_the_memory_image_and_environment_the_values_say(rendered):
    from test_pod_memory import pod_limit_mib
    pod = kube_spawner_config(hub_secret_values(rendered))
    limit, guarantee = quantity_mib(pod["mem_limit"]), quantity_mib(pod["mem_guarantee"])
    # the limit test_pod_memory.py fills a kernel's heap under is the limit the pod gets
    assert int(limit) == pod_limit_mib()
    # measured here: a student's server and kernel peaked near 370 MiB running notebook 02
    assert 370 <= guarantee <= limit, f"memory guarantee {guarantee:.0f} MiB, limit {limit:.0f} MiB"
    assert 0 < pod["cpu_guarantee"] <= pod["cpu_limit"]
    name, tag = pod["image"].rsplit(":", 1)
    assert name.endswith("/paramlab-class") and tag and tag != "latest", pod["image"]
    assert pod["cmd"][0] == "jupyterhub-singleuser"
    assert any(a.startswith("--MappingKernelManager.cull_idle_timeout=") for a in pod["cmd"]), pod["cmd"]
    assert pod["default_url"] == "/lab/tree/notebooks"
    # The kernel's environment: nothing may fix its heap, which follows the pod's limit by default
    # (a class profile or an -Xmx would ignore a raised limit, or pass a lowered one).
    env = pod.get("environment") or {}
    assert "PARAMLAB_KERNEL_PROFILE" not in env, env
    assert not any(re.search(r"-Xmx|MaxRAM|-XX:MaxHeapSize", str(value)) for value in env.values()), env
    hook = " ".join(pod["lifecycle_hooks"]["postStart"]["exec"]["command"])
    assert "/srv/paramlab/notebooks" in hook and ".paramlab-workbook" in hook, hook
    cull = hub_secret_values(rendered)["cull"]
    assert cull["enabled"] is True and cull["timeout"] > 0


def test_the_images_jupyterhub_singleuser_is_the_hubs_major_version():
    """The values start jupyterhub-singleuser from the Binder image: it must speak to the chart's hub
    (JupyterHub 5), so binder/requirements.txt pins it with the same version as the class hub."""
    def pins(path: Path) -> dict[str, str]:
        found = {}
        for line in path.read_text().splitlines():
            match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s#]+)", line)
            if match:
                found[match.group(1).lower().replace("_", "-")] = match.group(2)
        return found
    image = pins(REPO / "binder" / "requirements.txt")
    hub = pins(HUB_DIR / "requirements.txt")
    chart_hub = yaml.safe_load((CHART / "Chart.yaml").read_text())["appVersion"]
    assert "jupyterhub" in image, "binder/requirements.txt pins no jupyterhub: the image's jupyterhub-singleuser is unknown"
    assert image["jupyterhub"].split(".")[0] == chart_hub.split(".")[0], (
        f"the image's JupyterHub {image['jupyterhub']} and the chart's hub {chart_hub} differ in major version")
    assert image["jupyterhub"] == hub["jupyterhub"], (
        f"binder pins jupyterhub {image['jupyterhub']}, the class hub (deploy/jupyterhub) {hub['jupyterhub']}")


# --- idle culling, with short timeouts ---------------------------------------------------------------

def wait_for(condition, timeout: float, what: str, step: float = 1.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"{what} within {timeout} s")


@pytest.mark.timeout(600)
def test_an_idle_kernel_and_then_an_idle_server_are_culled(hub_ready, tmp_path):
    """The culling of the class config, with its timeouts shortened: kernel after 15 s, server after 45 s."""
    import loadtest
    hub = loadtest.Hub(tmp_path, VENV, ["student01"], extra_env={
        "PARAMLAB_HUB_KERNEL_CULL_AFTER": "15", "PARAMLAB_HUB_CULL_AFTER": "45"})
    hub.start()
    try:
        hub.api("POST", "/hub/api/users/student01/server")
        wait_for(lambda: (hub.api("GET", "/hub/api/users/student01")["servers"].get("") or {}).get("ready"),
                 300, "student01's server was not ready")
        token = hub.api("POST", "/hub/api/users/student01/tokens", json={"expires_in": 600})["token"]
        api = "/user/student01/api"
        hub.api("POST", f"{api}/sessions", token, json={
            "path": "notebooks/02-weights-and-biases.ipynb", "type": "notebook", "kernel": {"name": "paramlab"}})
        assert len(hub.api("GET", f"{api}/kernels", token)) == 1
        wait_for(lambda: hub.leftover_kernels(), 120, "the kernel JVM did not start")
        # no cell runs: the server's culler shuts the kernel down, and its JVM ends
        wait_for(lambda: hub.api("GET", f"{api}/kernels", token) == [], 120, "the idle kernel was not culled")
        wait_for(lambda: not hub.leftover_kernels(), 30, "the culled kernel's JVM kept running")
        # then nobody uses the server: jupyterhub-idle-culler stops it
        wait_for(lambda: not hub.api("GET", "/hub/api/users/student01")["servers"], 180,
                 "the idle server was not stopped")
    finally:
        hub.stop()
    log = hub.log_path.read_text()
    assert "Culling server student01" in log and "DELETE /hub/api/users/student01/server (idle-culler" in log, \
        "the server was stopped, but not by jupyterhub-idle-culler:\n" + hub.log_tail()
