"""A class logging in at once: N students, each running a notebook cell by cell through JupyterHub.

Starts the hub of jupyterhub_config.py in workshop mode (every server as this machine's user,
homes in a temporary folder), then for every student at the same time: spawn the server through
the hub's REST API, get the student's own token, read the notebook from the student's home
through the proxy (the contents API), open a session with the paramlab kernel, and send each
code cell over the kernel websocket, as JupyterLab does. Meanwhile it samples the memory and CPU
time of every process the hub started. Then it stops the hub with SIGTERM, as systemd would, and
looks for kernel JVMs left behind.

Used by tests/test_hub.py (4 students, asserted) and scripts/bench-hub.sh (16-32, reported):

    .venv/bin/python deploy/jupyterhub/loadtest.py --students 16 [--notebook notebooks/02-...]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_NOTEBOOK = "notebooks/02-weights-and-biases.ipynb"
KERNEL_MAIN = "org.paramlab.kernel.ParamLabKernel"
MIB = 1024 * 1024


@dataclass
class Student:
    name: str
    cells: int = 0
    cells_ok: int = 0
    failures: list[str] = field(default_factory=list)
    stderr: str = ""
    spawn_s: float | None = None  # spawn request -> server ready
    run_s: float | None = None  # first cell sent -> last cell idle
    done_at: float | None = None  # seconds after the class started
    kernel_peak_rss_mib: float | None = None
    server_peak_rss_mib: float | None = None  # the single-user server's (without its kernels)
    cpu_s: float | None = None  # CPU seconds of the student's server and kernel
    kernel_cpu_s: float | None = None  # of which the kernel JVM's

    @property
    def ok(self) -> bool:
        return not self.failures and self.cells > 0 and self.cells_ok == self.cells and not self.stderr


def free_port_base(span: int = 1000 + 25 * 120) -> int:
    """A port base whose whole plan (hub, proxy, servers, kernel blocks) is free right now."""
    for base in range(22000, 32768 - span, 997):
        ports = [base - 3, base - 2, base - 1, *range(base, base + 120), *range(base + 1000, base + span, 25)]
        if all(_free(p) for p in ports):
            return base
    raise RuntimeError("no free port range below 32768 for the hub's port plan")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


class Sampler(threading.Thread):
    """Samples RSS and CPU time of every process under the hub, once a second.

    A process is told apart by where it sits in the hub's tree, never by its command line alone:
    between fork and exec a process still shows its parent's command line and folder, so a kernel
    caught while its server starts it looks like a second server of that student (the hub test's
    "two server processes" failure, on a loaded machine). A student's server is a child of the hub
    itself; a kernel is a process running the kernel's main class, whose parent is a student's
    server (kernel.sh execs java). A process that is neither yet is looked at again next time.
    """

    def __init__(self, root_pid: int, homes: Path, interval: float = 1.0):
        super().__init__(daemon=True)
        self.root = psutil.Process(root_pid)
        self.homes = str(homes)
        self.interval = interval
        self.stop_event = threading.Event()
        self.kernel_peak: dict[int, float] = {}  # pid -> peak RSS (MiB)
        self.server_peak: dict[int, float] = {}  # pid -> peak RSS (MiB)
        self.owner: dict[int, str] = {}  # pid -> student name (kernels and servers)
        self.cpu: dict[int, float] = {}  # pid -> last CPU seconds seen
        self.tree_peak_mib = 0.0
        self.ports: dict[str, list[int]] = {}  # "kernel:<name>" / "server:<name>" -> ports it uses
        self.pids: dict[str, list[int]] = {}  # the same keys -> process ids

    def _student_of(self, proc: psutil.Process) -> str | None:
        try:
            cmdline = proc.cmdline()
            parent = proc.ppid()
            if any(KERNEL_MAIN in part for part in cmdline):
                server = self.owner.get(parent, "")
                if server.startswith("server:"):
                    return "kernel:" + server.split(":", 1)[1]
            elif parent == self.root.pid and any(part.endswith("jupyterhub-singleuser") for part in cmdline):
                cwd = proc.cwd()
                if cwd.startswith(self.homes + "/"):
                    return "server:" + cwd[len(self.homes) + 1:].split("/")[0]
        except psutil.Error:
            pass
        return None

    @staticmethod
    def _connection_ports(proc: psutil.Process) -> list[int]:
        """The five ports in the kernel's connection file (its last argument)."""
        try:
            info = json.loads(Path(proc.cmdline()[-1]).read_text())
            return sorted(info[k] for k in ("shell_port", "iopub_port", "stdin_port", "hb_port", "control_port"))
        except (psutil.Error, OSError, ValueError, KeyError):
            return []

    def run(self) -> None:
        while not self.stop_event.is_set():
            total = 0.0
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            for proc in procs:
                try:
                    rss = proc.memory_info().rss / MIB
                    times = proc.cpu_times()
                except psutil.Error:
                    continue
                total += rss
                if proc.pid not in self.owner:
                    who = self._student_of(proc)
                    if who is None:
                        continue
                    self.owner[proc.pid] = who
                    self.pids.setdefault(who, []).append(proc.pid)
                who = self.owner[proc.pid]
                if who.startswith("server:") and who not in self.ports:
                    try:  # the port it listens on, once it does
                        listening = [c.laddr.port for c in proc.net_connections("tcp") if c.status == "LISTEN"]
                    except psutil.Error:
                        listening = []
                    if listening:
                        self.ports[who] = listening
                elif who.startswith("kernel:") and who not in self.ports:
                    self.ports[who] = self._connection_ports(proc)
                self.cpu[proc.pid] = times.user + times.system + times.children_user + times.children_system
                peaks = self.kernel_peak if who.startswith("kernel:") else self.server_peak
                peaks[proc.pid] = max(peaks.get(proc.pid, 0.0), rss)
            self.tree_peak_mib = max(self.tree_peak_mib, total)
            self.stop_event.wait(self.interval)

    def per_student(self, name: str) -> tuple[float | None, float | None, float, float]:
        """Peak RSS (MiB) of the kernel and of the server, CPU seconds of server and kernel, of the kernel."""
        peaks = [rss for pid, rss in self.kernel_peak.items() if self.owner[pid] == f"kernel:{name}"]
        server = [rss for pid, rss in self.server_peak.items() if self.owner[pid] == f"server:{name}"]
        cpu = sum(s for pid, s in self.cpu.items() if self.owner[pid].endswith(f":{name}"))
        kernel_cpu = sum(s for pid, s in self.cpu.items() if self.owner[pid] == f"kernel:{name}")
        return (max(peaks) if peaks else None), (max(server) if server else None), cpu, kernel_cpu


