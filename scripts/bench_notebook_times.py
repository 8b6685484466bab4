#!/usr/bin/env python3
"""How long each notebook takes, Restart & Run All, as a learner meets it: before and after a change.

Runs every notebook (or those named) top to bottom with each kernel given, interleaved (notebook 01 with
kernel A, then with kernel B, then 02 ...) so that other work on the machine hits both alike. For each run
it reports the wall clock (what the learner waits) and the kernel JVM's CPU time (user + system of all its
threads: the work done, which the load of a shared machine inflates less), with the load average beside.

  scripts/bench_notebook_times.py --kernel paramlab-base --kernel paramlab [--notebook 10 ...] \
      [--env PARAMLAB_KERNEL_PROFILE=class] [--out target/bench/notebook-times.json]

To time main against a branch: build main's jars elsewhere (`git archive main | tar -x -C /tmp/base`,
`scripts/mvn -q package -DskipTests` there) and install them as a second kernel
(`scripts/install-kernel.sh .venv --name paramlab-base --build /tmp/base/kernel/target`).
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and the children it waited for (/proc/PID/stat), in seconds."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks   # utime, stime, cutime, cstime


def run(path: pathlib.Path, kernel: str) -> dict:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=600, startup_timeout=120, allow_errors=True,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    load = os.getloadavg()[0]
    start = time.monotonic()
    cpu = None
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid
        client.execute(cleanup_kc=False)
        cpu = cpu_seconds(pid)
    wall = time.monotonic() - start
    errors = sum(1 for c in nb.cells if c.cell_type == "code"
                 for o in c.get("outputs", []) if o.get("output_type") == "error")
    return {"kernel": kernel, "wall_s": round(wall, 2), "kernel_cpu_s": round(cpu, 2), "load_before": round(load, 2),
            "error_outputs": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernel", action="append", required=True)
    parser.add_argument("--notebook", action="append", help="a number such as 10 (default: all)")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the kernels, e.g. PARAMLAB_THREADS=1")
    parser.add_argument("--out", default="target/bench/notebook-times.json")
    args = parser.parse_args()
    for item in args.env:
        name, value = item.split("=", 1)
        os.environ[name] = value
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if args.notebook:
        paths = [p for p in paths if p.name[:2] in args.notebook]
    results = []
    print(f"{'notebook':<34} " + " ".join(f"{k + ' wall / CPU s':>30}" for k in args.kernel) + "   load")
    for path in paths:
        row = {"notebook": path.name, "runs": [run(path, k) for k in args.kernel]}
        results.append(row)
        print(f"{path.name:<34} " + " ".join(f"{r['wall_s']:>17.1f} / {r['kernel_cpu_s']:>8.1f}"
                                            + (f" ({r['error_outputs']} errors)" if r["error_outputs"] else "")
                                            for r in row["runs"])
              + f"   {row['runs'][0]['load_before']:.1f}", flush=True)
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"env": args.env, "cores": os.cpu_count(), "results": results}, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
