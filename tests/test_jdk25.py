"""The kernel on the Temurin 25 JDK (issue 3: JDK 17 and 25 both tested).

A second kernelspec, paramlab-jdk25, is installed into this environment with KERNEL-CORE's
install script (--java), then a smoke subset runs on it. JDK 25 has no Thread.stop: a loop in cell
code still stops (JShell's stop check), and code the kernel cannot stop (a long computation inside
the JDK) is reported, with a restart suggested.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from conftest import JDK25_HOME, JDK25_KERNEL_NAME, REPO, Kernel, start_kernel
from test_protocol import assert_resolves_what_jshell_resolves
from test_robustness import (
    INTERRUPT_CELLS, STOP_LIMIT, assert_heap_growth_like_plain_jshell, run_and_interrupt, start_and_wait_until_under_way,
)


@pytest.fixture(scope="module")
def jdk25_kernelspec() -> str:
    java = JDK25_HOME / "bin" / "java"
    assert java.exists(), f"Temurin 25 not found at {JDK25_HOME} (this machine kind ships it)"
    # Same build as the 'paramlab' kernel (make kernel); PARAMLAB_KERNEL_BUILD may name another.
    build = ["--build", os.environ["PARAMLAB_KERNEL_BUILD"]] if os.environ.get("PARAMLAB_KERNEL_BUILD") else []
    done = subprocess.run(
        ["bash", str(REPO / "scripts" / "install-kernel.sh"), sys.prefix,
         "--name", JDK25_KERNEL_NAME, "--java", str(java), *build],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, (
        f"install-kernel.sh --java {java} failed (run `make kernel` first?):\n{done.stdout}\n{done.stderr}"
    )
    return JDK25_KERNEL_NAME


@pytest.fixture
def kernel25(jdk25_kernelspec: str):
    k = start_kernel(jdk25_kernelspec)
    yield k
    k.shutdown()


def test_runs_on_java_25(kernel25: Kernel) -> None:
    assert kernel25.value("Runtime.version().feature()") == "25"
    execution = kernel25.ok('System.out.println("hello from 25");')
    assert "hello from 25" in execution.stream()


def test_library_and_plots_on_java_25(kernel25: Kernel) -> None:
    kernel25.ok('Dense layer = new Dense("hidden", 3, 2, 42L);')
    assert kernel25.value("layer.weights().count() + layer.bias().count()") == "8"
    execution = kernel25.ok(
        'display(LinePlot.create("line", Table.create("xy", DoubleColumn.create("x", new double[] {1, 2}),'
        ' DoubleColumn.create("y", new double[] {2, 1})), "x", "y"));'
    )
    data = [m["content"]["data"] for m in execution.of_type("display_data")]
    assert data and isinstance(data[0].get("application/vnd.plotly.v1+json"), dict), execution.describe()


def test_a_cell_resolves_every_class_plain_jshell_25_resolves(kernel25: Kernel) -> None:
    """jshell 25 starts with `import module java.base`: every class it resolves resolves in a cell,
    to the same class (the kernel's package imports must not shadow one of java.base's)."""
    report = assert_resolves_what_jshell_resolves(kernel25)
    assert "java.base" in report, report


def test_error_keeps_state_on_java_25(kernel25: Kernel) -> None:
    kernel25.ok("int keep = 42;")
    execution = kernel25.run('throw new IllegalStateException("boom on 25");')
    assert execution.status == "error" and "boom on 25" in execution.error_text(), execution.describe()
    assert kernel25.value("keep") == "42"


@pytest.mark.timeout(900)
def test_2000_executions_on_java_25_grow_the_heap_no_more_than_jshell_itself(kernel25: Kernel) -> None:
    report = assert_heap_growth_like_plain_jshell(kernel25)
    assert report.startswith("Java 25 "), report


def test_interrupt_sleep_on_java_25(kernel25: Kernel) -> None:
    kernel25.ok("int keep = 42;")
    execution, seconds = run_and_interrupt(kernel25, INTERRUPT_CELLS["Thread.sleep"])
    print(f"stopped {seconds:.2f} s after the interrupt")
    assert execution.status == "error" and [e["ename"] for e in execution.errors] == ["Interrupted"], execution.describe()
    assert kernel25.value("keep") == "42"


def test_interrupt_stops_a_tight_loop_on_java_25(kernel25: Kernel) -> None:
    """Thread.stop is gone in JDK 20+, but JShell 22+ compiles a stop check into every loop of cell
    code: the loop stops, is reported as interrupted, and really is dead."""
    execution, seconds = run_and_interrupt(kernel25, INTERRUPT_CELLS["tight loop"])
    print(f"stopped {seconds:.2f} s after the interrupt")
    assert execution.status == "error" and [e["ename"] for e in execution.errors] == ["Interrupted"], execution.describe()
    first = kernel25.value("spins")
    kernel25.ok("Thread.sleep(200);")
    assert kernel25.value("spins") == first, "the loop keeps running after the interrupt"


def test_code_java_25_cannot_stop_is_reported_with_a_restart_hint(kernel25: Kernel) -> None:
    """A long computation inside the JDK (BigInteger.pow) checks no interrupt flag and holds no cell
    loop, and JDK 25 has no Thread.stop: the kernel cannot stop it, and must say so on the cell's
    stderr and suggest a restart; the restart gives a working kernel."""
    execution = start_and_wait_until_under_way(kernel25, INTERRUPT_CELLS["JDK code"])
    kernel25.km.interrupt_kernel()
    deadline = time.monotonic() + STOP_LIMIT
    while "could not stop this cell" not in execution.stream("stderr"):
        assert execution.reply is None, f"the computation ended: it should take minutes: {execution.describe()}"
        assert time.monotonic() < deadline, f"no word from the kernel {STOP_LIMIT} s after the interrupt: {execution.describe()}"
        kernel25.collect(execution, only_for=0.1)
    said = execution.stream("stderr")
    assert "Java 25 cannot force a running thread to stop" in said and "Kernel > Restart Kernel" in said, said
    kernel25.km.restart_kernel(now=True)
    kernel25.kc.wait_for_ready(timeout=60)
    assert kernel25.value("1 + 1") == "2"