class Hub:
    """jupyterhub_config.py in workshop mode, in a temporary folder, as a subprocess."""

    def __init__(self, workdir: Path, venv: Path, roster: list[str], heap: str = "512m",
                 extra_env: dict[str, str] | None = None):
        self.workdir = workdir
        self.extra_env = extra_env or {}
        self.roster = roster
        self.venv = venv
        self.homes = workdir / "homes"
        self.state = workdir / "state"
        self.port_base = free_port_base()
        self.public_port = self.port_base - 3
        self.url = f"http://127.0.0.1:{self.public_port}"
        self.token = secrets.token_hex(16)
        self.password = secrets.token_hex(8)
        self.heap = heap
        self.log_path = workdir / "jupyterhub.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 180) -> None:
        self.homes.mkdir(parents=True, exist_ok=True)
        self.state.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PARAMLAB"))}
        env.update({
            "PARAMLAB_HUB_MODE": "workshop",
            "PARAMLAB_HUB_PASSWORD": self.password,
            "PARAMLAB_HUB_STUDENTS": ",".join(self.roster),
            "PARAMLAB_HUB_HOMES": str(self.homes),
            "PARAMLAB_HUB_BIND_URL": f"http://127.0.0.1:{self.public_port}",
            "PARAMLAB_HUB_PORT_BASE": str(self.port_base),
            "PARAMLAB_HUB_API_TOKEN": self.token,
            "PARAMLAB_HUB_HEAP": self.heap,
            "PARAMLAB_HUB_VENV": str(self.venv),
            **self.extra_env,
        })
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [str(self.venv / "bin" / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")],
            cwd=self.state, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            self._wait_until_up(timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_until_up(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.public_port), timeout=1):
                    pass
                import urllib.request
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise TimeoutError(f"the hub did not answer on {self.url} within {timeout} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 180) -> int:
        """SIGTERM, as systemd stops a service: the hub stops every server, then exits."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise TimeoutError(f"the hub did not stop within {timeout} s:\n{self.log_tail()}")
        self.log.close()
        return self.proc.returncode

    def create_users(self) -> None:
        import requests
        answer = requests.post(f"{self.url}/hub/api/users", json={"usernames": self.roster}, timeout=120,
                               headers={"Authorization": f"token {self.token}"})
        # 409: the hub already made every user of the roster (allowed_users) when it started
        assert answer.status_code in (201, 409), f"creating the class failed: {answer.status_code} {answer.text}"

    def api(self, method: str, path: str, token: str | None = None, **kwargs):
        """One synchronous REST call through the proxy (the hub's API or a student's server)."""
        import requests
        answer = requests.request(method, f"{self.url}{path}", timeout=300,
                                  headers={"Authorization": f"token {token or self.token}"}, **kwargs)
        answer.raise_for_status()
        return answer.json() if answer.content else None

    def login(self, name: str, password: str) -> tuple[int, str]:
        """Logs in through the hub's login form, as a student's browser does: (status, Location)."""
        import requests
        with requests.Session() as browser:
            page = browser.get(f"{self.url}/hub/login", timeout=60)
            xsrf = browser.cookies.get("_xsrf", "")
            answer = browser.post(f"{self.url}/hub/login", timeout=120, allow_redirects=False,
                                  data={"username": name, "password": password, "_xsrf": xsrf},
                                  headers={"Referer": page.url})
            return answer.status_code, answer.headers.get("Location", "")

    def log_tail(self, lines: int = 60) -> str:
        if not self.log.closed:
            self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def leftover_kernels(self) -> list[str]:
        """Kernel JVMs still running with a home under this hub's homes (anywhere on the machine)."""
        left = []
        for proc in psutil.process_iter(["pid", "cmdline"]):
            cmdline = proc.info["cmdline"] or []
            if any(KERNEL_MAIN in p for p in cmdline) and any(str(self.homes) in p for p in cmdline):
                left.append(f"pid {proc.info['pid']}: {' '.join(cmdline)[:200]}")
        return left


class Api:
    def __init__(self, hub: Hub):
        self.hub = hub
        self.http = AsyncHTTPClient()

    async def call(self, method: str, path: str, token: str | None = None, body=None,
                   timeout: float = 300) -> dict | list | None:
        request = HTTPRequest(
            f"{self.hub.url}{path}", method=method,
            headers={"Authorization": f"token {token or self.hub.token}", "Content-Type": "application/json"},
            body=None if body is None and method in ("GET", "DELETE") else json.dumps(body or {}),
            request_timeout=timeout, connect_timeout=60)
        response = await self.http.fetch(request)
        return json.loads(response.body) if response.body else None


def message(msg_type: str, content: dict, session: str, channel: str = "shell") -> dict:
    return {
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session,
                   "username": "", "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": [],
    }


async def run_student(api: Api, student: Student, notebook: str, t0: float,
                      cell_timeout: float, keep_kernel: bool) -> None:
    name = student.name
    try:
        started = time.monotonic()
        await api.call("POST", f"/hub/api/users/{name}/server")
        while True:
            user = await api.call("GET", f"/hub/api/users/{name}")
            server = user.get("servers", {}).get("")
            if server and server.get("ready"):
                break
            if not user.get("pending") and not server:
                raise RuntimeError(f"{name}'s server stopped while starting")
            if time.monotonic() - started > 600:
                raise TimeoutError(f"{name}'s server not ready after 600 s")
            await asyncio.sleep(1)
        student.spawn_s = time.monotonic() - started
        token = (await api.call("POST", f"/hub/api/users/{name}/tokens",
                                body={"note": "class load test", "expires_in": 3600}))["token"]
        base = f"/user/{name}/api"
        nb = await api.call("GET", f"{base}/contents/{notebook}?content=1&type=notebook", token)
        cells = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                 for c in nb["content"]["cells"] if c["cell_type"] == "code"]
        student.cells = len(cells)
        session = await api.call("POST", f"{base}/sessions", token, body={
            "path": notebook, "name": Path(notebook).name, "type": "notebook",
            "kernel": {"name": "paramlab"}})
        kernel_id = session["kernel"]["id"]
        session_id = uuid.uuid4().hex
        ws_url = (f"ws://127.0.0.1:{api.hub.public_port}{base}/kernels/{kernel_id}/channels"
                  f"?session_id={session_id}")
        ws = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"},
                                                 request_timeout=300, connect_timeout=120),
                                     max_message_size=64 * MIB)
        run_started = time.monotonic()
        try:
            for index, code in enumerate(cells):
                request = message("execute_request", {
                    "code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}, session_id)
                msg_id = request["header"]["msg_id"]
                await ws.write_message(json.dumps(request))
                reply = idle = None
                deadline = time.monotonic() + cell_timeout
                while reply is None or idle is None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError(f"cell {index + 1} gave no reply within {cell_timeout} s")
                    raw = await asyncio.wait_for(ws.read_message(), left)
                    if raw is None:
                        raise ConnectionError(f"the kernel websocket closed during cell {index + 1}")
                    if isinstance(raw, bytes):
                        continue  # binary-framed messages carry buffers; cells here send none
                    msg = json.loads(raw)
                    if msg.get("parent_header", {}).get("msg_id") != msg_id:
                        continue
                    kind = msg["msg_type"]
                    if kind == "execute_reply":
                        reply = msg
                    elif kind == "status" and msg["content"]["execution_state"] == "idle":
                        idle = msg
                    elif kind == "stream" and msg["content"]["name"] == "stderr":
                        student.stderr += msg["content"]["text"]
                    elif kind == "error":
                        student.failures.append(
                            f"cell {index + 1}: {msg['content']['ename']}: {msg['content']['evalue']}"[:500])
                if reply["content"]["status"] == "ok":
                    student.cells_ok += 1
                elif not student.failures or not student.failures[-1].startswith(f"cell {index + 1}:"):
                    student.failures.append(f"cell {index + 1}: status {reply['content']['status']}")
        finally:
            ws.close()
        student.run_s = time.monotonic() - run_started
        if not keep_kernel:
            await api.call("DELETE", f"{base}/sessions/{session['id']}", token)
    except (HTTPClientError, OSError, RuntimeError, asyncio.TimeoutError, TimeoutError, KeyError) as e:
        detail = getattr(getattr(e, "response", None), "body", b"") or b""
        student.failures.append(f"{type(e).__name__}: {e} {detail[:300]!r}"[:600])
    finally:
        student.done_at = time.monotonic() - t0


async def run_class(hub: Hub, notebook: str, cell_timeout: float, keep_kernels: bool) -> list[Student]:
    AsyncHTTPClient.configure(None, max_clients=4 * len(hub.roster) + 10)
    api = Api(hub)
    students = [Student(name) for name in hub.roster]
    t0 = time.monotonic()
    await asyncio.gather(*(run_student(api, s, notebook, t0, cell_timeout, keep_kernels) for s in students))
    return students


def kill_server_of(sampler: Sampler, name: str, log_path: Path, wait_s: float = 60) -> dict:
    """SIGKILLs a student's single-user server (a crash): does its kernel JVM end by itself?

    The kernel says why it ends ("paramlab kernel: its parent process <pid> ended") on its stderr,
    which is the server's and so the hub's log: `kernel_said` holds those lines.
    """
    servers, kernels = sampler.pids.get(f"server:{name}", []), sampler.pids.get(f"kernel:{name}", [])
    if len(servers) != 1 or not kernels:
        return {"student": name, "error": f"not one server ({servers}) and a kernel ({kernels}) seen"}
    os.kill(servers[0], signal.SIGKILL)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and any(_running(p) for p in kernels):
        time.sleep(0.2)
    said = [line.strip() for line in log_path.read_text(errors="replace").splitlines()
            if "paramlab kernel: its parent process" in line]
    return {"student": name, "server_pid": servers[0], "kernel_pids": kernels,
            "kernels_alive_after": [p for p in kernels if _running(p)], "kernel_said": said,
            "waited_s": round(wait_s - max(0.0, deadline - time.monotonic()), 1)}


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def run(count: int, venv: Path, notebook: str = DEFAULT_NOTEBOOK, heap: str = "512m",
        cell_timeout: float = 300, keep_kernels: bool = True, workdir: Path | None = None,
        crash_one_server: bool = False) -> dict:
    """Runs a class of `count` students; returns a report (see summary()).

    keep_kernels: leave every kernel running at the end, so that stopping the hub must end them.
    crash_one_server: then SIGKILL the first student's server and see whether its kernel ends.
    """
    own_tmp = None
    if workdir is None:
        own_tmp = tempfile.TemporaryDirectory(prefix="paramlab-hub-")
        workdir = Path(own_tmp.name)
    hub = Hub(workdir, venv, [f"student{i:02d}" for i in range(1, count + 1)], heap=heap)
    baseline_available = psutil.virtual_memory().available / MIB
    hub.start()
    sampler = Sampler(hub.proc.pid, hub.homes)
    available_low = [baseline_available]

    def watch_memory() -> None:
        while not sampler.stop_event.is_set():
            available_low[0] = min(available_low[0], psutil.virtual_memory().available / MIB)
            sampler.stop_event.wait(1.0)

    watcher = threading.Thread(target=watch_memory, daemon=True)
    students: list[Student] = []
    crash = None
    started = time.monotonic()
    try:
        hub_alone_mib = sum(p.memory_info().rss for p in [psutil.Process(hub.proc.pid),
                                                         *psutil.Process(hub.proc.pid).children(recursive=True)]) / MIB
        sampler.start()
        watcher.start()
        hub.create_users()
        login = {"right_password": hub.login("student01", hub.password),
                 "wrong_password": hub.login("student01", hub.password + "x"),
                 "not_on_roster": hub.login("intruder", hub.password)}
        started = time.monotonic()
        students = asyncio.run(run_class(hub, notebook, cell_timeout, keep_kernels))
        makespan = time.monotonic() - started
        time.sleep(1.5)  # one more sample with every kernel still running
        if crash_one_server:
            crash = kill_server_of(sampler, "student01", hub.log_path)
    finally:
        stop_started = time.monotonic()
        exit_code = hub.stop()  # also when something above failed: never leave a hub running
        stop_s = time.monotonic() - stop_started
        sampler.stop_event.set()
        if sampler.is_alive():
            sampler.join()
        if watcher.is_alive():
            watcher.join()
    time.sleep(1.0)  # SIGTERMed JVMs need a moment to be reaped
    leftovers = hub.leftover_kernels()
    for s in students:
        s.kernel_peak_rss_mib, s.server_peak_rss_mib, s.cpu_s, s.kernel_cpu_s = sampler.per_student(s.name)
    report = {
        "students": count, "notebook": notebook, "heap": heap,
        "machine": {"cores": psutil.cpu_count(), "memory_gib": round(psutil.virtual_memory().total / 1024**3, 1),
                    "load_average_1m_at_end": round(os.getloadavg()[0], 1)},
        "all_ok": sum(s.ok for s in students),
        "makespan_s": round(makespan, 1),
        "hub_stop_s": round(stop_s, 1), "hub_exit_code": exit_code,
        "leftover_kernel_jvms": leftovers,
        "crashed_server": crash,
        "login": login,
        "port_base": hub.port_base, "ports": sampler.ports,
        "hub_tree_peak_rss_mib": round(sampler.tree_peak_mib),
        "hub_alone_rss_mib": round(hub_alone_mib),
        "machine_memory_drop_mib": round(baseline_available - available_low[0]),
        "per_student": [asdict(s) | {"ok": s.ok} for s in students],
        "log_tail": hub.log_tail(40),
    }
    if own_tmp is not None:
        own_tmp.cleanup()
    return report


def print_failures(report: dict) -> None:
    for s in report["per_student"]:
        if not s["ok"]:
            print(f"  FAILED {s['name']}: {s['failures'][:3]} stderr={s['stderr'][:300]!r}")


def summary(report: dict) -> dict:
    students = report["per_student"]
    done = [s["done_at"] for s in students if s["done_at"] is not None]
    spawn = [s["spawn_s"] for s in students if s["spawn_s"] is not None]
    rss = [s["kernel_peak_rss_mib"] for s in students if s["kernel_peak_rss_mib"]]
    cpu = [s["cpu_s"] for s in students if s["cpu_s"]]
    kernel_cpu = [s["kernel_cpu_s"] for s in students if s["kernel_cpu_s"]]
    runs = [s["run_s"] for s in students if s["run_s"] is not None]
    n = report["students"]
    return {
        "students": n, "all cells ok": f"{report['all_ok']}/{n}",
        "spawn median s": round(statistics.median(spawn), 1) if spawn else None,
        "notebook run median s": round(statistics.median(runs), 1) if runs else None,
        "finish median s": round(statistics.median(done), 1) if done else None,
        "makespan s": report["makespan_s"],
        "makespan per student s": round(report["makespan_s"] / n, 1),
        "kernel peak RSS median MiB": round(statistics.median(rss)) if rss else None,
        # servers and kernels: the hub's process tree at its peak, less the hub and proxy alone
        "memory per student MiB": round((report["hub_tree_peak_rss_mib"] - report["hub_alone_rss_mib"]) / n),
        "CPU s per student (median)": round(statistics.median(cpu), 1) if cpu else None,
        "  of which the kernel JVM": round(statistics.median(kernel_cpu), 1) if kernel_cpu else None,
        "kernel JVMs left after stop": len(report["leftover_kernel_jvms"]),
    }


def capacity(memory_per_student_mib: float, cpu_s_per_student: float, cores: int, memory_gib: float,
             lesson_s: float = 600, reserve_gib: float = 2, cpu_share: float = 0.8) -> dict:
    """How many students a server takes, from the measured figures.

    Memory: (G - reserve) / memory per student, every student with a kernel open at once.
    CPU: everyone runs the notebook within one lesson_s window (the worst case: at once), and
    the server's cores are busy at most cpu_share of that window.
    """
    by_memory = int((memory_gib - reserve_gib) * 1024 // memory_per_student_mib)
    by_cpu = int(cores * lesson_s * cpu_share // cpu_s_per_student)
    return {"cores": cores, "memory_gib": memory_gib, "by_memory": by_memory, "by_cpu": by_cpu,
            "students": min(by_memory, by_cpu), "limit": "CPU" if by_cpu < by_memory else "memory"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=16)
    parser.add_argument("--notebook", default=DEFAULT_NOTEBOOK)
    parser.add_argument("--heap", default="512m")
    parser.add_argument("--venv", default=str(REPO / ".venv"))
    parser.add_argument("--out", default=str(REPO / "target" / "bench" / "hub.json"))
    args = parser.parse_args()
    report = run(args.students, Path(args.venv).resolve(), args.notebook, args.heap)
    table = summary(report)
    width = max(map(len, table))
    print(f"A class of {args.students} on JupyterHub, each running {args.notebook} at once "
          f"({report['machine']['cores']} cores, {report['machine']['memory_gib']} GiB, "
          f"load average {report['machine']['load_average_1m_at_end']} at the end):")
    for key, value in table.items():
        print(f"  {key:<{width}}  {value}")
    memory = table["memory per student MiB"]
    cpu = table["CPU s per student (median)"]
    report["capacity"] = []
    if memory and cpu:
        print("How many students a server takes, as measured here (everyone runs the notebook within "
              "10 minutes, 80% CPU, 2 GiB kept for the system):")
        for cores, gib in [(2, 24), (4, 16), (8, 32), (16, 64), (32, 128)]:
            c = capacity(memory, cpu, cores, gib)
            report["capacity"].append(c)
            print(f"  {cores:>2} cores, {gib:>3} GiB: {c['students']:>4} students "
                  f"(memory allows {c['by_memory']}, CPU {c['by_cpu']}; limit: {c['limit']})")
    failed = [s for s in report["per_student"] if not s["ok"]]
    for s in failed:
        print(f"  FAILED {s['name']}: {s['failures'][:3]} stderr={s['stderr'][:200]!r}")
    if report["leftover_kernel_jvms"]:
        print(f"  kernel JVMs left after the hub stopped: {report['leftover_kernel_jvms']}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    report["summary"] = table
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Results: {out}")
    return 0 if not failed and not report["leftover_kernel_jvms"] else 1


if __name__ == "__main__":
    sys.exit(main())
