#!/usr/bin/env python3
"""CPU time the kernel spends to show one figure, for kernels given by name (peers in the same run).

The figure is notebook 10's biggest (cell c14r: the learning-rate schedule of its 927 training
steps, one LineChart line, ~26 kB of Plotly JSON), built with the same calls. Measured in CPU time,
so a busy machine changes it little: the cell thread's CPU for one display(fig) (rendered, its content
written, signed, handed to the iopub socket), median of ROUNDS after WARM displays. Out[n] goes through
the same rendering and content writer on the shell thread (MessengerTest); the kernel process's CPU per
cell was too noisy here (JIT and JShell's compile of each cell) to isolate it.

    .venv/bin/python scripts/bench_figure_display.py paramlab-before paramlab
"""
from __future__ import annotations

import statistics
import sys

from jupyter_client.manager import start_new_kernel

WARM, ROUNDS, REPEATS = 50, 300, 3

BUILD = r"""
int steps = 927;
double peak = 3e-3;
double[] stepNumbers = new double[steps], rates = new double[steps];
for (int i = 0; i < steps; i++) {
    int s = i + 1, warm = steps / 10;
    stepNumbers[i] = s;
    rates[i] = s <= warm ? peak * s / warm
            : peak / 10 + (peak - peak / 10) * 0.5 * (1 + Math.cos(Math.PI * (s - warm) / (steps - warm)));
}
Figure fig = new LineChart("The learning-rate schedule: linear warm-up for 92 steps, then a cosine to a tenth of the peak",
        "step", "learning rate").line("learning rate", stepNumbers, rates).figure();
System.out.println(org.paramlab.plot.PlotlyJson.toJson(fig).length());
"""

DISPLAYS = r"""
var threads = java.lang.management.ManagementFactory.getThreadMXBean();
for (int i = 0; i < %(warm)d; i++) display(fig);
long[] cpu = new long[%(rounds)d];
for (int i = 0; i < cpu.length; i++) {
    long start = threads.getCurrentThreadCpuTime();
    display(fig);
    cpu[i] = threads.getCurrentThreadCpuTime() - start;
}
Arrays.sort(cpu);
System.out.println(cpu[cpu.length / 2]);
"""

def run(kc, code: str) -> tuple[str, int]:
    """Runs a cell; returns what it printed and how many display/result messages it sent."""
    printed, shown = [], 0

    def hook(msg):
        nonlocal shown
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])
        elif msg["msg_type"] in ("display_data", "execute_result"):
            shown += 1

    reply = kc.execute_interactive(code, output_hook=hook, timeout=600)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"cell failed: {reply['content']}")
    return "".join(printed).strip(), shown


def measure(kernel_name: str) -> dict:
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=120)
    try:
        size, _ = run(kc, BUILD)
        display_ns, shown = run(kc, DISPLAYS % {"warm": WARM, "rounds": ROUNDS})
        assert shown == WARM + ROUNDS, shown
        return {"json_chars": int(size), "display_us": int(display_ns) / 1e3}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main(names: list[str]) -> None:
    results = {name: [] for name in names}
    for repeat in range(REPEATS):
        for name in names:  # interleaved: the machine's load falls on every kernel alike
            one = measure(name)
            results[name].append(one)
            print(f"run {repeat + 1} {name}: {one}", flush=True)
    print(f"\nmedian of {REPEATS} runs (cell thread CPU per display(fig), median of {ROUNDS} displays):")
    for name, runs in results.items():
        each = ", ".join(f"{r['display_us']:,.0f}" for r in runs)
        print(f"{name:>20}: figure JSON {runs[0]['json_chars']:,} chars;"
              f" {statistics.median(r['display_us'] for r in runs):,.0f} µs (runs: {each})")


if __name__ == "__main__":
    main(sys.argv[1:] or ["paramlab"])
