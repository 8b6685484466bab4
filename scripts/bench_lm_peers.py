#!/usr/bin/env python3
"""Peers for `make bench`: notebook 10's language-model training step, written in NumPy and in PyTorch.

The same step as lib/src/test/java/org/paramlab/bench/LanguageModelStepBench.java, on the same shapes and
with the same starting scales, timed as bench_step_peers.py times the small models (one thread: this
thread's CPU time, median of 9 repetitions of ~0.25 s):

    x      = concat(E[c1..c6])                     E: 2,004 x 32 ~ N(0, 1)        (the embedding gather)
    h      = tanh(x·W1 + b1 + P[pos])              W1: 192 x H Xavier-uniform, b1 = 0, P: 25 x H = 0
    logits = h·W2 + b2                             W2: H x 2,004 Xavier-uniform, b2 = 0
    loss   = softmax cross-entropy on the next token's class id, mean over the batch of 256
    AdamW on every parameter: lr 3e-3, weight decay 1, betas 0.9 / 0.999, eps 1e-8

  bench_lm_peers.py run numpy|torch --out FILE.json [--hidden 256 ...] [--threads N]
  bench_lm_peers.py table --lib lib-lm-step.json [--peer P.json ...] --out FILE.json

FLOPs counted, as the Java benchmark counts them: the six matrix products of the two Dense layers (per
layer X·W, X^T·dY, dY·W^T), 2 per multiply-add, 6·B·(192·H + H·V). All three frameworks do all six: the
embedding table needs the gradient of the hidden layer's input, so even PyTorch's autograd computes dX there.

Before it is timed, the PyTorch step is checked against the NumPy step: the same starting numbers, the same
batch, three steps, the same losses (within float32 rounding); tests/test_bench_lm_peers.py checks the NumPy
step against numerical derivatives and against the Java library.
"""
import argparse
import json
import platform
import sys

from bench_step_peers import REPETITIONS, measure, numpy_blas, write_json

VOCAB, CONTEXT, DIM, POSITIONS, BATCH = 2004, 6, 32, 25, 256
HIDDENS = [256]
LEARNING_RATE, WEIGHT_DECAY, BETAS, EPS = 3e-3, 1.0, (0.9, 0.999), 1e-8


def flops(hidden, batch=BATCH, vocab=VOCAB):
    return 3 * 2.0 * batch * (CONTEXT * DIM * hidden + hidden * vocab)


def starting_parameters(np, hidden, vocab=VOCAB, dim=DIM, context=CONTEXT, positions=POSITIONS, seed=4, dtype="float32"):
    """The library's starting scales: embedding N(0, 1), Dense weights Xavier-uniform, biases and positions 0."""
    rng = np.random.default_rng(seed)

    def xavier(fan_in, fan_out):                       # U(-a, a), a = sqrt(6 / (fanIn + fanOut))
        a = np.sqrt(6 / (fan_in + fan_out))
        return rng.uniform(-a, a, (fan_in, fan_out)).astype(dtype)

    return {"E": rng.standard_normal((vocab, dim)).astype(dtype),
            "W1": xavier(context * dim, hidden), "b1": np.zeros(hidden, dtype),
            "P": np.zeros((positions, hidden), dtype),
            "W2": xavier(hidden, vocab), "b2": np.zeros(vocab, dtype)}


