"""A kernel manager that starts a kernel again, on new ports, when it dies before it listens.

Why: jupyter_client chooses a kernel's five ports by binding port 0 and closing the socket, writes them
into the connection file, and launches the kernel, which binds them once its JVM is up (a second or
more on a busy machine). Another process that chooses ports in that window can be given the same
port, and one of the two kernels then dies at start ("Address already in use"), which a client sees as
"Kernel died before replying to kernel_info". JupyterLab's restarter starts such a kernel again on new
ports (KernelRestarter.random_ports_until_alive); a batch run (nbclient, nbconvert, `nbgrader
autograde`) does not, so one lost race fails the whole run. Measured (tests/README.md, "Kernel died
before replying to kernel_info"): 3 of 900 kernel starts, six processes starting kernels at once.

`NewPortsKernelManager` waits after each start until the kernel process listens on all five ports of
its connection file (then the race is over); if the process ends first, or another process listens
on one of its ports, it stops the kernel and starts it again on new ports (up to `start_attempts`
starts). Used by the course's nbgrader_config.py (scripts/build-course.py)
and by the notebook tests (tests/test_notebooks.py). `NewPortsBlockingKernelManager` is the same for
a blocking client (tests/conftest.py's start_kernel, test_protocol): the kernel is launched exactly as
before, from its kernelspec by jupyter_client's local provisioner; only a lost port race differs.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any

from jupyter_client.connect import port_names
from jupyter_client.manager import AsyncKernelManager, KernelManager
from jupyter_client.utils import run_sync
from traitlets import Float, Integer
from traitlets.config import LoggingConfigurable


class NewPortsMixin(LoggingConfigurable):
    """The start that retries on new ports; mixed into jupyter_client's async and blocking managers."""

    start_attempts = Integer(3, config=True, help="Starts to try when the kernel dies before it listens.")
    listen_timeout = Float(120.0, config=True, help="Seconds to wait for a started kernel to listen on its ports.")

    async def _async_start_kernel(self, **kw: Any) -> None:
        for attempt in range(1, self.start_attempts + 1):
            await super()._async_start_kernel(**kw)
            why = await self._exit_before_listening()
            if why is None or attempt == self.start_attempts:
                return  # listening (or still starting after listen_timeout; or out of attempts: the client reports it)
            ports = {name: getattr(self, name) for name in port_names}
            self.log.warning("kernel %s will not listen on its ports %s (%s), probably one was taken by another "
                             "process; starting it again on new ports (%d/%d)", self.kernel_name, ports,
                             f"exit code {why}" if why != "taken" else "another process listens on one",
                             attempt + 1, self.start_attempts)
            await self._async_shutdown_kernel(now=True, restart=True)  # reaps it, keeps the zmq context
            self.cleanup_connection_file()  # so that the next start writes one with new ports
            for name in port_names:
                setattr(self, name, 0)

    async def _exit_before_listening(self) -> int | str | None:
        """Why the kernel will not listen on its ports: its exit code if it ended, "taken" if another
        process listens on one of them (a kernel that stays alive after a failed bind), else None."""
        if self.transport != "tcp" or self.provisioner is None or not self.provisioner.has_process:
            return None
        try:
            import psutil  # in the project's environment (requirements.txt); without it, no waiting
        except ImportError:
            return None
        wanted = {getattr(self, name) for name in port_names}
        pid = self.provisioner.pid
        deadline = time.monotonic() + self.listen_timeout
        checks = 0
        while time.monotonic() < deadline:
            exit_code = await self.provisioner.poll()
            if exit_code is not None:
                return exit_code
            # every half second, also which of the ports anyone listens on (read before the kernel's own)
            anyone = listening_ports(psutil.net_connections(kind="tcp")) & wanted if checks % 10 == 0 else set()
            try:
                kernel = listening_ports(psutil.Process(pid).net_connections(kind="tcp"))
            except psutil.Error:
                kernel = set()
            if wanted <= kernel:
                return None
            if anyone - kernel:
                await asyncio.sleep(0.5)  # perhaps it is still exiting; if so, give its exit code
                exit_code = await self.provisioner.poll()
                return "taken" if exit_code is None else exit_code
            checks += 1
            await asyncio.sleep(0.05)
        return None


class NewPortsKernelManager(NewPortsMixin, AsyncKernelManager):
    start_kernel = NewPortsMixin._async_start_kernel


class NewPortsBlockingKernelManager(NewPortsMixin, KernelManager):
    start_kernel = run_sync(NewPortsMixin._async_start_kernel)


def listening_ports(connections: list) -> set[int]:
    return {c.laddr.port for c in connections if c.status == "LISTEN"}


def use_in_nbgrader() -> None:
    """nbgrader's Execute preprocessor passes AsyncKernelManager to nbclient itself (configuration
    cannot change it): give it this one instead. Fails loudly if nbgrader no longer works that way."""
    import nbgrader.preprocessors.execute as execute

    if getattr(execute, "AsyncKernelManager", None) not in (AsyncKernelManager, NewPortsKernelManager):
        raise RuntimeError("nbgrader.preprocessors.execute no longer uses jupyter_client's AsyncKernelManager: "
                           "update scripts/paramlab_kernel_manager.py")
    execute.AsyncKernelManager = NewPortsKernelManager
