"""Robustness of the kernel (issue 3): errors, interrupts, System.exit, huge output, bad
signatures, socket addresses, long sessions, streaming, stdin. Each test talks to a real kernel
through jupyter_client, as JupyterLab does.
"""
from __future__ import annotations

import json
import re
import time
import uuid
from pathlib import Path

import subprocess

import psutil
import pytest
import zmq
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.session import Session

from conftest import KERNEL_NAME, Kernel, require_kernelspec

KEEP = "int keep = 42;"


def assert_state_kept(kernel: Kernel) -> None:
    assert kernel.value("keep") == "42", "the kernel lost its state"


# --- errors -----------------------------------------------------------------------------------

ERROR_CELLS = {
    "syntax error": ("int broken = ;", r"(?i)error|expected"),
    "runtime exception": ('throw new IllegalStateException("boom in a cell");', r"IllegalStateException[\s\S]*boom in a cell"),
    "stack overflow": (
        "int dive(int n) { return dive(n + 1) + 1; }\ndive(0);",
        r"StackOverflowError",
    ),
    # Fills the whole heap (the list is local, so the memory is free again afterwards).
    "out of memory": (
        "void hog() {\n"
        "  var chunks = new ArrayList<long[]>();\n"
        "  while (true) chunks.add(new long[16_000_000]);\n"
        "}\nhog();",
        r"OutOfMemoryError",
    ),
}


@pytest.mark.parametrize("case", list(ERROR_CELLS))
def test_error_is_reported_and_state_kept(kernel_factory, monkeypatch, case: str) -> None:
    if case == "out of memory":
        # a heap of known size to fill: by default it is half the machine's memory (12 GB on a 24 GB
        # machine that others share); the kernel in a pod's limit: tests/test_pod_memory.py
        monkeypatch.setenv("PARAMLAB_JAVA_OPTS", "-Xmx1g")
    kernel = kernel_factory()
    code, pattern = ERROR_CELLS[case]
    kernel.ok(KEEP)
    execution = kernel.run(code, timeout=120)
    assert execution.status == "error", f"{case}: expected an error reply, {execution.describe()}"
    assert execution.errors, f"{case}: no error message on iopub, {execution.describe()}"
    assert re.search(pattern, execution.error_text()), (
        f"{case}: error does not match {pattern!r}: {execution.error_text()[:2000]}"
    )
    assert_state_kept(kernel)
    assert kernel.value("keep + 1") == "43"


# --- interrupt --------------------------------------------------------------------------------
# Each cell says when it is well under way (a line on stdout); the test interrupts then, and waits for
# the reply. The cells would otherwise run for ten minutes or for ever, so a reply within STOP_LIMIT,
# marked as an interruption, is the interrupt working; STOP_LIMIT is only there for a kernel that hangs.
# The time it took is printed (quiet machine: well under a second).

STOP_LIMIT = 30.0
STARTED = "well under way"

LIBRARY_TRAINING_LOOP = """
var rows = new double[4000];
var targets = new double[4000];
for (int i = 0; i < rows.length; i++) { rows[i] = i / 4000.0; targets[i] = 3 * rows[i] + 1; }
Table table = Table.create("line", DoubleColumn.create("x", rows), DoubleColumn.create("y", targets));
Dataset data = Dataset.fromTable(table, "y", "x");
Sequential model = new Sequential(new Dense("hidden", 1, 32, 7L), new Tanh(), new Dense("out", 32, 1, 8L));
Trainer trainer = new Trainer(model, new MeanSquaredError(), new SGD(model.parameters(), 0.01f))
    .epochs(1_000_000).batchSize(8).seed(1L)
    .listener(new TrainingListener() {
        public void onEpoch(EpochInfo e) { if (e.epoch() == 2) System.out.println("%s"); }
    });
trainer.fit(data, data);
""" % STARTED

# (Each marker is printed in the snippet it marks: a cell is compiled and run snippet by snippet.)
INTERRUPT_CELLS = {
    "Thread.sleep": f'{{\n    System.out.println("{STARTED}");\n    Thread.sleep(600_000);\n}}',
    "library training loop": LIBRARY_TRAINING_LOOP,
    # 100 million rounds first, so the loop is compiled (on-stack replacement) when it is interrupted
    "tight loop": f'long spins = 0;\nwhile (true) {{ if (++spins == 100_000_000L) System.out.println("{STARTED}"); }}',
    # a computation inside the JDK, which checks no interrupt flag: JDK 17 stops it by force (Thread.stop)
    "JDK code": f'{{\n    System.out.println("{STARTED}");\n    java.math.BigInteger.valueOf(7).pow(50_000_000);\n}}',
}