def random_batch(np, batch=BATCH, vocab=VOCAB, context=CONTEXT, positions=POSITIONS, seed=5):
    """Context ids (batch x 6), positions (batch) and next-token class ids (batch)."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, vocab, (batch, context)), rng.integers(0, positions, batch), rng.integers(0, vocab, batch)


class NumpyLanguageModel:
    """The step in NumPy, in the arrays' own precision, into preallocated arrays where NumPy allows it.

    `parameters` maps E, W1, b1, P, W2, b2 to arrays (updated in place); `ids` is batch x context,
    `positions` and `targets` have one entry per row.
    """

    def __init__(self, parameters, ids, positions, targets, lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY,
                 betas=BETAS, eps=EPS):
        import numpy as np
        self.np = np
        self.p = parameters
        self.ids, self.positions, self.targets = ids, positions, targets
        self.rows = np.arange(len(targets))
        batch, hidden, vocab = len(targets), parameters["W1"].shape[1], parameters["W2"].shape[1]
        dtype = parameters["E"].dtype
        self.x = np.empty((batch, ids.shape[1] * parameters["E"].shape[1]), dtype)
        self.h = np.empty((batch, hidden), dtype)
        self.z = np.empty((batch, vocab), dtype)
        self.dh = np.empty_like(self.h)
        self.dx = np.empty_like(self.x)
        self.grad = {k: np.zeros_like(v) for k, v in parameters.items()}
        self.m = {k: np.zeros_like(v) for k, v in parameters.items()}
        self.v = {k: np.zeros_like(v) for k, v in parameters.items()}
        self.scratch = {k: np.empty_like(v) for k, v in parameters.items()}
        self.lr, self.weight_decay, self.betas, self.eps, self.t = lr, weight_decay, betas, eps, 0

    def loss_and_gradients(self):
        """Forward, loss, backward: returns the mean loss and fills self.grad."""
        np, p, g = self.np, self.p, self.grad
        batch, dim = len(self.targets), p["E"].shape[1]
        x, h, z, dh, dx = self.x, self.h, self.z, self.dh, self.dx
        np.take(p["E"], self.ids, axis=0, out=x.reshape(batch, -1, dim))   # X[r] = concat(E[c1], ..., E[c6])
        np.matmul(x, p["W1"], out=h)                                       # A = X·W1 + b1 + P[pos]
        h += p["b1"]
        h += p["P"][self.positions]
        np.tanh(h, out=h)                                                  # H = tanh(A)
        np.matmul(h, p["W2"], out=z)                                       # Z = H·W2 + b2
        z += p["b2"]
        # softmax cross-entropy on class ids: L = mean(logsumexp(z) - z_y), dZ = (softmax(z) - onehot(y)) / B
        z -= z.max(axis=1, keepdims=True)
        z_target = z[self.rows, self.targets]
        np.exp(z, out=z)
        total = z.sum(axis=1, keepdims=True)
        loss = float(np.mean(np.log(total[:, 0]) - z_target))
        z /= total
        z[self.rows, self.targets] -= 1
        z /= batch
        np.matmul(h.T, z, out=g["W2"])                                     # dW2 = H^T·dZ, db2 = column sums of dZ
        np.sum(z, axis=0, out=g["b2"])
        np.matmul(z, p["W2"].T, out=dh)                                    # dH = dZ·W2^T
        dh *= 1 - h * h                                                    # dA = dH * (1 - tanh^2)
        np.matmul(x.T, dh, out=g["W1"])                                    # dW1 = X^T·dA, db1 = column sums of dA
        np.sum(dh, axis=0, out=g["b1"])
        g["P"].fill(0)                                                     # dP[pos] += dA (scatter-add)
        np.add.at(g["P"], self.positions, dh)
        np.matmul(dh, p["W1"].T, out=dx)                                   # dX = dA·W1^T
        g["E"].fill(0)                                                     # dE[c_j] += dX[r, block j]
        np.add.at(g["E"], self.ids.ravel(), dx.reshape(-1, dim))
        return loss

    def adamw(self):
        """p = p - lr (mHat / (sqrt(vHat) + eps) + weightDecay p), as the library's AdamW."""
        np = self.np
        self.t += 1
        beta1, beta2 = self.betas
        correction1, correction2 = 1 - beta1 ** self.t, 1 - beta2 ** self.t
        for k, p in self.p.items():
            g, m, v, s = self.grad[k], self.m[k], self.v[k], self.scratch[k]
            m *= beta1                                                     # m = beta1 m + (1 - beta1) g
            m += np.multiply(g, 1 - beta1, out=s)
            v *= beta2                                                     # v = beta2 v + (1 - beta2) g^2
            np.multiply(g, g, out=s)
            s *= 1 - beta2
            v += s
            np.divide(v, correction2, out=s)                               # s = mHat / (sqrt(vHat) + eps)
            np.sqrt(s, out=s)
            s += self.eps
            np.divide(m, s, out=s)
            s /= correction1
            s *= self.lr
            p *= 1 - self.lr * self.weight_decay                           # p - lr weightDecay p, then - lr s
            p -= s

    def step(self):
        loss = self.loss_and_gradients()
        self.adamw()
        return loss


