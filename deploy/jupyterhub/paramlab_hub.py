"""The parts of a ParamLab class on one JupyterHub server that configuration alone cannot say.

Two classes, each fixing something a trial with a whole class broke (deploy/README.md):

- ``ClassSpawner`` (runs in the hub): a fixed server port and a fixed block of kernel ports for
  each student, derived from the student's id in the hub's database, so two students can never
  be given the same port; the workbook and its data copied into the student's home on first
  start; the kernel's class profile and heap; and stops with SIGTERM, which jupyter_server
  answers by shutting its kernels down (SIGINT, without a terminal, kills it before it does).
- ``BlockPortKernelManager`` (runs in each student's single-user server): takes its kernel's
  five ports from that student's block instead of from the whole machine.

Both read only environment variables and traitlets, so jupyterhub_config.py stays declarative.
What the kernel does itself is not repeated here: its `user.home` is $HOME (the student's home,
so ~/datasets is theirs), it ends when its server dies (it watches its parent process, as
ipykernel does), and a heap size given alone keeps its other JVM options.
"""
from __future__ import annotations

import os
import pwd
import shutil
import socket
from pathlib import Path

# --- the port plan --------------------------------------------------------------------------
# Student n (the hub's user id, 1, 2, ...) gets server port SERVER_BASE + n and kernel ports
# KERNEL_BASE + n*KERNEL_BLOCK ... + KERNEL_BLOCK - 1. Both ranges sit below Linux's ephemeral
# ports (32768-60999), which the machine hands out to outgoing connections.
SERVER_BASE = 20000
KERNEL_BASE = 21000
KERNEL_BLOCK = 25  # five ports per kernel: five notebooks open at once per student
MAX_STUDENTS = (32768 - KERNEL_BASE) // KERNEL_BLOCK - 1  # 469


def port_plan(user_id: int, server_base: int = SERVER_BASE, kernel_base: int = KERNEL_BASE,
              block: int = KERNEL_BLOCK) -> tuple[int, range]:
    """The server port and the kernel port block of the student with this database id."""
    most = min(kernel_base - server_base - 1, (32768 - kernel_base) // block - 1)
    if not 1 <= user_id <= most:
        raise ValueError(f"student id {user_id} is outside 1..{most}: the port plan "
                         f"(server {server_base}+id, kernels {kernel_base}+id*{block}) has no room")
    start = kernel_base + user_id * block
    return server_base + user_id, range(start, start + block)


def kernel_env(heap: str) -> dict[str, str]:
    """The environment that sizes one student's kernel on a server the whole class shares.

    The class profile: -Xms32m (the default initial heap is 1/64 of the machine's memory, 384 MiB
    on 24 GB, which a small notebook never needs) and one thread for the matrix products (the
    students share the cores). The heap: a ceiling per student, since no per-student memory limit
    exists here for the kernel's default (half the memory it may use) to follow; a heap size alone
    keeps the kernel's other options (the Serial collector: one GC thread, the least memory).
    """
    return {"PARAMLAB_KERNEL_PROFILE": "class", "PARAMLAB_JAVA_OPTS": f"-Xmx{heap}"}


def fill_home(home: Path, workbook: Path, owner: tuple[int, int] | None = None) -> bool:
    """Copies notebooks/ and datasets/ of the workbook into a student's home, once.

    A marker file records that it was done, so a student's edited notebooks are never
    overwritten, even if they delete a notebook on purpose. Returns True if it copied.
    """
    marker = home / ".paramlab-workbook"
    if marker.exists():
        return False
    home.mkdir(parents=True, exist_ok=True)
    for folder in ("notebooks", "datasets"):
        source = workbook / folder
        if not source.is_dir():
            raise FileNotFoundError(f"the workbook has no {folder}/ at {source} (PARAMLAB_WORKBOOK)")
        shutil.copytree(source, home / folder, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "regenerate.py"))
    marker.write_text(f"copied from {workbook}\n")
    if owner is not None:
        for path in [home, *home.rglob("*")]:
            os.chown(path, *owner, follow_symlinks=False)
    return True


# --- in the hub -------------------------------------------------------------------------------
try:
    from jupyterhub.spawner import LocalProcessSpawner
    from traitlets import Bool, Integer, Unicode
except ImportError:  # a single-user server imports only the kernel manager below
    LocalProcessSpawner = None

