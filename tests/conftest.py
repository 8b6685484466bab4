"""Shared pytest fixtures: start the ParamLab kernel through a real Jupyter client.

The kernel is found through the Jupyter paths of the virtual environment pytest runs in
(`make kernel` installs it into .venv/share/jupyter/kernels). Its name comes from the
environment variable PARAMLAB_KERNEL (default "paramlab"), so the same tests can run against
another kernelspec, e.g. the one on Temurin 25.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from typing import Any, Callable

import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

REPO = Path(__file__).resolve().parent.parent
VENV_SHARE = Path(sys.prefix) / "share" / "jupyter"

# The venv's kernels come first, before any stale copy in ~/.local/share/jupyter.
if str(VENV_SHARE) not in os.environ.get("JUPYTER_PATH", "").split(os.pathsep):
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(VENV_SHARE), os.environ.get("JUPYTER_PATH", "")) if p
    )

# scripts/ holds modules the tests share with the course (paramlab_kernel_manager.py)
sys.path.insert(0, str(REPO / "scripts"))
from paramlab_kernel_manager import NewPortsBlockingKernelManager  # noqa: E402

KERNEL_NAME = os.environ.get("PARAMLAB_KERNEL", "paramlab")
JDK25_HOME = Path("/usr/lib/jvm/temurin-25-jdk-amd64")
JDK25_KERNEL_NAME = "paramlab-jdk25"
STARTUP_TIMEOUT = 60


def require_kernelspec(name: str) -> None:
    """Fails (never skips) when the kernelspec is missing, saying how to install it."""
    try:
        KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        pytest.fail(
            f"Jupyter kernel '{name}' is not installed in {sys.prefix} "
            f"(searched {KernelSpecManager().kernel_dirs}). Run `make kernel` first.",
            pytrace=False,
        )


@dataclass
class Execution:
    """Everything one execute_request produced, with arrival times (time.monotonic())."""

    code: str
    sent_at: float
    reply: dict[str, Any] | None = None
    reply_at: float | None = None
    idle_at: float | None = None
    messages: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    input_requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> str | None:
        return self.reply["content"]["status"] if self.reply else None

    def of_type(self, *msg_types: str) -> list[dict[str, Any]]:
        return [m for _, m in self.messages if m["msg_type"] in msg_types]

    def stream(self, name: str = "stdout") -> str:
        return "".join(
            m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == name
        )

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [m["content"] for m in self.of_type("error")]

    def error_text(self) -> str:
        """ename, evalue and traceback of every error message, plus the reply's, as one text."""
        parts = []
        for e in self.errors + ([self.reply["content"]] if self.status == "error" else []):
            parts += [e.get("ename", ""), e.get("evalue", "")] + list(e.get("traceback", []))
        return "\n".join(parts)

    def result_text(self) -> str | None:
        results = self.of_type("execute_result")
        return results[-1]["content"]["data"].get("text/plain") if results else None

    def all_text(self) -> str:
        """Every piece of text the user would see: streams, results, displays, errors."""
        parts = []
        for m in self.of_type("stream"):
            parts.append(m["content"]["text"])
        for m in self.of_type("execute_result", "display_data", "update_display_data"):
            parts.append(str(m["content"]["data"].get("text/plain", "")))
        parts.append(self.error_text())
        return "\n".join(parts)

    def describe(self) -> str:
        return (
            f"code={self.code!r} status={self.status} stdout={self.stream()[:500]!r} "
            f"stderr={self.stream('stderr')[:500]!r} result={self.result_text()!r} "
            f"error={self.error_text()[:1500]!r}"
        )


