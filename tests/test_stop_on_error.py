"""Run All stops at the first error, as in IPython: cells already queued behind a failing cell
are answered "aborted" without running; a cell sent after the error was seen runs normally."""
from __future__ import annotations

import re
import subprocess
import time

import pytest


def replies_for(kernel, msg_ids: list[str], timeout: float = 30) -> dict[str, dict]:
    """The execute_reply of each request, read from the shell channel in any order."""
    replies: dict[str, dict] = {}
    deadline = time.monotonic() + timeout
    while len(replies) < len(msg_ids):
        assert time.monotonic() < deadline, f"replies missing for {set(msg_ids) - set(replies)}"
        reply = kernel.kc.get_shell_msg(timeout=timeout)
        parent = reply["parent_header"].get("msg_id")
        if parent in msg_ids:
            replies[parent] = reply["content"]
    return replies


def execute_request(kernel, code: str) -> tuple[str, int]:
    """Sends a cell as kc.execute does; returns its msg_id and its size on the wire (its frames)."""
    msg = kernel.kc.session.msg("execute_request", {
        "code": code, "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True,
    })
    size = sum(len(frame) for frame in kernel.kc.session.serialize(msg))
    kernel.kc.shell_channel.send(msg)
    return msg["header"]["msg_id"], size


def shell_connection(kernel) -> tuple[int, int]:
    """(bytes received, bytes not yet read) of the kernel's end of the shell connection, from the
    Linux socket statistics (ss, iproute2): bytes the kernel process has read are in its queue."""
    port = kernel.km.get_connection_info()["shell_port"]
    try:
        out = subprocess.run(["ss", "-tinH", "state", "established", "(", "sport", "=", f":{port}", ")"],
                             capture_output=True, text=True, check=True, timeout=30).stdout
    except FileNotFoundError:
        pytest.fail("this test reads socket statistics with `ss`: install iproute2 (scripts/ci-prepare.sh does)")
    lines = out.strip().splitlines()
    assert len(lines) == 2, f"expected one connection to the shell port {port}:\n{out}"
    unread = int(lines[0].split()[0])
    received = re.search(r"bytes_received:(\d+)", lines[1])
    return (int(received.group(1)) if received else 0), unread


def test_cells_queued_behind_an_error_are_aborted_and_do_not_run(kernel, tmp_path):
    """Run All: the failing cell and the cells behind it are all in the kernel before the first one
    fails. The failing cell waits until the kernel process has read every byte of the three requests
    (socket statistics), so "queued behind" is a fact, not a guess about timing."""
    kernel.ok("int ran = 0;")
    go = tmp_path / "all-queued"
    received_before, _ = shell_connection(kernel)
    failing, size = execute_request(
        kernel, f'while (!Files.exists(Path.of("{go}"))) Thread.sleep(10);\nthrow new IllegalStateException("boom");')
    queued = [execute_request(kernel, "ran = ran + 1;"), execute_request(kernel, "ran = ran + 10;")]
    expected = received_before + size + sum(s for _, s in queued)
    deadline = time.monotonic() + 30
    while True:
        received, unread = shell_connection(kernel)
        if received >= expected and unread == 0:
            break
        assert time.monotonic() < deadline, f"the kernel has not read the requests in 30 s: {received} of {expected} bytes, {unread} unread"
        time.sleep(0.02)
    go.touch()
    replies = replies_for(kernel, [failing] + [q for q, _ in queued])
    assert replies[failing]["status"] == "error"
    assert [replies[q]["status"] for q, _ in queued] == ["aborted", "aborted"]
    assert kernel.value("ran") == "0"


def test_a_cell_sent_after_the_error_reply_runs(kernel):
    # the client sends the next cell the moment it sees the error reply: it must never be aborted
    for attempt in range(25):
        failing = kernel.kc.execute('throw new IllegalStateException("boom");')
        assert replies_for(kernel, [failing])[failing]["status"] == "error"
        following = kernel.kc.execute(f"{attempt} + 1")
        assert replies_for(kernel, [following])[following]["status"] == "ok", f"attempt {attempt}"


def test_stop_on_error_false_runs_the_queued_cells(kernel):
    kernel.ok("int ran = 0;")
    failing = kernel.kc.execute('throw new IllegalStateException("boom");', stop_on_error=False)
    queued = kernel.kc.execute("ran = ran + 1;")
    replies = replies_for(kernel, [failing, queued])
    assert replies[failing]["status"] == "error" and replies[queued]["status"] == "ok"
    assert kernel.value("ran") == "1"
