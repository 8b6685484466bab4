package org.paramlab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Dense;
import org.paramlab.losses.SoftmaxCrossEntropy;

class PerplexityTest {

    /** A model whose logits are its bias whatever the input: log p = bias - logsumexp(bias). */
    private static Dense constant(float... bias) {
        Dense dense = new Dense(2, bias.length, 1);
        dense.weights().value().zero();
        for (int c = 0; c < bias.length; c++) {
            dense.bias().value().set(0, c, bias[c]);
        }
        return dense;
    }

    @Test
    void perplexityIsEToTheMeanCrossEntropy() {
        assertEquals(1.0, Perplexity.of(0.0));
        assertEquals(Math.E, Perplexity.of(1.0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Perplexity.of(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Perplexity.of(Double.NaN));
    }

    @Test
    void aModelThatSpreadsItsBetsOverVTokensHasPerplexityV() {
        FMatrixRMaj x = new FMatrixRMaj(300, 2);   // 300 rows: more than one batch of 256
        int[] targets = new int[300];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = i % 7;
        }
        assertEquals(7.0, Perplexity.of(constant(0, 0, 0, 0, 0, 0, 0), x, targets), 1e-5);
    }

    @Test
    void handComputedTwoClassCase() {
        // logits (ln 3, 0): p = (3/4, 1/4). Targets 0, 0, 1: H = -(2 ln 3/4 + ln 1/4) / 3
        Dense model = constant((float) Math.log(3), 0f);
        FMatrixRMaj x = new FMatrixRMaj(3, 2);
        int[] targets = {0, 0, 1};
        double h = -(2 * Math.log(0.75) + Math.log(0.25)) / 3;
        assertEquals(h, Perplexity.meanCrossEntropy(model, x, targets), 1e-6);
        assertEquals(Math.exp(h), Perplexity.of(model, x, targets), 1e-5);
        Dataset data = Dataset.ofClasses(x, targets, "a", "b");
        assertEquals(Math.exp(h), Perplexity.of(model, data), 1e-5, "one-hot targets give the same");
    }

    @Test
    void theMetricAgreesWithSoftmaxCrossEntropy() {
        FMatrixRMaj logits = new FMatrixRMaj(new float[][] {{1f, 2f, -1f}, {0.5f, 0.5f, 3f}, {-2f, 0f, 0f}});
        FMatrixRMaj onehot = new FMatrixRMaj(new float[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}});
        double loss = new SoftmaxCrossEntropy().forward(logits, onehot);
        Metric nats = Perplexity.crossEntropy();
        assertEquals("nats", nats.name());
        assertEquals(loss, nats.value(logits, onehot), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> nats.total(logits, new FMatrixRMaj(3, 2)));
    }

    @Test
    void mismatchedTargetsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Perplexity.of(constant(0, 0), new FMatrixRMaj(3, 2), new int[] {0, 1}));
        assertEquals(true, e.getMessage().contains("3 input rows but 2 targets"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Perplexity.of(constant(0, 0), new FMatrixRMaj(1, 2), new int[] {2}));
    }
}