class Kernel:
    """A running kernel and a blocking client, with helpers the tests read easily."""

    def __init__(self, km: KernelManager):
        self.km = km
        self.kc = km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)

    def send(self, code: str, allow_stdin: bool = False) -> Execution:
        sent_at = time.monotonic()
        msg_id = self.kc.execute(code, allow_stdin=allow_stdin)
        execution = Execution(code=code, sent_at=sent_at)
        execution.msg_id = msg_id  # type: ignore[attr-defined]
        return execution

    def collect(
        self,
        execution: Execution,
        timeout: float = 30,
        answer_input: Callable[[str], str] | None = None,
        on_message: Callable[[dict[str, Any]], None] | None = None,
        only_for: float | None = None,
    ) -> Execution:
        """Reads iopub (and stdin) until the cell is idle and its reply is in, or times out.

        With `only_for`, reads for that many seconds and returns even if the cell still runs.
        """
        msg_id = execution.msg_id  # type: ignore[attr-defined]
        deadline = time.monotonic() + timeout
        pause_at = time.monotonic() + only_for if only_for is not None else None
        while execution.idle_at is None or execution.reply is None:
            if pause_at is not None and time.monotonic() > pause_at:
                return execution
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"no {'idle status' if execution.idle_at is None else 'execute_reply'} "
                    f"within {timeout} s for {execution.describe()}"
                )
            if answer_input is not None:
                try:
                    req = self.kc.get_stdin_msg(timeout=0.01)
                    execution.input_requests.append(req)
                    self.kc.input(answer_input(req["content"].get("prompt", "")))
                except Empty:
                    pass
            if execution.reply is None:
                try:
                    reply = self.kc.get_shell_msg(timeout=0.01)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        execution.reply, execution.reply_at = reply, time.monotonic()
                except Empty:
                    pass
            try:
                msg = self.kc.get_iopub_msg(timeout=0.05)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            now = time.monotonic()
            if msg["msg_type"] == "status":
                if msg["content"]["execution_state"] == "idle":
                    execution.idle_at = now
                continue
            execution.messages.append((now, msg))
            if on_message is not None:
                on_message(msg)
        return execution

    def run(self, code: str, timeout: float = 30, **kwargs: Any) -> Execution:
        allow_stdin = kwargs.get("answer_input") is not None
        return self.collect(self.send(code, allow_stdin=allow_stdin), timeout=timeout, **kwargs)

    def ok(self, code: str, timeout: float = 30) -> Execution:
        """Runs a cell that must succeed."""
        execution = self.run(code, timeout=timeout)
        assert execution.status == "ok", f"cell failed: {execution.describe()}"
        return execution

    def value(self, expression: str, timeout: float = 30) -> str:
        """The text/plain value of an expression cell."""
        text = self.ok(expression, timeout=timeout).result_text()
        assert text is not None, f"no execute_result for {expression!r}"
        return text.strip()

    def shutdown(self) -> None:
        try:
            self.kc.stop_channels()
        finally:
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=True)


def start_kernel(name: str = KERNEL_NAME, **km_kwargs: Any) -> Kernel:
    """Starts a kernel from its kernelspec as jupyter_client does (the process, its arguments and
    environment are the same), with NewPortsBlockingKernelManager: a kernel that lost a port race to
    another process at start (tests/README.md, last section) starts again on new ports."""
    require_kernelspec(name)
    km = NewPortsBlockingKernelManager(kernel_name=name, **km_kwargs)
    km.start_kernel(cwd=str(REPO / "notebooks") if (REPO / "notebooks").is_dir() else None)
    try:
        return Kernel(km)
    except Exception:
        km.shutdown_kernel(now=True)
        raise


@pytest.fixture(scope="session")
def kernel_name() -> str:
    require_kernelspec(KERNEL_NAME)
    return KERNEL_NAME


@pytest.fixture
def kernel() -> Any:
    """A fresh kernel for one test."""
    k = start_kernel()
    yield k
    k.shutdown()


@pytest.fixture
def kernel_factory() -> Any:
    """Starts kernels on demand (other names, other addresses); all shut down afterwards."""
    started: list[Kernel] = []

    def factory(name: str = KERNEL_NAME, **km_kwargs: Any) -> Kernel:
        k = start_kernel(name, **km_kwargs)
        started.append(k)
        return k

    yield factory
    for k in started:
        k.shutdown()
