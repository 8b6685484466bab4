"""JVM options of the kernel, and how it fits a shared server (issue 13): the defaults;
PARAMLAB_JAVA_OPTS read when a kernel starts, adding to the defaults; the class profile;
the student's home from $HOME; the kernel ending itself when its parent process dies."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import KERNEL_NAME, REPO, require_kernelspec

SERIAL_GC = "[Copy, MarkSweepCompact]"  # the names of the Serial collector's two generations
GC_NAMES = ("java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()"
            ".map(b -> b.getName()).toList().toString()")


def max_heap_mib(kernel) -> int:
    return int(kernel.value("Runtime.getRuntime().maxMemory() / (1024 * 1024)"))


def initial_heap_mib(kernel) -> int:
    return int(kernel.value(
        "java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit() / (1024 * 1024)"))


def memory_the_jvm_may_use_mib(kernel) -> int:
    """The machine's memory, or the container's limit: what the JVM's ergonomics size the heap from."""
    return int(kernel.value("((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory"
                            ".getOperatingSystemMXBean()).getTotalMemorySize() / (1024 * 1024)"))


TRAP_LIMIT = ("Integer.parseInt(java.lang.management.ManagementFactory.getPlatformMXBean("
              "com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption(\"PerMethodTrapLimit\").getValue())")


def test_default_options_give_assertions_half_the_memory_as_heap_and_the_serial_collector(kernel_factory, monkeypatch):
    monkeypatch.delenv("PARAMLAB_JAVA_OPTS", raising=False)
    monkeypatch.delenv("PARAMLAB_KERNEL_PROFILE", raising=False)
    k = kernel_factory()
    # -XX:MaxRAMPercentage=50 of the machine's (or container's) memory, at most ~30 GiB (compressed references);
    # the Serial collector's maxMemory() leaves out one survivor space (a tenth of the young generation)
    expected = min(memory_the_jvm_may_use_mib(k) / 2, 30 * 1024)
    assert 0.9 * expected < max_heap_mib(k) <= expected + 1
    assert k.value(GC_NAMES) == SERIAL_GC
    # -XX:PerMethodTrapLimit=1000: with HotSpot's 100, some starts compiled the products' micro-kernel with boxed
    # stores, 8x slower for the kernel's life (scripts/install-kernel.sh, lib/README.md "A compile that boxes")
    assert k.value(TRAP_LIMIT) == "1000"
    # -ea: a failing assert in a cell is an AssertionError
    failed = k.run("assert 1 > 2 : \"assertions are on\";")
    assert failed.status == "error" and "assertions are on" in failed.error_text()


def test_a_heap_size_in_paramlab_java_opts_keeps_the_other_defaults(kernel_factory, monkeypatch):
    monkeypatch.setenv("PARAMLAB_JAVA_OPTS", "-Xmx384m")
    k = kernel_factory()
    assert max_heap_mib(k) <= 384
    assert k.value(GC_NAMES) == SERIAL_GC, "setting the heap must not switch the collector to G1"
    assert k.run("assert false : \"still -ea\";").status == "error"
    # the kernel still works with its library preloaded
    assert k.value("new Dense(\"d\", 3, 2, 1L).parameters().size()") == "2"


def test_an_explicit_heap_size_wins_over_the_memory_limit(kernel_factory, monkeypatch):
    """A user's -Xmx8g is their choice, in a 1 GiB container too (-XX:MaxRAM stands in for its limit)."""
    monkeypatch.delenv("PARAMLAB_KERNEL_PROFILE", raising=False)
    monkeypatch.setenv("PARAMLAB_JAVA_OPTS", "-XX:MaxRAM=1g -Xmx8g")
    k = kernel_factory()
    assert 7 * 1024 < max_heap_mib(k) <= 8 * 1024


def test_a_collector_in_paramlab_java_opts_replaces_the_default_one(kernel_factory, monkeypatch):
    monkeypatch.setenv("PARAMLAB_JAVA_OPTS", "-XX:+UseParallelGC -Xmx256m")
    k = kernel_factory()
    assert k.value(GC_NAMES) == "[PS MarkSweep, PS Scavenge]"
    assert max_heap_mib(k) <= 256


def test_the_class_profile_gives_a_small_heap(kernel_factory, monkeypatch):
    monkeypatch.delenv("PARAMLAB_JAVA_OPTS", raising=False)
    monkeypatch.setenv("PARAMLAB_KERNEL_PROFILE", "class")
    k = kernel_factory()
    assert 400 < max_heap_mib(k) <= 512
    assert initial_heap_mib(k) == 32
    assert k.value(GC_NAMES) == SERIAL_GC