def torch_language_model(torch, parameters):
    """The same model in torch.nn, starting from the same numbers (Linear keeps its weight as out x in)."""
    e, w1, w2 = parameters["E"], parameters["W1"], parameters["W2"]

    class LanguageModel(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = torch.nn.Embedding(*e.shape)
            self.hidden = torch.nn.Linear(*w1.shape)
            self.position = torch.nn.Embedding(*parameters["P"].shape)
            self.output = torch.nn.Linear(*w2.shape)
            with torch.no_grad():
                for tensor, value in ((self.embedding.weight, e), (self.hidden.weight, w1.T), (self.hidden.bias, parameters["b1"]),
                                      (self.position.weight, parameters["P"]), (self.output.weight, w2.T),
                                      (self.output.bias, parameters["b2"])):
                    tensor.copy_(torch.from_numpy(value.copy()))

        def forward(self, ids, positions):
            x = self.embedding(ids).flatten(1)
            return self.output(torch.tanh(self.hidden(x) + self.position(positions)))

    return LanguageModel()


def torch_step(torch, parameters, ids, positions, targets):
    model = torch_language_model(torch, parameters)
    adamw = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY, betas=BETAS, eps=EPS)
    ids, positions, targets = (torch.from_numpy(a) for a in (ids, positions, targets))

    def step():
        adamw.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(ids, positions), targets)
        loss.backward()
        adamw.step()
        return loss.item()
    return step


def check_torch_against_numpy(torch, np, steps=3):
    """Three steps of both from the same numbers (a small vocabulary, to be quick); the losses must agree."""
    params = starting_parameters(np, 16, vocab=50, seed=9)
    batch = random_batch(np, batch=32, vocab=50, seed=10)
    with_numpy = NumpyLanguageModel({k: v.copy() for k, v in params.items()}, *batch)
    with_torch = torch_step(torch, params, *batch)
    numpy_losses = [with_numpy.step() for _ in range(steps)]
    torch_losses = [with_torch() for _ in range(steps)]
    worst = max(abs(a - b) / abs(a) for a, b in zip(numpy_losses, torch_losses))
    if worst > 1e-5:
        sys.exit(f"bench_lm_peers: the PyTorch step is not the NumPy step: losses {torch_losses} against {numpy_losses}")
    return {"numpy_losses": numpy_losses, "torch_losses": torch_losses, "worst_relative_difference": worst}


def run(args):
    import numpy as np
    if args.framework == "numpy":
        info = {"framework": "numpy", "version": np.__version__, "blas": numpy_blas(args.threads)}

        def make(hidden):
            return NumpyLanguageModel(starting_parameters(np, hidden), *random_batch(np)).step
    else:
        import torch
        torch.set_num_threads(args.threads)
        info = {"framework": "torch", "version": torch.__version__, "threads": torch.get_num_threads(),
                "same_losses_as_numpy": check_torch_against_numpy(torch, np)}

        def make(hidden):
            return torch_step(torch, starting_parameters(np, hidden), *random_batch(np))
    results = []
    for hidden in args.hidden:
        seconds = measure(make(hidden), args.threads)
        f = flops(hidden)
        results.append({"hidden": hidden, "batch": BATCH, "vocab": VOCAB, "steps_per_s": 1 / seconds,
                        "ms_per_step": 1e3 * seconds, "flops_per_step": f, "gflops": f / seconds / 1e9})
        print(f"  {args.framework} language-model step, hidden {hidden}: {1 / seconds:.1f} steps/s, "
              f"{f / seconds / 1e9:.1f} GFLOP/s", file=sys.stderr)
    out = dict(info, threads=args.threads, python=platform.python_version(), repetitions=REPETITIONS,
               clock="thread CPU time" if args.threads == 1 else "wall clock",
               statistic="median" if args.threads == 1 else "min", results=results)
    write_json(args.out, out)