def start_and_wait_until_under_way(kernel: Kernel, code: str, limit: float = STOP_LIMIT):
    """Sends a cell and reads its output until it prints STARTED; returns the execution."""
    execution = kernel.send(code)
    deadline = time.monotonic() + limit
    while STARTED not in execution.stream():
        assert execution.reply is None, f"the cell ended before it was under way: {execution.describe()}"
        assert time.monotonic() < deadline, f"the cell did not get under way within {limit} s: {execution.describe()}"
        kernel.collect(execution, only_for=0.05)
    return execution


def run_and_interrupt(kernel: Kernel, code: str):
    """Starts a cell, interrupts it once it is under way; returns (execution, seconds to stop)."""
    execution = start_and_wait_until_under_way(kernel, code)
    interrupted_at = time.monotonic()
    kernel.km.interrupt_kernel()
    kernel.collect(execution, timeout=STOP_LIMIT)
    return execution, execution.reply_at - interrupted_at


def java_feature(kernel: Kernel) -> int:
    return int(kernel.value("Runtime.version().feature()"))


@pytest.mark.parametrize("case", list(INTERRUPT_CELLS))
def test_interrupt_stops_the_cell_and_keeps_state(kernel: Kernel, case: str) -> None:
    if case == "JDK code" and java_feature(kernel) >= 20:
        pytest.fail("JDK 20+ cannot stop JDK code by force: run this suite on JDK 17 (test_jdk25.py covers 25)")
    kernel.ok(KEEP)
    execution, seconds = run_and_interrupt(kernel, INTERRUPT_CELLS[case])
    print(f"{case}: stopped {seconds:.2f} s after the interrupt")
    assert execution.status == "error" and [e["ename"] for e in execution.errors] == ["Interrupted"], (
        f"{case}: an interrupted cell reports the interruption as its error: {execution.describe()}"
    )
    assert_state_kept(kernel)


SLOW_TO_COMPILE = "{ int a0 = 0; " + " ".join(f"int a{i} = a{i - 1} + 1;" for i in range(1, 2000)) + " }"


def test_an_interrupt_while_the_next_snippet_compiles_stops_the_cell(kernel: Kernel) -> None:
    """JShell compiles a cell snippet by snippet; meanwhile no cell code runs (here a block of 2,000
    statements takes seconds to compile). An interrupt then must still stop the cell: the snippet
    being compiled does not start, instead of a 10-minute sleep that nothing can stop any more."""
    kernel.ok(KEEP)
    second = SLOW_TO_COMPILE[:-1] + "Thread.sleep(600_000); }"
    code = f'System.out.println("{STARTED}");\n{second}\nThread.sleep(600_000);'
    execution, seconds = run_and_interrupt(kernel, code)
    print(f"stopped {seconds:.2f} s after the interrupt")
    assert execution.status == "error" and [e["ename"] for e in execution.errors] == ["Interrupted"], execution.describe()
    assert "could not stop" not in execution.stream("stderr"), execution.describe()
    assert_state_kept(kernel)


def test_an_interrupted_loop_is_dead(kernel: Kernel) -> None:
    run_and_interrupt(kernel, INTERRUPT_CELLS["tight loop"])
    first = kernel.value("spins")
    kernel.ok("Thread.sleep(200);")  # time in which a loop still running would count on
    assert kernel.value("spins") == first, "the loop kept running after the interrupt"


def test_interrupt_then_more_work(kernel: Kernel) -> None:
    """After an interrupt, new cells run normally and can define and use new state."""
    kernel.ok(KEEP)
    run_and_interrupt(kernel, INTERRUPT_CELLS["Thread.sleep"])
    kernel.ok("int after = keep * 2;")
    assert kernel.value("after") == "84"


# --- System.exit ------------------------------------------------------------------------------

def test_system_exit_is_an_error_and_the_kernel_keeps_its_process_and_state(kernel: Kernel) -> None:
    """System.exit in a cell must not end the user's session: the kernel turns it into an error
    that names the call and says how to restart on purpose; the same process goes on, state kept."""
    kernel.ok(KEEP)
    pid = kernel.km.provisioner.process.pid  # type: ignore[union-attr]
    execution = kernel.run("System.exit(3);", timeout=30)
    assert execution.status == "error", f"System.exit should be an error: {execution.describe()}"
    assert [e["ename"] for e in execution.errors] == ["org.paramlab.kernel.eval.ExitGuard$ExitAttempted"], execution.describe()
    said = execution.error_text()
    assert "System.exit(3) was called in a cell" in said and "Kernel > Restart Kernel" in said, said
    assert kernel.km.is_alive() and kernel.km.provisioner.process.pid == pid, "the kernel process ended or was replaced"  # type: ignore[union-attr]
    assert_state_kept(kernel)


