"""A kernel whose port another process took between Jupyter choosing it and the kernel binding it
(issue 20, "CI that never flakes": `nbgrader autograde` of notebook 02 once failed with "Kernel died
before replying to kernel_info").

jupyter_client chooses a kernel's ports by binding port 0 and closing the socket; the kernel binds them
when its JVM is up. Two processes starting kernels at the same time (test_coursework grades two
assignments at once) can be given the same port, and one kernel dies at start. Measured with six
processes starting kernels at once through nbgrader's Execute preprocessor: 3 of 900 starts died so,
each with "Address already in use" (tests/README.md). Here the race is made certain: the first port
jupyter_client chooses is one a socket of this test already holds.
"""
from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalPortCache

from conftest import KERNEL_NAME, REPO, require_kernelspec, start_kernel
from paramlab_kernel_manager import NewPortsBlockingKernelManager, NewPortsKernelManager

# Run in a child Python: the first port jupyter_client chooses is already taken (a listening socket).
TAKE_THE_FIRST_PORT = """
import socket
from jupyter_client.provisioning.local_provisioner import LocalPortCache
taken = socket.socket()
taken.bind(("127.0.0.1", 0))
taken.listen()
_cache = LocalPortCache.instance()
_find, _calls = _cache.find_available_port, []
def _first_port_taken(ip):
    _calls.append(ip)
    return taken.getsockname()[1] if len(_calls) == 1 else _find(ip)
_cache.find_available_port = _first_port_taken
"""


@contextmanager
def first_port_taken():
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    cache = LocalPortCache.instance()
    find, calls = cache.find_available_port, []

    def first_port(ip: str) -> int:
        calls.append(ip)
        return taken.getsockname()[1] if len(calls) == 1 else find(ip)

    cache.find_available_port = first_port
    try:
        yield taken.getsockname()[1]
    finally:
        cache.find_available_port = find
        taken.close()


async def start_and_ask(manager_class: type, stderr_file: Path) -> str:
    km = manager_class(kernel_name=KERNEL_NAME)
    with open(stderr_file, "w") as err:
        await km.start_kernel(stderr=err)
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=120)
        reply = await kc.execute_interactive("40 + 2", timeout=60)
        return reply["content"]["status"]
    except RuntimeError as e:
        return str(e)
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


def test_a_kernel_whose_port_was_taken_dies_and_says_why(tmp_path: Path) -> None:
    """The failure CI saw, and the kernel's own account of it on stderr."""
    require_kernelspec(KERNEL_NAME)
    with first_port_taken() as port:
        said = asyncio.run(start_and_ask(AsyncKernelManager, tmp_path / "kernel.stderr"))
    assert said == "Kernel died before replying to kernel_info", said
    stderr = (tmp_path / "kernel.stderr").read_text()
    assert f"tcp://127.0.0.1:{port}: the port is already in use" in stderr, stderr[-2000:]
    assert "start the kernel again (on new ports)" in stderr, stderr[-2000:]


RESTARTED = "will not listen on its ports"


def test_new_ports_kernel_manager_starts_it_again_on_new_ports(tmp_path: Path, caplog) -> None:
    require_kernelspec(KERNEL_NAME)
    with first_port_taken() as port:
        said = asyncio.run(start_and_ask(NewPortsKernelManager, tmp_path / "kernel.stderr"))
    assert said == "ok", said
    restarts = [r.getMessage() for r in caplog.records if RESTARTED in r.getMessage()]
    assert len(restarts) == 1 and str(port) in restarts[0], f"expected one start on new ports: {restarts}"


def test_the_blocking_manager_the_tests_use_starts_it_again_on_new_ports(caplog) -> None:
    """conftest.start_kernel and test_protocol start kernels with NewPortsBlockingKernelManager: the same
    race, survived the same way, through a blocking client."""
    require_kernelspec(KERNEL_NAME)
    with first_port_taken() as port:
        k = start_kernel()
        try:
            assert k.value("40 + 2") == "42"
            assert port not in set(k.km.get_connection_info().values()), "the kernel kept the taken port"
        finally:
            k.shutdown()
    assert isinstance(k.km, NewPortsBlockingKernelManager)
    restarts = [r.getMessage() for r in caplog.records if RESTARTED in r.getMessage()]
    assert len(restarts) == 1 and str(port) in restarts[0], f"expected one start on new ports: {restarts}"


@pytest.mark.timeout(600)
def test_nbgrader_in_the_course_starts_a_kernel_again_on_new_ports(tmp_path: Path) -> None:
    """The course's nbgrader_config.py (scripts/build-course.py) gives nbgrader's Execute preprocessor,
    which `nbgrader autograde` runs, the kernel manager that survives the race."""
    require_kernelspec(KERNEL_NAME)
    course = tmp_path / "course"
    built = subprocess.run([sys.executable, str(REPO / "scripts" / "build-course.py"), str(course), "--no-release",
                            "--notebooks", "01"], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    grade = TAKE_THE_FIRST_PORT + textwrap.dedent(f"""
        import json, logging, sys
        logging.basicConfig(level=logging.WARNING)  # the kernel manager's warnings, on stderr
        logging.getLogger("traitlets").addHandler(logging.StreamHandler())
        from traitlets.config.loader import PyFileConfigLoader
        from nbformat.v4 import new_notebook, new_code_cell
        config = PyFileConfigLoader("nbgrader_config.py", path={str(course)!r}).load_config()
        from nbgrader.preprocessors import Execute
        nb = new_notebook(cells=[new_code_cell("40 + 2")],
                          metadata={{"kernelspec": {{"name": {KERNEL_NAME!r}, "language": "java", "display_name": "Java"}}}})
        try:
            Execute(config=config).preprocess(nb, {{"metadata": {{"path": {str(course)!r}}}}})
            print(json.dumps(nb.cells[0].outputs[0]["data"]["text/plain"]))
        except Exception as e:
            print(json.dumps(f"{{type(e).__name__}}: {{e}}"))
    """)
    done = subprocess.run([sys.executable, "-c", grade], capture_output=True, text=True, timeout=300, cwd=course)
    result = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else done.stderr[-3000:]
    assert result == "42", f"nbgrader's Execute with the course's config: {result}\n{done.stderr[-3000:]}"
    assert RESTARTED in done.stderr, f"the kernel was not started again on new ports:\n{done.stderr[-3000:]}"
