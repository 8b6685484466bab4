#!/usr/bin/env python3
"""Peers for `make bench`: the library's training step, written in NumPy and in PyTorch.

The same step as lib/src/test/java/org/paramlab/bench/TrainingStepBench.java: Dense -> ReLU -> Dense,
softmax cross-entropy, plain SGD, FP32, on the same widths and batches, timed the same way (one
thread: this thread's CPU time, median of 9 repetitions of ~0.25 s; more threads: wall clock, best
of 9).

  bench_step_peers.py run numpy|torch --threads N [--widths | --config I-H-CxB] --out FILE.json
  bench_step_peers.py table --lib A.json [--lib B.json ...] [--peer P.json ...] --out FILE.json

`run` measures one framework (with --widths: 784-H-10 at batch 128 for H = 64 ... 4,096, how the cost
grows with the model; with --config 784-512-10x512, that one step: a round of scripts/bench_paired.py); `table` prints ParamLab beside its peers, one table per thread count (steps/s,
ratios, GFLOP/s beside the machine's limit), and a table per width for a --widths run, and writes the
combined JSON.

Flops counted are the matrix products each framework does, 2 flops per multiply-add: five (per
layer: forward, dW, dX; the first layer's dX is not needed, as its input is the data). PyTorch's
autograd skips it, so does ParamLab's trainer, and so does the NumPy step here.
"""
import argparse
import json
import os
import platform
import re
import statistics
import sys
import time

BATCHES = [32, 128, 512]
WIDTHS = [(64, 256, 10), (784, 512, 10)]
SWEEP_HIDDEN = [64, 128, 256, 512, 1024, 2048, 4096]   # the width sweep: 784-H-10 at batch 128
SWEEP_BATCH = 128
REPETITIONS = 9
SECONDS_PER_REPETITION = 0.25


def flops(inputs, hidden, classes, batch):
    """The five products of a step (layer 1: forward and dW; layer 2: forward, dW, dX), 2 flops per multiply-add."""
    layer1 = 2.0 * batch * inputs * hidden
    layer2 = 2.0 * batch * hidden * classes
    return 2 * layer1 + 3 * layer2


def parse_config(text):
    """'784-512-10x512' -> (784, 512, 10, 512): widths and batch of one step."""
    m = re.fullmatch(r"(\d+)-(\d+)-(\d+)x(\d+)", text)
    if not m:
        raise argparse.ArgumentTypeError(f"want widths and batch as I-H-CxB, e.g. 784-512-10x512; got {text!r}")
    config = tuple(int(g) for g in m.groups())
    if 0 in config:
        raise argparse.ArgumentTypeError(f"widths and batch must be at least 1; got {text!r}")
    return config


def configs(widths, only=None):
    """(inputs, hidden, classes, batch) of a run: the bench's six steps, the width sweep, or one step."""
    if only:
        return [only]
    if widths:
        return [(784, hidden, 10, SWEEP_BATCH) for hidden in SWEEP_HIDDEN]
    return [(i, h, c, b) for i, h, c in WIDTHS for b in BATCHES]


def timer(threads):
    # one thread: CPU time of this thread (robust to other work on a shared machine); more: wall clock
    return time.thread_time if threads == 1 else time.perf_counter


STEADY = 1.05               # a warm-up repetition at most this much faster than the one before: warmed up
MAX_WARM_UP_SECONDS = 15


def warm_up(step, clock):
    """Runs the step until its speed is steady, as TrainingStepBench.calibrate does for ParamLab: repetitions of the
    timed length until one is at most 5 % faster than the one before (at least 1 s, at most 15 s). Returns the steps per
    repetition."""
    steps, warmed, last = 1, 0.0, float("inf")
    while True:
        start = clock()
        for _ in range(steps):
            step()
        seconds = clock() - start
        warmed += seconds
        if seconds < SECONDS_PER_REPETITION / 4:
            steps *= 2                        # too short to time well yet
            continue
        per_step = seconds / steps
        steps = max(1, round(SECONDS_PER_REPETITION / per_step))
        if (per_step > last / STEADY and warmed >= 1.0) or warmed >= MAX_WARM_UP_SECONDS:
            return steps
        last = per_step


