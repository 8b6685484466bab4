"""The kernel on the Temurin 25 JDK (issue 3: JDK 17 and 25 both tested).

A second kernelspec, paramlab-jdk25, is installed into this environment with KERNEL-CORE's
install script (--java), then a smoke subset runs on it. Where JDK 25 cannot stop a tight loop
(Thread.stop is gone), the kernel must say so and suggest a restart.
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
from test_robustness import assert_heap_growth_like_plain_jshell


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


def interrupt_after(kernel: Kernel, code: str, wait: float = 1.5):
    execution = kernel.collect(kernel.send(code), only_for=wait)
    assert execution.reply is None, f"the cell ended before the interrupt: {execution.describe()}"
    interrupted_at = time.monotonic()
    kernel.km.interrupt_kernel()
    return execution, interrupted_at


def test_interrupt_sleep_on_java_25(kernel25: Kernel) -> None:
    kernel25.ok("int keep = 42;")
    execution, interrupted_at = interrupt_after(kernel25, "Thread.sleep(60_000);")
    kernel25.collect(execution, timeout=30)
    assert execution.reply_at - interrupted_at <= 2.0
    assert execution.status in ("error", "abort"), execution.describe()
    assert kernel25.value("keep") == "42"


def test_interrupt_tight_loop_on_java_25_stops_or_says_so(kernel25: Kernel) -> None:
    kernel25.ok("long spins = 0;")
    execution, interrupted_at = interrupt_after(kernel25, "while (true) { spins++; }")
    try:
        kernel25.collect(execution, timeout=5)
    except TimeoutError:
        pass
    if execution.reply is not None and execution.reply_at - interrupted_at <= 2.0:
        # Stopped: reported as interrupted, and the loop really is dead.
        assert execution.status in ("error", "abort"), execution.describe()
        first = int(kernel25.value("spins"))
        time.sleep(0.5)
        assert int(kernel25.value("spins")) == first, "the loop keeps running after the interrupt"
    else:
        said = execution.all_text()
        assert re.search(r"(?i)restart", said), (
            f"JDK 25 could not stop the loop and the kernel did not say so / suggest a restart: "
            f"{execution.describe()}"
        )