def test_user_home_is_home_whatever_the_password_database_says(kernel_factory, monkeypatch, tmp_path):
    home = tmp_path / "student"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    k = kernel_factory()
    assert k.value('System.getProperty("user.home")') == str(home)
    assert k.value('Path.of(System.getProperty("user.home"), "datasets").toString()') == str(home / "datasets")


PARENT = """
import json, sys
sys.path.insert(0, "scripts")
from paramlab_kernel_manager import NewPortsBlockingKernelManager  # a start that lost a port race starts again
km = NewPortsBlockingKernelManager(kernel_name=sys.argv[1])
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=120)  # serving: the kernel watches its parent before it serves
print(json.dumps({"kernel_pid": km.provisioner.pid}), flush=True)
import time
time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is as good as gone
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_the_kernel_ends_when_its_parent_process_dies(tmp_path):
    """A Jupyter server killed without cleaning up (SIGKILL) leaves no kernel JVM behind."""
    require_kernelspec(KERNEL_NAME)
    log = open(tmp_path / "parent.log", "w")  # the parent's and the kernel's stderr
    parent = subprocess.Popen([sys.executable, "-c", PARENT, KERNEL_NAME], stdout=subprocess.PIPE,
                              stderr=log, text=True, cwd=REPO, start_new_session=True)
    try:
        line = parent.stdout.readline()  # once the kernel answers
        assert line, f"the parent process could not start a kernel: {(tmp_path / 'parent.log').read_text()[-3000:]}"
        kernel_pid = json.loads(line)["kernel_pid"]
        assert alive(kernel_pid), "the kernel did not start"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 60  # Java polls a parent that is not its own child: seconds, not ms
        while alive(kernel_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        still = alive(kernel_pid)
        if still:
            os.kill(kernel_pid, signal.SIGKILL)
        assert not still, f"kernel {kernel_pid} still runs 60 s after its parent {parent.pid} died"
    finally:
        if parent.poll() is None:
            parent.kill()
        log.close()


def start_with_parent(tmp_path: Path, parent_pid: int, name: str) -> tuple[subprocess.Popen, Path, Path]:
    """The kernelspec's own command with JPY_PARENT_PID chosen (jupyter_client would set its own pid).
    Returns the process, its stderr log and its start timeline (StartTimeline: "main", ... "serving")."""
    from jupyter_client.connect import write_connection_file
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    connection, _ = write_connection_file(str(tmp_path / f"{name}.json"), ip="127.0.0.1", key=b"parent-test")
    log, timeline = tmp_path / f"{name}.log", tmp_path / f"{name}.timeline"
    env = dict(os.environ, JPY_PARENT_PID=str(parent_pid), PARAMLAB_TIMELINE=str(timeline))
    with open(log, "w") as err:
        kernel = subprocess.Popen([a.replace("{connection_file}", connection) for a in spec.argv], env=env,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, cwd=tmp_path,
                                  start_new_session=True)
    return kernel, log, timeline


def steps(timeline: Path) -> list[str]:
    return [line.split(" ", 2)[2] for line in timeline.read_text().splitlines()] if timeline.exists() else []


def test_the_kernel_ends_at_once_when_its_named_parent_is_gone_before_it_starts(tmp_path):
    """The server named in JPY_PARENT_PID died while the kernel's JVM was starting: the kernel ends
    before it binds a socket, instead of serving no one. Control: the same start with a living parent serves."""
    require_kernelspec(KERNEL_NAME)
    gone = subprocess.Popen(["true"])
    gone.wait()  # ended and reaped: its number names no process
    kernel, log, timeline = start_with_parent(tmp_path, gone.pid, "orphan")
    try:
        kernel.wait(timeout=120)  # a start takes seconds; only a kernel that serves no one reaches the limit
    except subprocess.TimeoutExpired:
        kernel.kill()
        raise AssertionError(f"the kernel still runs 120 s after starting with a parent that was gone: "
                             f"{log.read_text()[-2000:]}")
    assert f"its parent process {gone.pid} (JPY_PARENT_PID) was gone before the kernel started" in log.read_text()
    assert "sockets bound" not in steps(timeline), f"it bound its sockets first: {steps(timeline)}"

    for attempt in range(3):  # a port taken by another process in the meantime ends a start: new ports
        kernel, log, timeline = start_with_parent(tmp_path, os.getpid(), f"child-{attempt}")
        try:
            deadline = time.monotonic() + 120
            while "serving" not in steps(timeline) and kernel.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            if kernel.poll() is not None and "in use" in log.read_text() and attempt < 2:
                continue
            assert "serving" in steps(timeline), f"the kernel with a living parent did not serve: {log.read_text()[-2000:]}"
            assert kernel.poll() is None, f"the kernel with a living parent ended: {log.read_text()[-2000:]}"
            break
        finally:
            kernel.kill()
            kernel.wait()