def measure(step, threads):
    clock = timer(threads)
    steps = warm_up(step, clock)
    per_step = []
    for _ in range(REPETITIONS):
        start = clock()
        for _ in range(steps):
            step()
        per_step.append((clock() - start) / steps)
    return statistics.median(per_step) if threads == 1 else min(per_step)


def openblas_info(np):
    """What threadpoolctl would report, asked of the OpenBLAS that NumPy's wheel ships (numpy.libs/)."""
    import ctypes
    import glob
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__) + ".libs", "libscipy_openblas*.so"))
    if not libs:
        return {"internal_api": "unknown (no threadpoolctl, no bundled OpenBLAS)",
                "num_threads": os.environ.get("OPENBLAS_NUM_THREADS")}
    lib = ctypes.CDLL(libs[0])
    for f in ("scipy_openblas_get_corename64_", "scipy_openblas_get_config64_"):
        getattr(lib, f).restype = ctypes.c_char_p
    return {"internal_api": "openblas", "version": lib.scipy_openblas_get_config64_().decode().split()[1],
            "architecture": lib.scipy_openblas_get_corename64_().decode(),
            "num_threads": lib.scipy_openblas_get_num_threads64_()}


def numpy_blas(threads):
    """Limits NumPy's BLAS to `threads` (when threadpoolctl is there) and says which BLAS and kernel it runs."""
    import numpy as np
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
        threadpool_limits(limits=threads)
        return [{k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
                for i in threadpool_info() if i.get("user_api") == "blas"]
    except ImportError:                       # the thread count then comes from OPENBLAS_NUM_THREADS (bench-lib.sh)
        return [openblas_info(np)]


def numpy_peer(threads):
    import numpy as np
    blas = numpy_blas(threads)

    def make(inputs, hidden, classes, batch):
        rng = np.random.default_rng(42)
        f32 = np.float32
        x = rng.standard_normal((batch, inputs), dtype=f32)
        y = np.zeros((batch, classes), f32)
        y[np.arange(batch), rng.integers(0, classes, batch)] = 1
        limit1, limit2 = np.sqrt(6 / inputs), np.sqrt(6 / hidden)    # He-uniform, as the library's Dense
        w1 = rng.uniform(-limit1, limit1, (inputs, hidden)).astype(f32)
        w2 = rng.uniform(-limit2, limit2, (hidden, classes)).astype(f32)
        b1, b2 = np.zeros(hidden, f32), np.zeros(classes, f32)
        h, z = np.empty((batch, hidden), f32), np.empty((batch, classes), f32)
        dw1, dw2, dh = np.empty_like(w1), np.empty_like(w2), np.empty_like(h)
        lr = f32(0.01)

        def step():
            np.matmul(x, w1, out=h)                      # H = X·W1 + b1
            np.add(h, b1, out=h)
            np.maximum(h, 0, out=h)                      # ReLU
            np.matmul(h, w2, out=z)                      # Z = H·W2 + b2
            np.add(z, b2, out=z)
            np.subtract(z, z.max(axis=1, keepdims=True), out=z)   # softmax cross-entropy: dZ = (softmax(Z) - Y) / batch
            np.exp(z, out=z)
            np.divide(z, z.sum(axis=1, keepdims=True), out=z)
            np.subtract(z, y, out=z)
            np.divide(z, f32(batch), out=z)
            np.matmul(h.T, z, out=dw2)                   # dW2 = H^T·dZ, db2, dH = dZ·W2^T
            db2 = z.sum(axis=0)
            np.matmul(z, w2.T, out=dh)
            np.multiply(dh, h > 0, out=dh)               # through the ReLU
            np.matmul(x.T, dh, out=dw1)                  # dW1 = X^T·dH, db1 (dX of the data: not needed)
            db1 = dh.sum(axis=0)
            np.subtract(w1, lr * dw1, out=w1)            # SGD: new = old - lr * grad
            np.subtract(b1, lr * db1, out=b1)
            np.subtract(w2, lr * dw2, out=w2)
            np.subtract(b2, lr * db2, out=b2)
        return step

    info = {"framework": "numpy", "version": np.__version__, "blas": blas}
    return make, info


def torch_peer(threads):
    import torch
    torch.set_num_threads(threads)

    def make(inputs, hidden, classes, batch):
        torch.manual_seed(42)
        model = torch.nn.Sequential(torch.nn.Linear(inputs, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, classes))
        loss_fn = torch.nn.CrossEntropyLoss()
        sgd = torch.optim.SGD(model.parameters(), lr=0.01)
        x = torch.randn(batch, inputs)
        y = torch.randint(0, classes, (batch,))

        def step():
            sgd.zero_grad()
            loss_fn(model(x), y).backward()
            sgd.step()
        return step

    info = {"framework": "torch", "version": torch.__version__, "threads": torch.get_num_threads(),
            "cpu_capability": torch.backends.cpu.get_cpu_capability(),      # AVX512, or AVX2 when told so
            "config": torch.__config__.parallel_info().splitlines()[:6]}
    return make, info


def run(args):
    make, info = (numpy_peer if args.framework == "numpy" else torch_peer)(args.threads)
    results = []
    for inputs, hidden, classes, batch in configs(args.widths, args.config):
        seconds = measure(make(inputs, hidden, classes, batch), args.threads)
        f = flops(inputs, hidden, classes, batch)
        results.append({"widths": [inputs, hidden, classes], "batch": batch, "steps_per_s": 1 / seconds,
                        "flops_per_step": f, "gflops": f / seconds / 1e9})
        print(f"  {args.framework} {args.threads}t {inputs}-{hidden}-{classes} batch {batch}: "
              f"{1 / seconds:.1f} steps/s, {f / seconds / 1e9:.1f} GFLOP/s", file=sys.stderr)
    out = dict(info, threads=args.threads, sweep="widths" if args.widths else "one step" if args.config else "steps", python=platform.python_version(), repetitions=REPETITIONS,
               clock="thread CPU time" if args.threads == 1 else "wall clock",
               statistic="median" if args.threads == 1 else "min", results=results)
    write_json(args.out, out)


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


def table(args):
    libs = sorted((json.load(open(f)) for f in args.lib), key=lambda r: r["threads"])
    peers = [json.load(open(p)) for p in args.peer]
    peak = libs[0].get("peak_gflops_per_core")
    widths = args.widths
    products = re.sub(r", \d+ threads?\)", ")", libs[0]["products"])
    print(f"Training step, ParamLab ({products}) beside its peers; FP32, Dense -> ReLU -> Dense + "
          f"softmax cross-entropy + SGD" + (f"; 784-H-10 at batch {SWEEP_BATCH}: how the cost grows" if widths else ""))
    print(f"Machine limit measured here: {peak:.0f} GFLOP/s per core; {libs[0].get('processors')} cores; one thread: thread "
          f"CPU time, median of {libs[0]['repetitions']}; more threads: wall clock, best of {libs[-1]['repetitions']}. "
          f"Peers ran in the same `make bench`.")
    for p in peers:
        if p["framework"] == "numpy":
            print(f"NumPy {p['version']} ({p['threads']} thread(s)), BLAS: "
                  + "; ".join(f"{b.get('internal_api')} {b.get('version') or ''} kernel {b.get('architecture')}" for b in p["blas"]))
        else:
            print(f"PyTorch {p['version']} ({p['threads']} thread(s))"
                  + (f", kernels {p['cpu_capability']}" if p.get("cpu_capability") else ""))
    frameworks = sorted({p["framework"] for p in peers}, key=["numpy", "torch"].index)
    combined = {"benchmark": "width-sweep-peers" if widths else "training-step-peers", "peak_gflops_per_core": peak,
                "rows": []}
    for lib in libs:
        threads = lib["threads"]
        head = f"{'widths':<13} {'batch':>5} {'ParamLab':>10} {'GFLOP/s':>8}"
        for fw in frameworks:
            head += f" {fw:>10} {'GFLOP/s':>8} {'ratio':>6}"
        print(f"\n{threads} thread{'s' if threads > 1 else ''}: steps/s (ratio = ParamLab / peer; GFLOP/s of the five "
              f"products, limit {peak * threads:.0f})")
        print(head)
        for r in lib["results"]:
            key = (tuple(r["widths"]), r["batch"])
            line = f"{'-'.join(map(str, r['widths'])):<13} {r['batch']:>5} {r['library_steps_per_s']:>10.1f} " \
                   f"{r['library_gflops']:>8.1f}"
            row = {"threads": threads, "widths": r["widths"], "batch": r["batch"],
                   "paramlab_steps_per_s": r["library_steps_per_s"], "paramlab_gflops": r["library_gflops"]}
            for fw in frameworks:
                match = [x for p in peers if p["framework"] == fw and p["threads"] == threads
                         for x in p["results"] if (tuple(x["widths"]), x["batch"]) == key]
                if match:
                    m = match[0]
                    ratio = r["library_steps_per_s"] / m["steps_per_s"]
                    line += f" {m['steps_per_s']:>10.1f} {m['gflops']:>8.1f} {ratio:>6.2f}"
                    row.update({f"{fw}_steps_per_s": m["steps_per_s"], f"{fw}_gflops": m["gflops"],
                                f"paramlab_over_{fw}": ratio})
                else:
                    line += f" {'-':>10} {'-':>8} {'-':>6}"
            print(line)
            combined["rows"].append(row)
    if len(libs) > 1 and not widths:
        print("\nScaling: steps/s on t threads / steps/s on 1 (the same framework)")
        print(f"{'widths':<13} {'batch':>5} " + " ".join(f"{'ParamLab ' + str(l['threads']) + 't':>12}" for l in libs[1:])
              + "".join(f" {fw + ' ' + str(l['threads']) + 't':>12}" for fw in frameworks for l in libs[1:]))
        for i, r in enumerate(libs[0]["results"]):
            line = f"{'-'.join(map(str, r['widths'])):<13} {r['batch']:>5} "
            line += " ".join(f"{l['results'][i]['library_steps_per_s'] / r['library_steps_per_s']:>12.2f}" for l in libs[1:])
            for fw in frameworks:
                one = [x for p in peers if p["framework"] == fw and p["threads"] == 1 for x in p["results"]
                       if x["widths"] == r["widths"] and x["batch"] == r["batch"]]
                for l in libs[1:]:
                    more = [x for p in peers if p["framework"] == fw and p["threads"] == l["threads"] for x in p["results"]
                            if x["widths"] == r["widths"] and x["batch"] == r["batch"]]
                    line += f" {more[0]['steps_per_s'] / one[0]['steps_per_s']:>12.2f}" if one and more else f" {'-':>12}"
            print(line)
    combined["peers"] = [{k: v for k, v in p.items() if k != "results"} for p in peers]
    combined["paramlab"] = {lib["threads"]: {k: v for k, v in lib.items() if k != "results"} for lib in libs}
    write_json(args.out, combined)
    print(f"wrote {args.out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("framework", choices=["numpy", "torch"])
    r.add_argument("--threads", type=int, default=1)
    r.add_argument("--widths", action="store_true", help="the width sweep instead of the six steps")
    r.add_argument("--config", type=parse_config, help="one step only, I-H-CxB (784-512-10x512)")
    r.add_argument("--out", required=True)
    t = sub.add_parser("table")
    t.add_argument("--lib", action="append", required=True, help="a ParamLab JSON (one per thread count)")
    t.add_argument("--peer", action="append", default=[])
    t.add_argument("--widths", action="store_true", help="the runs are width sweeps")
    t.add_argument("--out", required=True)
    args = parser.parse_args()
    run(args) if args.command == "run" else table(args)


if __name__ == "__main__":
    main()
