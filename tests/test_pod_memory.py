"""A kernel in a student's pod (issue 22): its heap follows the pod's memory limit, so a cell that
outgrows memory gets an OutOfMemoryError, which the kernel survives, instead of the container's OOM
killer ending the kernel (and maybe the student's server with it).

The installed kernel is started through its launcher (kernel.sh), as JupyterLab and the hub start it
(jupyter_client), with nothing but its default options, under the limit deploy/kubernetes/values.yaml
gives each student: in a real memory cgroup where the test machine lets the tests make one (cgroup v1
below the test's own, as on the project's machine), which the JVM reads as a container's limit and the
kernel enforces (past it, its OOM killer ends the kernel); else with `-XX:MaxRAM` standing in for it,
from which the JVM sizes its heap in the same way. The test prints which one it used.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml
from jupyter_client.manager import KernelManager

from conftest import KERNEL_NAME, REPO, Kernel, require_kernelspec

VALUES = REPO / "deploy" / "kubernetes" / "values.yaml"
# What else lives in the pod besides the kernel's heap, measured (deploy/README.md, "Beyond one server"):
SINGLE_USER_SERVER_MIB = 180  # jupyterhub-singleuser with JupyterLab: 161 measured by the hub load test (test_hub.py checks it)
KERNEL_BEYOND_HEAP_MIB = 160  # the kernel JVM's RSS outside its heap: code, classes, threads (93 measured below)
MIB = 1024 * 1024


def pod_limit_mib() -> int:
    """singleuser.memory.limit of the values file, in MiB (1G = 10^9 bytes, as Kubernetes reads it)."""
    text = str(yaml.safe_load(VALUES.read_text())["singleuser"]["memory"]["limit"])
    units = {"Ki": 1024, "Mi": MIB, "Gi": 1024 * MIB, "K": 1000, "M": 1000**2, "G": 1000**3}
    for unit in sorted(units, key=len, reverse=True):
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * units[unit] // MIB)
    return int(text) // MIB


def peak_rss_mib(pid: int) -> float:
    """The process's highest resident set so far (VmHWM): no sample can miss the peak."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmHWM in /proc/{pid}/status")


class MemoryCgroup:
    """A cgroup v1 memory group below this process's own, with a limit: a pod's container, for one kernel."""

    def __init__(self, limit_bytes: int):
        line = next(l for l in Path("/proc/self/cgroup").read_text().splitlines()
                    if "memory" in l.split(":")[1].split(","))
        self.path = Path("/sys/fs/cgroup/memory" + line.split(":", 2)[2]) / f"paramlab-pod-test-{os.getpid()}"
        self.path.mkdir()
        try:
            (self.path / "memory.limit_in_bytes").write_text(str(limit_bytes))
        except OSError:
            self.path.rmdir()
            raise

    @staticmethod
    def make(limit_bytes: int) -> "MemoryCgroup | None":
        try:
            return MemoryCgroup(limit_bytes)
        except (OSError, StopIteration, IndexError):
            return None  # no cgroup v1 memory controller here, or no right to make a group

    def enter(self) -> None:
        """Run in the kernel's process before exec: the launcher and the JVM start inside the group."""
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def peak_mib(self) -> float:
        return int((self.path / "memory.max_usage_in_bytes").read_text()) / MIB

    def remove(self) -> None:
        for _ in range(50):  # the kernel's process leaves the group when it is reaped
            try:
                self.path.rmdir()
                return
            except OSError:
                time.sleep(0.2)


