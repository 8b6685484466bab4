"""Run All stops at the first error, as in IPython: cells already queued behind a failing cell
are answered "aborted" without running; a cell sent after the error was seen runs normally."""
from __future__ import annotations

import time


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


def test_cells_queued_behind_an_error_are_aborted_and_do_not_run(kernel):
    kernel.ok("int ran = 0;")
    failing = kernel.kc.execute('Thread.sleep(300); throw new IllegalStateException("boom");')
    queued = [kernel.kc.execute("ran = ran + 1;"), kernel.kc.execute("ran = ran + 10;")]
    replies = replies_for(kernel, [failing, *queued])
    assert replies[failing]["status"] == "error"
    assert [replies[q]["status"] for q in queued] == ["aborted", "aborted"]
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
