package org.paramlab.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paramlab.core.Parameter;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Dense;
import org.paramlab.layers.Dropout;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;
import org.paramlab.layers.Softmax;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.metrics.Metrics;
import org.paramlab.optim.Adam;
import org.paramlab.optim.SGD;
import org.paramlab.check.GradientCheck;
import org.paramlab.train.Trainer;

import tech.tablesaw.api.Table;

/** Magnitude, random and structured pruning, masks through fine-tuning, the schedule and the errors. */
class PruningTest {

    private static Sequential model() {
        return new Sequential(new Dense("dense1", 8, 20, 1), new ReLU(), new Dense("dense2", 20, 12, 2), new ReLU(),
                new Dense("dense3", 12, 3, 3));
    }

    private static int zeros(List<Parameter> parameters) {
        int z = 0;
        for (Parameter p : parameters) z += Sparsity.zeros(p);
        return z;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1, 0.5, 0.9, 0.99, 0.333})
    void globalMagnitudePruningHitsTheSparsityExactly(double sparsity) {
        Sequential model = model();
        List<Parameter> weights = Pruning.weights(model);
        int n = 8 * 20 + 20 * 12 + 12 * 3;
        PruningMask mask = Pruning.magnitude(model, sparsity, Pruning.Scope.GLOBAL);
        assertEquals(Math.round(sparsity * n), mask.prunedCount());
        assertEquals(Math.round(sparsity * n), zeros(weights));
        // every pruned weight was at most as large as every kept one
        float largestPruned = 0f, smallestKept = Float.MAX_VALUE;
        Sequential original = model();
        List<Parameter> before = Pruning.weights(original);
        for (int k = 0; k < weights.size(); k++) {
            for (int i = 0; i < weights.get(k).count(); i++) {
                float w = Math.abs(before.get(k).value().data[i]);
                if (mask.isKept(weights.get(k), i)) {
                    smallestKept = Math.min(smallestKept, w);
                    assertEquals(before.get(k).value().data[i], weights.get(k).value().data[i], "kept weights are untouched");
                } else {
                    largestPruned = Math.max(largestPruned, w);
                }
            }
        }
        assertTrue(largestPruned <= smallestKept, largestPruned + " pruned but " + smallestKept + " kept");
        // biases are not pruned
        assertEquals(0, Sparsity.zeros(((Dense) model.get(0)).bias()) - Sparsity.zeros(((Dense) original.get(0)).bias()));
    }

    @Test
    void layerWisePruningGivesEveryLayerTheSameSparsity() {
        Sequential model = model();
        // make dense1's weights tiny: global pruning takes them first, layer-wise does not
        for (int i = 0; i < 160; i++) ((Dense) model.get(0)).weights().value().data[i] *= 1e-3f;
        Pruning.magnitude(model, 0.5, Pruning.Scope.LAYER_WISE);
        Table table = Sparsity.table(model);
        assertEquals(List.of("dense1.weights", "dense1.bias", "dense2.weights", "dense2.bias", "dense3.weights",
                "dense3.bias", "total"), table.stringColumn("parameter").asList());
        assertEquals(0.5, table.doubleColumn("sparsity").get(0), 1e-12);
        assertEquals(120, table.intColumn("zeros").get(2));
        assertEquals(18, table.intColumn("zeros").get(4));

        Sequential other = model();
        for (int i = 0; i < 160; i++) ((Dense) other.get(0)).weights().value().data[i] *= 1e-3f;
        PruningMask global = Pruning.magnitude(other, 0.5, Pruning.Scope.GLOBAL);
        assertEquals(160, global.prunedCount(((Dense) other.get(0)).weights()), "global pruning empties the tiny layer");
        assertEquals(218, global.prunedCount());
        assertEquals(218, global.table().intColumn("pruned").get(3));
    }

    @Test
    void randomPruningHitsTheSparsityAndDependsOnTheSeed() {
        Sequential a = model();
        Sequential b = model();
        PruningMask ma = Pruning.random(a, 0.75, 1);
        PruningMask mb = Pruning.random(b, 0.75, 2);
        assertEquals(327, ma.prunedCount());   // round(0.75 * 436)
        assertEquals(327, zeros(Pruning.weights(a)));
        assertEquals(327, mb.prunedCount());
        assertNotEquals(Sparsity.table(a).intColumn("zeros").asList(), Sparsity.table(b).intColumn("zeros").asList());
        Sequential c = model();
        Pruning.random(c, 0.75, 1);
        assertArrayEquals(((Dense) a.get(0)).weights().value().data, ((Dense) c.get(0)).weights().value().data);
    }

    static Dataset data(int n, long seed) {
        Random rng = new Random(seed);
        FMatrixRMaj x = GradientCheck.random(rng, n, 8, 1f);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float s = x.get(i, 0) + x.get(i, 1) - x.get(i, 2);
            labels[i] = s < -0.4f ? 0 : s < 0.4f ? 1 : 2;
        }
        return Dataset.ofClasses(x, labels, "low", "mid", "high");
    }

    @Test
    void prunedWeightsStayExactlyZeroThroughFineTuning() {
        Dataset data = data(200, 4);
        for (boolean adam : new boolean[] {true, false}) {
            Sequential model = model();
            new Trainer(model, new SoftmaxCrossEntropy(), new Adam(model.parameters(), 0.01f)).epochs(5).fit(data);
            PruningMask mask = Pruning.magnitude(model, 0.8, Pruning.Scope.GLOBAL);
            float[] kept = ((Dense) model.get(2)).weights().value().data.clone();
            // momentum and weight decay would both move a zero weight if the mask were not applied after the update
            var inner = adam ? new Adam(model.parameters(), 0.01f).weightDecay(1e-3f)
                    : new SGD(model.parameters(), 0.05f, 0.9f).weightDecay(1e-3f);
            new Trainer(model, new SoftmaxCrossEntropy(), new MaskedOptimizer(inner, mask)).epochs(5).fit(data);
            assertEquals(349, zeros(Pruning.weights(model)), "round(0.8 * 436) weights stay zero");
            for (Parameter p : mask.parameters()) {
                for (int i = 0; i < p.count(); i++) {
                    if (!mask.isKept(p, i)) assertEquals(0f, p.value().data[i]);
                }
            }
            float[] now = ((Dense) model.get(2)).weights().value().data;
            boolean changed = false;
            for (int i = 0; i < now.length; i++) changed |= now[i] != kept[i];
            assertTrue(changed, "the kept weights did learn");
        }
    }

    @Test
    void withoutTheMaskFineTuningRevivesPrunedWeights() {
        Dataset data = data(200, 4);
        Sequential model = model();
        PruningSchedule schedule = new PruningSchedule(Pruning.Scope.GLOBAL, 0.5);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> schedule.run(model, data,
                mask -> new Trainer(model, new SoftmaxCrossEntropy(), new SGD(model.parameters(), 0.05f)).epochs(1).fit(data)));
        assertTrue(e.getMessage().startsWith("pruning schedule: after fine-tuning in round 1, pruned weights are no longer 0 in [dense1.weights ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("fine-tune with new MaskedOptimizer(optimizer, mask) so they stay pruned"));
    }

    @Test
    void iterativeScheduleReportsEveryRound() {
        Dataset data = data(300, 5);
        Sequential model = model();
        new Trainer(model, new SoftmaxCrossEntropy(), new Adam(model.parameters(), 0.01f)).epochs(20).seed(1).fit(data);
        double dense = Metrics.accuracy(model, data);
        PruningSchedule.Result result = new PruningSchedule(Pruning.Scope.GLOBAL, 0.5, 0.75, 0.9).run(model, data,
                mask -> new Trainer(model, new SoftmaxCrossEntropy(),
                        new MaskedOptimizer(new Adam(model.parameters(), 0.005f), mask)).epochs(3).seed(2).fit(data));
        Table t = result.table();
        assertEquals(List.of(1, 2, 3), t.intColumn("round").asList());
        assertEquals(List.of(218, 327, 392), t.intColumn("weights pruned").asList());
        assertEquals(392, zeros(Pruning.weights(model)));
        assertEquals(0.9, result.mask().sparsity(), 1e-2);
        assertEquals(Metrics.accuracy(model, data), t.doubleColumn("accuracy fine-tuned").get(2), 1e-12);
        for (int r = 0; r < 3; r++) {
            assertTrue(t.doubleColumn("accuracy fine-tuned").get(r) > t.doubleColumn("accuracy pruned").get(r),
                    "fine-tuning recovers accuracy in round " + (r + 1) + ":\n" + t.print());
        }
        assertTrue(t.doubleColumn("accuracy fine-tuned").get(0) >= dense - 0.05, "half the weights cost little:\n" + t.print());
    }

    @Test
    void structuredPruningShrinksTheLayerAndKeptUnitsComputeTheSame() {
        Sequential model = model();
        Random rng = new Random(9);
        FMatrixRMaj x = GradientCheck.random(rng, 5, 8, 1f);
        FMatrixRMaj hiddenBefore = ((Dense) model.get(0)).forward(x).copy();
        int[] kept = {1, 4, 5, 9, 17};
        StructuredPruning.keepUnits(model, "dense1", kept);
        Dense d1 = (Dense) model.get(0);
        Dense d2 = (Dense) model.get(2);
        assertEquals(5, d1.outputs());
        assertEquals(5, d2.inputs());
        assertEquals(8 * 5 + 5 + 5 * 12 + 12 + 12 * 3 + 3, model.parameterCount());
        FMatrixRMaj hiddenAfter = d1.forward(x);
        for (int r = 0; r < 5; r++) {
            for (int j = 0; j < kept.length; j++) {
                assertEquals(hiddenBefore.get(r, kept[j]), hiddenAfter.get(r, j), 0f, "unit " + kept[j]);
            }
        }
    }

    @Test
    void removingUnitsThatPassNothingOnLeavesTheOutputsUnchanged() {
        Sequential model = model();
        Dense d2 = (Dense) model.get(2);
        int[] silent = {0, 3, 6, 7, 12, 15, 19};
        for (int u : silent) {
            for (int o = 0; o < 12; o++) d2.weights().value().set(u, o, 0f);
        }
        FMatrixRMaj x = GradientCheck.random(new Random(2), 6, 8, 1f);
        FMatrixRMaj before = model.predict(x);
        int[] kept = StructuredPruning.removeUnits(model, "dense1", 13);
        assertArrayEquals(new int[] {1, 2, 4, 5, 8, 9, 10, 11, 13, 14, 16, 17, 18}, kept);
        assertEquals(13, ((Dense) model.get(0)).outputs());
        assertArrayEquals(before.data, model.predict(x).data, 1e-5f);
        // the smaller model trains with a new optimizer; the old one is refused with a mask over the new weights
        PruningMask mask = Pruning.magnitude(model, 0.5, Pruning.Scope.GLOBAL);
        Adam stale = new Adam(model().parameters(), 0.01f);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MaskedOptimizer(stale, mask)).getMessage()
                .startsWith("masked optimizer: the mask covers dense1.weights but the optimizer does not update it"));
    }

    @Test
    void badInputGivesClearErrors() {
        Sequential model = model();
        for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            assertEquals("pruning: sparsity must be in [0, 1) (the fraction of weights set to 0; 1 would remove them all), got "
                    + bad, assertThrows(IllegalArgumentException.class,
                    () -> Pruning.magnitude(model, bad, Pruning.Scope.GLOBAL)).getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Pruning.random(model, 1.0, 1));
        assertEquals("pruning: scope is null; choose Scope.GLOBAL or Scope.LAYER_WISE",
                assertThrows(IllegalArgumentException.class, () -> Pruning.magnitude(model, 0.5, null)).getMessage());
        assertEquals("pruning schedule: sparsities must increase, but round 2 asks for 0.5 after 0.8",
                assertThrows(IllegalArgumentException.class,
                        () -> new PruningSchedule(Pruning.Scope.GLOBAL, 0.8, 0.5)).getMessage());
        assertEquals("pruning: dense3 is the last Dense layer; its units are the model's outputs and cannot be removed",
                assertThrows(IllegalArgumentException.class, () -> StructuredPruning.removeUnits(model, "dense3", 2)).getMessage());
        assertEquals("pruning: dense1 has 20 units; keep must be in [1, 20], got 0",
                assertThrows(IllegalArgumentException.class, () -> StructuredPruning.removeUnits(model, "dense1", 0)).getMessage());
        assertEquals("pruning: the model has no layer named 'dense9'",
                assertThrows(IllegalArgumentException.class, () -> StructuredPruning.removeUnits(model, "dense9", 2)).getMessage());
        assertEquals("pruning: unit 3 of dense1 is listed twice",
                assertThrows(IllegalArgumentException.class, () -> StructuredPruning.keepUnits(model, "dense1", 3, 3)).getMessage());
        assertEquals("pruning: dense1 has units 0..19, no unit 20",
                assertThrows(IllegalArgumentException.class, () -> StructuredPruning.keepUnits(model, "dense1", 20)).getMessage());
        Sequential mixed = new Sequential(new Dense("a", 3, 4, 1), new Softmax(), new Dropout(0.1f, 1), new Dense("b", 4, 2, 2));
        assertEquals("pruning: between a and the next Dense sits softmax, which mixes units; only activations and dropout may sit between",
                assertThrows(IllegalArgumentException.class, () -> StructuredPruning.removeUnits(mixed, "a", 2)).getMessage());
        assertEquals("pruning: relu has no weights to prune",
                assertThrows(IllegalArgumentException.class, () -> Pruning.magnitude(new ReLU(), 0.5, Pruning.Scope.GLOBAL)).getMessage());
    }
}
