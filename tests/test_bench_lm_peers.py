"""The NumPy peer of notebook 10's language-model step (scripts/bench_lm_peers.py) does the library's step.

`make bench` sets ParamLab's language-model step beside the same step in NumPy and PyTorch; a ratio only
means something if the peers compute the same thing. Here, on tiny shapes (fast, no PyTorch needed):

  * the NumPy step's gradients match central differences of its own loss, in float64, for every parameter
    (the embedding gather and its scatter-add, the position embedding, tanh, softmax cross-entropy on class ids);
  * from the numbers a Java model of the library starts with (run in the ParamLab kernel), three NumPy steps
    give the library's three losses, and the parameters after them, within float32 rounding: the same
    forward pass, gradients and AdamW (lr 3e-3, weight decay 1).

(The PyTorch peer checks itself against the NumPy step before `make bench` times it.)
"""
from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import bench_lm_peers as peers  # noqa: E402

pytestmark = pytest.mark.timeout(120)

VOCAB, DIM, CONTEXT, POSITIONS, HIDDEN, BATCH = 13, 4, 3, 5, 8, 6


def tiny_model(dtype: str) -> peers.NumpyLanguageModel:
    params = peers.starting_parameters(np, HIDDEN, vocab=VOCAB, dim=DIM, context=CONTEXT, positions=POSITIONS,
                                       seed=1, dtype=dtype)
    rng = np.random.default_rng(2)
    for name in ("b1", "P", "b2"):           # not zero, so that their use in the forward pass is checked too
        params[name] = rng.normal(0, 0.5, params[name].shape).astype(dtype)
    batch = peers.random_batch(np, batch=BATCH, vocab=VOCAB, context=CONTEXT, positions=POSITIONS, seed=3)
    return peers.NumpyLanguageModel(params, *batch)


def test_numpy_gradients_match_central_differences() -> None:
    model = tiny_model("float64")
    model.loss_and_gradients()
    analytic = {k: g.copy() for k, g in model.grad.items()}
    h = 1e-6
    rng = np.random.default_rng(4)
    for name, value in model.p.items():
        flat = value.reshape(-1)
        # every entry of the small tensors; for the embedding table, the rows the batch looks up and two it does not
        entries = range(flat.size) if flat.size <= 64 else sorted(
            set(rng.choice(flat.size, 40, replace=False)) | {model.ids[0, 0] * DIM, model.ids[-1, -1] * DIM + DIM - 1})
        for i in entries:
            saved = flat[i]
            flat[i] = saved + h
            up = model.loss_and_gradients()
            flat[i] = saved - h
            down = model.loss_and_gradients()
            flat[i] = saved
            numeric = (up - down) / (2 * h)
            exact = analytic[name].reshape(-1)[i]
            assert abs(numeric - exact) <= 1e-6 * max(1.0, abs(numeric)), \
                f"{name}{tuple(int(k) for k in np.unravel_index(i, value.shape))}: gradient {exact:.9g}, central difference {numeric:.9g}"
    untouched = sorted(set(range(VOCAB)) - set(model.ids.ravel()))
    assert untouched and not analytic["E"][untouched].any(), "rows of E no example looked up got a gradient"


JAVA_STEPS = """
var model = new Sequential(
        new Sum("hidden + position",
                new Sequential(new ContextEmbedding("embedding", %(vocab)d, %(dim)d, %(context)d, 1L),
                        new Dense("hidden", %(context)d * %(dim)d, %(hidden)d, Initializers.xavierUniform(), Initializers.normal(0f, 0.5f), 2L)),
                new PositionEmbedding("position", %(positions)d, %(hidden)d, %(context)d, Initializers.normal(0f, 0.5f), 3L)),
        new Tanh(),
        new Dense("output", %(hidden)d, %(vocab)d, Initializers.xavierUniform(), Initializers.normal(0f, 0.5f), 4L));
var rng = new Random(5);
var x = new FMatrixRMaj(%(batch)d, %(context)d + 1);
var y = new FMatrixRMaj(%(batch)d, 1);
for (int r = 0; r < %(batch)d; r++) {
    for (int j = 0; j <= %(context)d; j++) x.set(r, j, rng.nextInt(j < %(context)d ? %(vocab)d : %(positions)d));
    y.set(r, 0, rng.nextInt(%(vocab)d));
}
String values(Layer m) {
    var s = new StringBuilder("{");
    for (var p : m.parameters()) s.append(s.length() > 1 ? ", " : "").append('"').append(p.name()).append("\\": ").append(Arrays.toString(p.value().data));
    return s.append("}").toString();
}
String before = values(model);
var loss = new SoftmaxCrossEntropy();
var adamW = new AdamW(model.parameters(), 3e-3f, 1f);
var losses = new ArrayList<Float>();
for (int step = 0; step < 3; step++) {
    adamW.zeroGrad();
    losses.add(loss.forward(model.forward(x), y));
    model.backward(loss.backward());
    adamW.step();
}
System.out.println("{\\"x\\": " + Arrays.toString(x.data) + ", \\"y\\": " + Arrays.toString(y.data) + ", \\"before\\": " + before
        + ", \\"losses\\": " + losses + ", \\"after\\": " + values(model) + "}");
"""

# the library's parameter names -> the peer's
NAMES = {"embedding.weights": "E", "hidden.weights": "W1", "hidden.bias": "b1", "position.weights": "P",
         "output.weights": "W2", "output.bias": "b2"}


def as_peer(values: dict, shapes: dict) -> dict:
    return {NAMES[name]: np.array(v, dtype=np.float32).reshape(shapes[NAMES[name]]) for name, v in values.items()}


def test_numpy_steps_give_the_java_librarys_losses(kernel) -> None:
    shapes = {k: v.shape for k, v in tiny_model("float32").p.items()}
    out = kernel.ok(JAVA_STEPS % dict(vocab=VOCAB, dim=DIM, context=CONTEXT, positions=POSITIONS, hidden=HIDDEN,
                                      batch=BATCH), timeout=60).stream()
    java = json.loads(out)
    assert set(java["before"]) == set(NAMES), f"the library's parameters are now {sorted(java['before'])}"
    x = np.array(java["x"]).reshape(BATCH, CONTEXT + 1).astype(np.int64)
    model = peers.NumpyLanguageModel(as_peer(java["before"], shapes), x[:, :CONTEXT], x[:, CONTEXT],
                                     np.array(java["y"]).astype(np.int64))
    numpy_losses = [model.step() for _ in range(3)]
    assert numpy_losses == pytest.approx(java["losses"], rel=1e-5), \
        f"NumPy peer losses {numpy_losses}, the library's {java['losses']}"
    after = as_peer(java["after"], shapes)
    for name, value in model.p.items():
        worst = float(np.max(np.abs(value - after[name])))
        assert worst < 2e-5, f"{name} after 3 AdamW steps differs from the library's by up to {worst:.3g}"