def table(args):
    lib = json.load(open(args.lib))
    peers = [json.load(open(p)) for p in args.peer]
    peers = [p for p in peers if p.get("threads", 1) == lib.get("threads", 1)]
    peers.sort(key=lambda p: ["numpy", "torch"].index(p["framework"]))
    names = {"numpy": "NumPy", "torch": "PyTorch"}
    peak = lib.get("peak_gflops_per_core")
    threads = lib.get("threads", 1)
    print(f"Language-model step of notebook 10 (batch {BATCH}, vocabulary {VOCAB}, AdamW), {threads} thread(s): "
          f"ParamLab ({lib['products']}) beside its peers; {lib['clock']}, {lib['statistic']} of {lib['repetitions']}")
    for p in peers:
        if p["framework"] == "numpy":
            print(f"NumPy {p['version']}, BLAS: " + "; ".join(
                f"{b.get('internal_api')} {b.get('version') or ''} kernel {b.get('architecture')}" for b in p["blas"]))
        else:
            print(f"PyTorch {p['version']}; its step gave the NumPy step's losses within "
                  f"{p['same_losses_as_numpy']['worst_relative_difference']:.1e} (relative)")
    head = f"{'hidden':<7} {'ParamLab':>9} {'ms/step':>8} {'GFLOP/s':>8}"
    for p in peers:
        head += f" {names[p['framework']]:>9} {'ms/step':>8} {'GFLOP/s':>8} {'ratio':>6}"
    print(f"steps/s (ratio = ParamLab / peer, above 1: ParamLab faster); GFLOP/s of the six products, limit "
          f"{peak:.0f} per core")
    print(head)
    combined = {"benchmark": "lm-step-peers", "flops_counted": lib["flops_counted"], "peak_gflops_per_core": peak,
                "rows": []}
    for r in lib["results"]:
        line = f"{r['hidden']:<7} {r['steps_per_s']:>9.1f} {r['ms_per_step']:>8.2f} {r['gflops']:>8.1f}"
        row = {"hidden": r["hidden"], "batch": r["batch"], "paramlab_steps_per_s": r["steps_per_s"],
               "paramlab_ms_per_step": r["ms_per_step"], "paramlab_gflops": r["gflops"]}
        for p in peers:
            fw = p["framework"]
            match = [x for x in p["results"] if x["hidden"] == r["hidden"] and x["batch"] == r["batch"]]
            if not match:
                line += f" {'-':>9} {'-':>8} {'-':>8} {'-':>6}"
                continue
            m = match[0]
            ratio = r["steps_per_s"] / m["steps_per_s"]
            line += f" {m['steps_per_s']:>9.1f} {m['ms_per_step']:>8.2f} {m['gflops']:>8.1f} {ratio:>6.2f}"
            row.update({f"{fw}_steps_per_s": m["steps_per_s"], f"{fw}_ms_per_step": m["ms_per_step"],
                        f"{fw}_gflops": m["gflops"], f"paramlab_over_{fw}": ratio})
        print(line)
        combined["rows"].append(row)
    combined["peers"] = [{k: v for k, v in p.items() if k != "results"} for p in peers]
    combined["paramlab"] = {k: v for k, v in lib.items() if k != "results"}
    write_json(args.out, combined)
    print(f"wrote {args.out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("framework", choices=["numpy", "torch"])
    r.add_argument("--hidden", type=int, nargs="+", default=HIDDENS)
    r.add_argument("--threads", type=int, default=1)
    r.add_argument("--out", required=True)
    t = sub.add_parser("table")
    t.add_argument("--lib", required=True)
    t.add_argument("--peer", action="append", default=[])
    t.add_argument("--out", required=True)
    args = parser.parse_args()
    run(args) if args.command == "run" else table(args)


if __name__ == "__main__":
    main()
