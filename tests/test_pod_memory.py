"""A kernel in a student's pod (issue 22): its heap follows the pod's memory limit, so a cell that
outgrows memory gets an OutOfMemoryError, which the kernel survives, instead of the container's OOM
killer ending the kernel (and maybe the student's server with it).

The installed kernel is started through its launcher (kernel.sh), as JupyterLab and the hub start it
(jupyter_client), with nothing but its default options. `-XX:MaxRAM` stands in for the pod's limit:
the JVM sizes its heap from it exactly as from a container's cgroup limit (no cgroup can be made
on every test machine). The limit is the one deploy/kubernetes/values.yaml gives each student.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import REPO

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


@pytest.fixture
def pod_kernel(kernel_factory, monkeypatch):
    """The installed kernel with its default options, in a pod of the values file's memory limit."""
    monkeypatch.delenv("PARAMLAB_KERNEL_PROFILE", raising=False)
    monkeypatch.setenv("PARAMLAB_JAVA_OPTS", f"-XX:MaxRAM={pod_limit_mib()}m")
    return kernel_factory()


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
    print(f"pod limit {limit} MiB: heap {heap:.0f} MiB, kernel RSS peak {peak:.0f} MiB "
          f"({peak - heap:.0f} MiB beyond the heap)")
    assert peak - heap <= KERNEL_BEYOND_HEAP_MIB, (
        f"the kernel's RSS peaked at {peak:.0f} MiB, {peak - heap:.0f} MiB beyond its {heap:.0f} MiB heap "
        f"(allowed for: {KERNEL_BEYOND_HEAP_MIB} MiB)")
    assert peak + SINGLE_USER_SERVER_MIB <= limit, (
        f"the kernel's RSS peaked at {peak:.0f} MiB: with the server it would pass the pod's {limit} MiB limit")