if LocalProcessSpawner is not None:

    class ClassSpawner(LocalProcessSpawner):
        """LocalProcessSpawner for a class: fixed ports, a filled home, the class's kernel heap."""

        system_users = Bool(
            True, config=True,
            help="True: each student is a system user (the hub runs as root and switches user). "
                 "False: every server runs as the hub's own user, homes under home_root "
                 "(a workshop or a test: no isolation between students).")
        home_root = Unicode(
            "/srv/paramlab/homes", config=True,
            help="With system_users=False: each student's home is home_root/<name>.")
        workbook = Unicode(
            config=True, help="The folder holding notebooks/ and datasets/ copied into each home.")
        kernel_heap = Unicode("512m", config=True, help="Each kernel's heap ceiling (-Xmx).")
        server_port_base = Integer(SERVER_BASE, config=True)
        kernel_port_base = Integer(KERNEL_BASE, config=True)
        kernel_port_block = Integer(KERNEL_BLOCK, config=True)

        @property
        def home(self) -> Path:
            if self.system_users:
                return Path(pwd.getpwnam(self.user.name).pw_dir)
            return Path(self.home_root) / self.user.name

        def make_preexec_fn(self, name):
            if self.system_users:
                return super().make_preexec_fn(name)
            home = str(self.home)
            return lambda: os.chdir(home)

        def user_env(self, env):
            if self.system_users:
                return super().user_env(env)
            env.update(USER=self.user.name, HOME=str(self.home), SHELL="/bin/bash")
            return env

        def get_env(self):
            env = super().get_env()
            ports = port_plan(self.user.id, self.server_port_base, self.kernel_port_base,
                              self.kernel_port_block)[1]
            env.update(kernel_env(self.kernel_heap))
            env.update({
                "PARAMLAB_KERNEL_PORTS": f"{ports.start}-{ports.stop - 1}",
                # the kernel manager below, importable by the single-user server
                "PYTHONPATH": os.pathsep.join(
                    p for p in (str(Path(__file__).resolve().parent), env.get("PYTHONPATH")) if p),
            })
            return env

        async def start(self):
            self.port = port_plan(self.user.id, self.server_port_base, self.kernel_port_base,
                                  self.kernel_port_block)[0]
            if self.workbook:
                owner = None
                if self.system_users:
                    entry = pwd.getpwnam(self.user.name)
                    owner = (entry.pw_uid, entry.pw_gid)
                if fill_home(self.home, Path(self.workbook), owner):
                    self.log.info("Filled %s's home %s with the workbook", self.user.name, self.home)
            return await super().start()

        async def stop(self, now=False):
            # Straight to SIGTERM (then SIGKILL after term_timeout), never the hub's default SIGINT:
            # jupyter_server handles SIGINT only with a terminal; without one it dies at once and
            # leaves its kernels running. On SIGTERM it shuts its kernels down first.
            return await super().stop(now=True)


# --- in each single-user server -----------------------------------------------------------------
from jupyter_client.ioloop import AsyncIOLoopKernelManager  # noqa: E402
from traitlets import default  # noqa: E402


def parse_block(text: str) -> range:
    first, _, last = text.partition("-")
    block = range(int(first), int(last) + 1)
    if len(block) < 5:
        raise ValueError(f"PARAMLAB_KERNEL_PORTS={text!r}: a kernel needs five ports")
    return block


def port_is_free(ip: str, port: int) -> bool:
    """True if a kernel could listen on the port now. With SO_REUSEADDR, as ZeroMQ binds (JeroMQ in
    the kernel, libzmq in ipykernel): a port whose last connection waits out TIME_WAIT (a minute
    after a kernel ended) is free for it; without it, five kernels opened and closed within a
    minute used up a student's block of 25 ports."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((ip, port))
        except OSError:
            return False
    return True


class BlockPortKernelManager(AsyncIOLoopKernelManager):
    """Kernel ports from this student's block (PARAMLAB_KERNEL_PORTS=first-last), never shared.

    The cursor walks the block round and round, so a port just handed to a starting kernel
    (not yet bound) is not handed out again before every other port of the block was tried.
    """

    _cursor = 0  # class-wide: one cursor for all kernels of this server

    @default("cache_ports")
    def _no_port_cache(self) -> bool:
        return False  # jupyter_client's cache would pick ports from the whole machine

    def _next_ports(self, block: range, count: int = 5) -> list[int]:
        chosen: list[int] = []
        for _ in range(len(block)):
            port = block[BlockPortKernelManager._cursor % len(block)]
            BlockPortKernelManager._cursor += 1
            if port_is_free(self.ip, port):
                chosen.append(port)
                if len(chosen) == count:
                    return chosen
        raise RuntimeError(
            f"no five free ports left in this student's kernel port block {block.start}-"
            f"{block.stop - 1}: too many notebooks running; shut some down (Kernel > Shut Down)")

    def write_connection_file(self, **kwargs):
        block_text = os.environ.get("PARAMLAB_KERNEL_PORTS")
        if block_text and not self.has_ports():
            ports = self._next_ports(parse_block(block_text))
            (self.shell_port, self.iopub_port, self.stdin_port, self.hb_port,
             self.control_port) = ports
        return super().write_connection_file(**kwargs)

    def has_ports(self) -> bool:
        """True once this kernel has its ports (a restart keeps them)."""
        return all((self.shell_port, self.iopub_port, self.stdin_port, self.hb_port,
                    self.control_port))