# --- huge output ------------------------------------------------------------------------------

def test_20_mb_of_output_does_not_hang(kernel: Kernel) -> None:
    """20 MB printed in one cell: the cell ends, the first 8 MB arrive (the kernel's limit per cell)
    followed by the note that says how much was dropped, all before the cell goes idle (nothing is
    left draining), and the kernel answers the next cell. The limits only catch a hang."""
    code = (
        'String line = "x".repeat(1023);\n'
        "for (int i = 0; i < 20 * 1024; i++) System.out.println(line);\n"
        'System.out.println("done printing");'
    )
    start = time.monotonic()
    execution = kernel.run(code, timeout=300)
    seconds = time.monotonic() - start
    assert execution.status == "ok", execution.describe()
    shown, printed = 8 * 1024 * 1024, 20 * 1024 * 1024 + len("done printing\n")
    received = execution.stream()
    note = (f"\n[output truncated: the cell wrote more than 8 MB to stdout; {printed - shown:,} more bytes "
            f"were not shown]\n")
    assert received[:shown] == ("x" * 1023 + "\n") * (shown // 1024), "the first 8 MB did not arrive intact"
    assert received[shown:] == note, f"after the first 8 MB came {received[shown:shown + 300]!r}, not the note"
    start = time.monotonic()
    assert kernel.value("1 + 1", timeout=60) == "2"
    after = time.monotonic() - start
    print(f"20 MB cell: {seconds:.1f} s, {len(received) / 1e6:.1f} MB of stream text delivered; "
          f"'1 + 1' answered {after:.2f} s later")


# --- message signatures -----------------------------------------------------------------------

def test_bad_signature_is_ignored_and_kernel_keeps_serving(kernel: Kernel) -> None:
    info = kernel.km.get_connection_info(session=False)
    context = zmq.Context.instance()
    sock = context.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.setsockopt(zmq.IDENTITY, uuid.uuid4().hex.encode())
    sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
    try:
        session = Session(key=b"not-the-right-key", signature_scheme=info["signature_scheme"])
        for attempt in range(2):
            msg = session.msg("execute_request", content={
                "code": f"int hacked{attempt} = 1;", "silent": False, "store_history": True,
                "user_expressions": {}, "allow_stdin": False, "stop_on_error": True,
            })
            session.send(sock, msg)
        # Also a message whose signature is garbage of the wrong length, and an unsigned one.
        header = json.dumps({"msg_id": uuid.uuid4().hex, "msg_type": "kernel_info_request",
                             "username": "x", "session": uuid.uuid4().hex, "date": "",
                             "version": "5.3"}).encode()
        sock.send_multipart([b"<IDS|MSG>", b"zz", header, b"{}", b"{}", b"{}"])
        sock.send_multipart([b"<IDS|MSG>", b"", header, b"{}", b"{}", b"{}"])
        # The bad messages get no answer ...
        assert sock.poll(1000) == 0, "the kernel answered a message with a wrong signature"
    finally:
        sock.close()
    # ... and the kernel still serves properly signed requests.
    assert kernel.value("40 + 2") == "42"
    # The badly signed cells never ran.
    for attempt in range(2):
        execution = kernel.run(f"hacked{attempt}")
        assert execution.status == "error", f"a badly signed cell was executed: {execution.describe()}"


# --- socket addresses -------------------------------------------------------------------------

def listening_addresses(pid: int) -> list[tuple[str, int]]:
    """(ip, port) of every listening TCP socket of a process and its children. An IPv4-mapped
    IPv6 address (::ffff:127.0.0.1, as Java's dual-stack sockets report it) counts as the IPv4 one."""
    root = psutil.Process(pid)
    found = []
    for proc in [root] + root.children(recursive=True):
        for conn in proc.net_connections(kind="inet"):
            if conn.status == psutil.CONN_LISTEN:
                ip = conn.laddr.ip
                found.append((ip[len("::ffff:"):] if ip.startswith("::ffff:") else ip, conn.laddr.port))
    return found


def connection_ports(info: dict) -> set[int]:
    return {info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}


def test_sockets_bound_only_to_loopback(kernel: Kernel) -> None:
    assert kernel.value("1 + 1") == "2"
    info = kernel.km.get_connection_info()
    listening = listening_addresses(kernel.km.provisioner.process.pid)  # type: ignore[union-attr]
    wrong = [(ip, port) for ip, port in listening if ip != info["ip"]]
    assert not wrong, f"kernel listens on addresses other than {info['ip']}: {wrong}"
    assert connection_ports(info) <= {port for _, port in listening}, (
        f"connection-file ports {sorted(connection_ports(info))} not all listening: {listening}"
    )


def launch_until_listening(argv: list[str], connection_file: str, ip: str, attempts: int = 3) -> subprocess.Popen:
    """Launches a kernel on a fresh connection file and waits until it listens on all its ports; if it
    exits first (another process took a port between write_connection_file and its bind: the race
    scripts/paramlab_kernel_manager.py handles for jupyter_client's managers), again on new ports."""
    for attempt in range(1, attempts + 1):
        Path(connection_file).unlink(missing_ok=True)
        write_connection_file(connection_file, ip=ip, key=uuid.uuid4().hex.encode())
        with open(connection_file) as f:
            wanted = connection_ports(json.load(f))
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            try:
                if wanted <= {port for _, port in listening_addresses(process.pid)}:
                    return process
            except psutil.Error:
                pass  # it is exiting: poll() says so next
            time.sleep(0.05)
        if process.poll() is None or attempt == attempts:
            return process  # still starting after 120 s, or out of attempts: the client below reports it
    raise AssertionError("unreachable")


def test_sockets_follow_the_address_in_the_connection_file(tmp_path) -> None:
    """With 127.0.0.2 in the connection file, the kernel listens there and nowhere else.
    (jupyter_client's KernelManager only launches on 127.0.0.1, so we launch as it would.)"""
    require_kernelspec(KERNEL_NAME)
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    connection_file = str(tmp_path / "kernel-127.0.0.2.json")
    argv = [a.replace("{connection_file}", connection_file) for a in spec.argv]
    process = launch_until_listening(argv, connection_file, "127.0.0.2")
    client = BlockingKernelClient(connection_file=connection_file)
    client.load_connection_file()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive("20 + 22", timeout=30)
        assert reply["content"]["status"] == "ok"
        listening = listening_addresses(process.pid)
        wrong = [(ip, port) for ip, port in listening if ip != "127.0.0.2"]
        assert not wrong, f"kernel listens on addresses other than 127.0.0.2: {wrong}"
        with open(connection_file) as f:
            ports = connection_ports(json.load(f))
        assert ports <= {port for _, port in listening}, (ports, listening)
    finally:
        client.stop_channels()
        process.kill()
        process.wait(timeout=30)


# --- long sessions ----------------------------------------------------------------------------

USED_HEAP = (
    "System.gc(); Thread.sleep(100); System.gc();\n"
    "Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()"
)
CYCLE = [
    "1 + 1",
    "int counter = {i};",
    'System.out.println("line " + {i});',
    "double[] block = new double[1000];",
    'String label = "cell-" + {i};',
]


# The same cells run through a plain JShell inside the kernel's JVM, with the kernel's start-up
# imports (temporary $N variables dropped, as the kernel does): how much JShell itself keeps per
# snippet, the part of the growth that comes with JShell's design rather than with the kernel.
# The imports matter: JShell keeps every snippet's wrapper source, and each wrapper holds a copy
# of every import line (with the kernel's 23 imports, ~1.8 kB of each cell's growth).
PLAIN_JSHELL_GROWTH = """
long plainJShellGrowth(String[] cycle) throws Exception {
    var quiet = new PrintStream(OutputStream.nullOutputStream());
    try (var js = jdk.jshell.JShell.builder()
            .executionEngine(new jdk.jshell.execution.LocalExecutionControlProvider(), null)
            .out(quiet).err(quiet).build()) {
        js.addToClasspath(System.getProperty("java.class.path"));
        for (String line : org.paramlab.kernel.session.StartupImports.lines()) js.eval(line);
        long at500 = 0;
        for (int i = 1; i <= 2000; i++) {
            for (var event : js.eval(cycle[i % cycle.length].replace("{i}", String.valueOf(i)))) {
                if (event.snippet() instanceof jdk.jshell.VarSnippet v && v.name().startsWith("$")) js.drop(v);
            }
            if (i == 500) { System.gc(); Thread.sleep(100); System.gc(); at500 = usedHeap(); }
        }
        System.gc(); Thread.sleep(100); System.gc();
        return usedHeap() - at500;
    }
}
long usedHeap() { return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory(); }
"""


def assert_heap_growth_like_plain_jshell(kernel: Kernel) -> str:
    """Runs 2,000 cells and compares the heap growth from cell 500 to 2000 with plain JShell's
    for the same cells and imports. JShell keeps every snippet, so some growth per cell comes
    with the design; the kernel must not add a leak of its own: its growth stays within twice
    what plain JShell keeps (+4 MB: one-off allocations of several MB land before or after cell
    500 from run to run), and below 32 MB outright. Returns the measurements as text."""
    kernel.ok(PLAIN_JSHELL_GROWTH)
    cycle = "new String[] {" + ", ".join(json.dumps(c) for c in CYCLE) + "}"
    jshell_growth = int(kernel.value(f"plainJShellGrowth({cycle})", timeout=600))
    used = {}
    for i in range(1, 2001):
        kernel.ok(CYCLE[i % len(CYCLE)].format(i=i))
        if i in (500, 2000):
            used[i] = int(kernel.value(USED_HEAP))
    growth = used[2000] - used[500]
    java = kernel.value("Runtime.version().feature()")
    report = (f"Java {java} kernel: heap after GC {used[500] / 1e6:.1f} MB at cell 500, {used[2000] / 1e6:.1f} MB "
              f"at cell 2000 (+{growth / 1e6:.1f} MB, {growth / 1500 / 1e3:.1f} kB per cell); plain JShell, "
              f"same cells and imports: +{jshell_growth / 1e6:.1f} MB ({jshell_growth / 1500 / 1e3:.1f} kB per cell)")
    print(report)
    assert growth < 32_000_000, report
    assert growth <= 2 * max(jshell_growth, 0) + 4_000_000, report
    return report


@pytest.mark.timeout(900)
def test_2000_executions_grow_the_heap_no_more_than_jshell_itself(kernel: Kernel) -> None:
    assert_heap_growth_like_plain_jshell(kernel)


# --- streaming and stdin ----------------------------------------------------------------------

def test_stdout_is_streamed_while_the_cell_runs(kernel: Kernel, tmp_path) -> None:
    """The cell prints "first", then waits until the test has received it (a file the test creates
    on seeing it), then prints "second". A kernel that held output back until the cell ends would
    never let the cell end: the limit only catches that."""
    go = tmp_path / "first-arrived"
    execution = kernel.send(
        'System.out.println("first");\n'
        f'while (!Files.exists(Path.of("{go}"))) Thread.sleep(10);\n'
        'System.out.println("second");'
    )

    def on_message(msg: dict) -> None:
        if msg["msg_type"] == "stream" and "first" in msg["content"]["text"]:
            go.touch()

    try:
        kernel.collect(execution, timeout=STOP_LIMIT, on_message=on_message)
    except TimeoutError:
        pytest.fail(f"'first' did not arrive while the cell was running (not streamed): {execution.describe()}")
    assert execution.status == "ok", execution.describe()
    assert execution.stream() == "first\nsecond\n", execution.describe()


def test_system_in_asks_the_client_for_input(kernel: Kernel) -> None:
    execution = kernel.run(
        "Scanner scanner = new Scanner(System.in);\n"
        "String name = scanner.nextLine();\n"
        'System.out.println("got " + name);',
        answer_input=lambda prompt: "hello paramlab",
    )
    assert execution.status == "ok", execution.describe()
    assert execution.input_requests, "the kernel sent no input_request"
    assert "got hello paramlab" in execution.stream()
    assert kernel.value("name") == "hello paramlab"


# --- shutdown and restart ---------------------------------------------------------------------

def test_shutdown_request_is_answered_and_the_kernel_exits(kernel: Kernel) -> None:
    kernel.ok(KEEP)
    msg_id = kernel.kc.shutdown(restart=True)
    reply = kernel.kc.control_channel.get_msg(timeout=15)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["msg_type"] == "shutdown_reply" and reply["content"]["restart"] is True, reply["content"]
    process = kernel.km.provisioner.process  # type: ignore[union-attr]
    process.wait(timeout=15)  # the kernel exits by itself; the manager starts the new one


def test_restart_gives_a_fresh_working_kernel(kernel: Kernel) -> None:
    kernel.ok(KEEP)
    kernel.km.restart_kernel(now=False)
    kernel.kc.wait_for_ready(timeout=60)
    assert kernel.value("1 + 1") == "2"
    execution = kernel.run("keep")
    assert execution.status == "error", f"state survived a restart: {execution.describe()}"