@pytest.fixture
def pod_kernel(monkeypatch):
    """The installed kernel with its default options, in a pod of the values file's memory limit."""
    require_kernelspec(KERNEL_NAME)
    monkeypatch.delenv("PARAMLAB_KERNEL_PROFILE", raising=False)
    monkeypatch.delenv("PARAMLAB_JAVA_OPTS", raising=False)
    limit = pod_limit_mib()
    cgroup = MemoryCgroup.make(limit * MIB)
    extra = {}
    if cgroup is None:
        monkeypatch.setenv("PARAMLAB_JAVA_OPTS", f"-XX:MaxRAM={limit}m")
        print(f"\nthe pod's {limit} MiB limit: -XX:MaxRAM (no memory cgroup can be made here)")
    else:
        extra["preexec_fn"] = cgroup.enter
        print(f"\nthe pod's {limit} MiB limit: a real memory cgroup, {cgroup.path}")
    km = KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel(cwd=str(REPO / "notebooks"), **extra)
    kernel = None
    try:
        kernel = Kernel(km)
        kernel.cgroup = cgroup
        yield kernel
    finally:
        if kernel is not None:
            kernel.shutdown()
        elif km.has_kernel:
            km.shutdown_kernel(now=True)
        if cgroup is not None:
            cgroup.remove()


def max_heap_mib(kernel) -> float:
    """-XX:MaxHeapSize as the JVM chose it (Runtime.maxMemory() leaves out a survivor space)."""
    return int(kernel.value(
        "java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)"
        ".getVMOption(\"MaxHeapSize\").getValue()").strip('"')) / MIB


def test_the_heap_leaves_room_for_the_server_and_the_jvm_in_the_pod(pod_kernel):
    limit = pod_limit_mib()
    heap = max_heap_mib(pod_kernel)
    assert heap >= 256, f"a {limit} MiB pod gives the kernel only {heap:.0f} MiB of heap"
    assert heap + KERNEL_BEYOND_HEAP_MIB + SINGLE_USER_SERVER_MIB <= limit, (
        f"a {limit} MiB pod gets a {heap:.0f} MiB heap: no room left for the JVM beyond its heap "
        f"({KERNEL_BEYOND_HEAP_MIB} MiB) and the single-user server ({SINGLE_USER_SERVER_MIB} MiB)")


@pytest.mark.timeout(300)
def test_a_cell_that_fills_the_heap_gets_an_error_and_the_kernel_answers_the_next(pod_kernel):
    limit = pod_limit_mib()
    heap = max_heap_mib(pod_kernel)
    pod_kernel.ok("var model = new Sequential(new Dense(\"d\", 64, 10, 1L)); 1 + 1")  # the library is loaded
    # a model that outgrows memory: its arrays are the cell's own, so they are garbage once it fails
    filled = pod_kernel.run("{ var weights = new java.util.ArrayList<float[]>();"
                            " while (true) weights.add(new float[256 * 1024]); }", timeout=240)
    assert filled.status == "error" and "OutOfMemoryError" in filled.error_text(), filled.describe()
    assert pod_kernel.value("1 + 1", timeout=60) == "2", "the kernel did not answer after the OutOfMemoryError"
    assert pod_kernel.value("model.parameters().size()") == "2", "the kernel lost the cell's earlier variables"
    pid = pod_kernel.km.provisioner.pid  # the launcher execs java: this is the JVM
    peak = peak_rss_mib(pid)
    if pod_kernel.cgroup is not None:  # what the container's limit counts: also the page cache it caused
        peak = max(peak, pod_kernel.cgroup.peak_mib())
    print(f"pod limit {limit} MiB: heap {heap:.0f} MiB, kernel RSS peak {peak:.0f} MiB "
          f"({peak - heap:.0f} MiB beyond the heap)")
    assert peak - heap <= KERNEL_BEYOND_HEAP_MIB, (
        f"the kernel's RSS peaked at {peak:.0f} MiB, {peak - heap:.0f} MiB beyond its {heap:.0f} MiB heap "
        f"(allowed for: {KERNEL_BEYOND_HEAP_MIB} MiB)")
    assert peak + SINGLE_USER_SERVER_MIB <= limit, (
        f"the kernel's RSS peaked at {peak:.0f} MiB: with the server it would pass the pod's {limit} MiB limit")
