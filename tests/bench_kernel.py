"""Kernel benchmark for `make bench` (not a test): start-up and round-trip times through
jupyter_client, for the ParamLab kernel and, measured in the same run, IPython's kernel.

What a user meets, measured the way JupyterLab starts kernels (no client tuning):
  * start -> ready: jupyter_client's standard `start_new_kernel` (process start, sockets,
    kernel_info answered);
  * start -> first result: then `execute_interactive("1 + 1")` until its result is in.
Median of --starts runs each. For the ParamLab kernel, a timeline of the start (the kernel writes
each step's time when PARAMLAB_TIMELINE names a file; see StartTimeline.java), and the same start
without class data sharing (-Xshare:off), which shows what class loading costs.

Then, on the last kernel started: median / p90 round trip (execute_request sent -> reply and idle
status received) of a trivial cell and of a print, over many repetitions. The older, tuned
figure (client reconnecting every 5 ms instead of 100 ms) is kept, labelled "tuned client".
Prints tables and writes target/bench/kernel.json.

    .venv/bin/python tests/bench_kernel.py [--kernel paramlab] [--kernel paramlab-jdk25]
                                           [--starts 5] [--reps 200] [--paired-starts 7]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import zmq
from jupyter_client.manager import KernelManager, start_new_kernel

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("JUPYTER_PATH", str(Path(sys.prefix) / "share" / "jupyter"))

CELLS = {
    "python3": {"trivial": "1 + 1", "print": 'print("x")'},
    "java": {"trivial": "1 + 1", "print": 'System.out.println("x");'},
}
# Issue 12: start -> first `1 + 1` result with the standard client; issue 3: the round trip.
GOALS = {"first_result_s": 1.0, "trivial_median_ms": 40}
# The steps of a kernel's start, in the order the kernel reaches them (StartTimeline marks).
STEPS = ["main", "sockets bound", "serving", "kernel_info answered", "jshell created", "execute_request in", "imports",
         "cell ran"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used (Linux /proc): on a machine shared with other
    work the wall clock says as much about the neighbours as about the kernel; this does not."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) CPU time of the whole machine so far, from /proc/stat, in clock ticks."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def standard_start(kernel_name: str, timeline: Path | None):
    """start_new_kernel, then execute_interactive("1 + 1"), as a user's front end does.
    Returns (manager, client, seconds to ready, seconds to first result, the kernel process's CPU
    seconds by then, {step: seconds}). The ParamLab launcher execs java, so the process is the JVM."""
    if timeline is not None:
        os.environ["PARAMLAB_TIMELINE"] = str(timeline)
    t0_epoch, t0 = time.time(), time.perf_counter()
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=120)
    ready = time.perf_counter() - t0
    results = []
    reply = kc.execute_interactive(
        "1 + 1", timeout=120,
        output_hook=lambda m: results.append(m) if m["msg_type"] == "execute_result" else None)
    first = time.perf_counter() - t0
    cpu = process_cpu_seconds(km.provisioner.process.pid)
    os.environ.pop("PARAMLAB_TIMELINE", None)
    assert reply["content"]["status"] == "ok" and results, reply
    steps = {}  # step -> (seconds after the call, CPU seconds the JVM had used), the first time it happened
    if timeline is not None and timeline.exists():
        for line in timeline.read_text().splitlines():
            millis, cpu_millis, step = line.split(" ", 2)
            steps.setdefault(step, (int(millis) / 1000 - t0_epoch, int(cpu_millis) / 1000))
        timeline.unlink()
    return km, kc, ready, first, cpu, steps


def tuned_start(kernel_name: str) -> float:
    """The older figure: a client that retries connecting every 5 ms (not JupyterLab's 100 ms)."""
    context = zmq.Context()
    context.setsockopt(zmq.RECONNECT_IVL, 5)
    km = KernelManager(kernel_name=kernel_name, context=context)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client(context=context)
    kc.start_channels()
    msg_id = kc.kernel_info()
    while kc.get_shell_msg(timeout=60)["parent_header"].get("msg_id") != msg_id:
        pass
    seconds = time.perf_counter() - t0
    stop(km, kc)
    context.term()
    return seconds


def round_trip(kc, code: str, timeout: float = 60) -> float:
    """Seconds from sending the execute_request until both its reply and idle status arrived.
    Waits in a blocking poll on both sockets, so the client takes no CPU from the kernel."""
    poller = zmq.Poller()
    poller.register(kc.shell_channel.socket, zmq.POLLIN)
    poller.register(kc.iopub_channel.socket, zmq.POLLIN)
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    got_reply = got_idle = False
    deadline = time.monotonic() + timeout
    while not (got_reply and got_idle):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no reply to {code!r} within {timeout} s")
        ready = dict(poller.poll(timeout=1000 * left))
        if kc.shell_channel.socket in ready:
            msg = kc.get_shell_msg(timeout=0)
            if msg["parent_header"].get("msg_id") == msg_id:
                assert msg["content"]["status"] == "ok", msg["content"]
                got_reply = True
        if kc.iopub_channel.socket in ready:
            msg = kc.get_iopub_msg(timeout=0)
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"):
                got_idle = True
    return time.perf_counter() - t0


def stop(km, kc) -> None:
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def starts_without_cds(kernel_name: str, starts: int, java_feature: int) -> tuple[list[float], list[float]]:
    """start -> first result without the kernel's class-data archive: -Xshare:off, or on Java 25+
    (whose AOT cache -Xshare:off may not be combined with) -XX:AOTMode=off. Nothing else is added:
    the heap, collector and JIT options stay those of the kernel's kernel.sh, as JupyterLab starts it."""
    firsts, cpus = [], []
    off = "-XX:AOTMode=off" if java_feature >= 25 else "-Xshare:off"
    os.environ["PARAMLAB_JAVA_OPTS"] = off
    try:
        for _ in range(starts):
            km, kc, _, first, cpu, _ = standard_start(kernel_name, None)
            firsts.append(first)
            cpus.append(cpu)
            stop(km, kc)
    finally:
        os.environ.pop("PARAMLAB_JAVA_OPTS", None)
    return firsts, cpus


def measure(kernel_name: str, starts: int, reps: int) -> dict:
    language = "python3" if kernel_name == "python3" else "java"
    cells = CELLS[language]
    readies, firsts, cpus, timelines = [], [], [], []
    km = kc = None
    busy0, total0 = machine_jiffies()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(starts):
            if km is not None:
                stop(km, kc)
            timeline = Path(tmp) / f"start-{i}.txt" if language == "java" else None
            km, kc, ready, first, cpu, steps = standard_start(kernel_name, timeline)
            readies.append(ready)
            firsts.append(first)
            cpus.append(cpu)
            timelines.append(steps)
    busy1, total1 = machine_jiffies()
    msg_id = kc.kernel_info()
    info = kc.get_shell_msg(timeout=60)
    assert info["parent_header"]["msg_id"] == msg_id, info
    result = {
        "kernel": kernel_name,
        "runtime": f"{info['content']['language_info']['name']} {info['content']['language_info']['version']}",
        "load_average": os.getloadavg()[0],
        # how busy all cores were during the starts, the kernel's own work included: a better
        # guide to the neighbours' load than the load average, which lags by a minute
        "machine_busy_during_starts": (busy1 - busy0) / max(1, total1 - total0),
        "ready_s": {"median": statistics.median(readies), "all": readies},
        "first_result_s": {"median": statistics.median(firsts), "all": firsts},
        "first_result_cpu_s": {"median": statistics.median(cpus), "all": cpus},
    }
    if language == "java":
        result["timeline_s"] = {step: statistics.median(t[step][0] for t in timelines)
                                for step in STEPS if all(step in t for t in timelines)}
        result["timeline_cpu_s"] = {step: statistics.median(t[step][1] for t in timelines)
                                    for step in STEPS if all(step in t for t in timelines)}
    for label, code in cells.items():
        for _ in range(10):  # warm-up
            round_trip(kc, code)
        times = [1000 * round_trip(kc, code) for _ in range(reps)]
        result[f"{label}_ms"] = {
            "code": code, "reps": reps, "median": statistics.median(times),
            "p90": percentile(times, 0.9), "min": min(times), "max": max(times),
        }
    stop(km, kc)
    tuned = [tuned_start(kernel_name) for _ in range(starts)]
    result["tuned_kernel_info_s"] = {"median": statistics.median(tuned), "all": tuned}
    if language == "java":
        feature = int(result["runtime"].split()[1].split(".")[0].split("+")[0].split("-")[0])
        no_cds, no_cds_cpu = starts_without_cds(kernel_name, starts, feature)
        result["first_result_no_cds_s"] = {"median": statistics.median(no_cds), "all": no_cds}
        result["first_result_no_cds_cpu_s"] = {"median": statistics.median(no_cds_cpu), "all": no_cds_cpu}
    return result


def paired_starts(kernels: list[str], rounds: int) -> dict:
    """Starts the kernels in turn, round after round (A B A B ...), so that a busy machine's load
    falls on all of them alike: the fair way to compare two builds (e.g. this one and an older one
    installed beside it with install-kernel.sh --name ... --build ...) on a shared machine."""
    runs = {name: [] for name in kernels}
    for _ in range(rounds):
        for name in kernels:
            km, kc, ready, first, cpu, _ = standard_start(name, None)
            stop(km, kc)
            runs[name].append({"ready_s": ready, "first_result_s": first, "first_result_cpu_s": cpu})
    return {name: {key: statistics.median(run[key] for run in runs[name]) for key in runs[name][0]}
            | {"all": runs[name]} for name in kernels}


def paired_table(paired: dict) -> str:
    lines = [["paired starts, median", "start -> ready (s)", "start -> first result (s)", "kernel CPU by then (s)"]]
    for name, r in paired.items():
        lines.append([name, f"{r['ready_s']:.2f}", f"{r['first_result_s']:.2f}", f"{r['first_result_cpu_s']:.2f}"])
    return columns(lines)


def table(results: list[dict]) -> str:
    headers = [r["kernel"] + (" (IPython, here)" if r["kernel"] == "python3" else "") for r in results] + ["goal"]
    rows = [
        ("runtime", lambda r: r["runtime"], ""),
        ("load average after its starts", lambda r: f"{r['load_average']:.1f}", ""),
        ("machine CPU busy during its starts (%)", lambda r: f"{100 * r['machine_busy_during_starts']:.0f}", ""),
        ("start -> ready, standard client (s)", lambda r: f"{r['ready_s']['median']:.2f}", ""),
        ("start -> first `1 + 1` result (s)", lambda r: f"{r['first_result_s']['median']:.2f}",
         f"<= {GOALS['first_result_s']}"),
        ("  kernel process CPU (user+sys) by then (s)", lambda r: f"{r['first_result_cpu_s']['median']:.2f}", ""),
        ("  same, class data sharing off (s)",
         lambda r: f"{r['first_result_no_cds_s']['median']:.2f}" if "first_result_no_cds_s" in r else "", ""),
        ("  kernel process CPU by then, class data sharing off (s)",
         lambda r: f"{r['first_result_no_cds_cpu_s']['median']:.2f}" if "first_result_no_cds_cpu_s" in r else "", ""),
        ("start -> kernel_info, tuned client (s)", lambda r: f"{r['tuned_kernel_info_s']['median']:.2f}", ""),
        ("1 + 1 round trip median (ms)", lambda r: f"{r['trivial_ms']['median']:.1f}", f"<= {GOALS['trivial_median_ms']}"),
        ("1 + 1 round trip p90 (ms)", lambda r: f"{r['trivial_ms']['p90']:.1f}", ""),
        ("println round trip median (ms)", lambda r: f"{r['print_ms']['median']:.1f}", ""),
        ("println round trip p90 (ms)", lambda r: f"{r['print_ms']['p90']:.1f}", ""),
    ]
    lines = [[""] + headers]
    for label, value, goal in rows:
        lines.append([label] + [value(r) for r in results] + [goal])
    return columns(lines)


def timeline_table(results: list[dict]) -> str:
    java = [r for r in results if "timeline_s" in r]
    if not java:
        return ""
    lines = [["start timeline, median s after start_new_kernel was called"]
             + [f"{r['kernel']} {what}" for r in java for what in ("wall", "JVM CPU")]]
    for step in STEPS:
        lines.append([step] + [f"{r[key][step]:.2f}" if step in r[key] else ""
                               for r in java for key in ("timeline_s", "timeline_cpu_s")])
    lines.append(["ready (client)"] + [x for r in java for x in (f"{r['ready_s']['median']:.2f}", "")])
    lines.append(["first result (client)"] + [x for r in java for x in (f"{r['first_result_s']['median']:.2f}", "")])
    return columns(lines)


def columns(lines: list[list[str]]) -> str:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", action="append", help="kernelspec to measure (repeatable; default paramlab)")
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--paired-starts", type=int, default=0,
                        help="then this many rounds of starts of all the --kernel's in turn (a fair comparison under load)")
    parser.add_argument("--out", default=str(REPO / "target" / "bench" / "kernel.json"))
    args = parser.parse_args()
    kernels = args.kernel or [os.environ.get("PARAMLAB_KERNEL", "paramlab")]
    kernels = list(dict.fromkeys(kernels + ["python3"]))  # IPython's kernel always, once

    results = []
    load_before = os.getloadavg()[0]
    for name in kernels:
        print(f"measuring {name}: {args.starts} starts, {args.reps} repetitions per cell ...", flush=True)
        results.append(measure(name, args.starts, args.reps))
    paired = {}
    if args.paired_starts > 0:
        print(f"paired starts: {args.paired_starts} rounds of {', '.join(kernels)} ...", flush=True)
        paired = paired_starts(kernels, args.paired_starts)
    load_after = os.getloadavg()[0]
    print()
    print(table(results))
    print()
    print(timeline_table(results))
    if paired:
        print()
        print(paired_table(paired))
    print(f"\nload average {load_before:.1f} before, {load_after:.1f} after, {os.cpu_count()} CPUs"
          " (figures from a loaded machine are slower; compare kernels measured in the same run)")
    report = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_average": [load_before, load_after]},
        "goals": GOALS, "results": results, "paired_starts": paired,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
