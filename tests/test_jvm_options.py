"""JVM options of the kernel: the defaults, and PARAMLAB_JAVA_OPTS read when a kernel starts."""
from __future__ import annotations


def max_heap_mib(kernel) -> int:
    return int(kernel.value("Runtime.getRuntime().maxMemory() / (1024 * 1024)"))


def test_default_options_give_assertions_and_a_2g_heap(kernel_factory, monkeypatch):
    monkeypatch.delenv("PARAMLAB_JAVA_OPTS", raising=False)
    k = kernel_factory()
    assert 1500 < max_heap_mib(k) <= 2048
    # -ea: a failing assert in a cell is an AssertionError
    failed = k.run("assert 1 > 2 : \"assertions are on\";")
    assert failed.status == "error" and "assertions are on" in failed.error_text()


def test_paramlab_java_opts_replaces_the_defaults_for_a_new_kernel(kernel_factory, monkeypatch):
    monkeypatch.setenv("PARAMLAB_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC")
    k = kernel_factory()
    assert max_heap_mib(k) <= 384
    # the kernel still works with its library preloaded
    assert k.value("new Dense(\"d\", 3, 2, 1L).parameters().size()") == "2"
