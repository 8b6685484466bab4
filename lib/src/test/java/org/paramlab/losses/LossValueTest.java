package org.paramlab.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

class LossValueTest {

    private static FMatrixRMaj m(float[][] rows) {
        return new FMatrixRMaj(rows);
    }

    @Test
    void meanSquaredErrorAveragesSquaredDifferences() {
        MeanSquaredError mse = new MeanSquaredError();
        float loss = mse.forward(m(new float[][] {{1f, 2f}, {3f, 4f}}), m(new float[][] {{1f, 0f}, {0f, 4f}}));
        assertEquals((0 + 4 + 9 + 0) / 4f, loss, 1e-6f);
        assertArrayEquals(new float[] {0f, 1f, 1.5f, 0f}, mse.backward().data, 1e-6f);   // 2 (p - t) / N
    }

    @Test
    void binaryCrossEntropyMatchesTheTextbookFormulaAndStaysFiniteForHugeLogits() {
        BinaryCrossEntropyWithLogits bce = new BinaryCrossEntropyWithLogits();
        float z = 0.8f;
        double p = 1 / (1 + Math.exp(-z));
        assertEquals(-Math.log(p), bce.forward(m(new float[][] {{z}}), m(new float[][] {{1f}})), 1e-6);
        assertEquals(-Math.log(1 - p), bce.forward(m(new float[][] {{z}}), m(new float[][] {{0f}})), 1e-6);
        // a confident wrong answer costs about |z|, and nothing is infinite or NaN
        float loss = bce.forward(m(new float[][] {{1000f, -1000f}}), m(new float[][] {{0f, 1f}}));
        assertEquals(1000f, loss, 1e-3f);
        assertArrayEquals(new float[] {0.5f, -0.5f}, bce.backward().data, 1e-6f);
        assertEquals(0f, bce.forward(m(new float[][] {{1000f}}), m(new float[][] {{1f}})), 1e-6f);
    }

    @Test
    void aPositiveWeightCountsEachPositiveExampleThatManyTimes() {
        // class weighting with k = 3 is the plain loss with every positive row repeated 3 times (averaged over the
        // same count of rows: the weighted sum divided by N, the repeated sum divided by N + 2 per positive)
        float[][] logits = {{0.8f}, {-1.5f}, {2.5f}, {-0.2f}};
        float[][] targets = {{1f}, {0f}, {1f}, {0f}};
        float weighted = new BinaryCrossEntropyWithLogits(3f).forward(m(logits), m(targets)) * 4;
        float[][] repeatedLogits = {{0.8f}, {0.8f}, {0.8f}, {-1.5f}, {2.5f}, {2.5f}, {2.5f}, {-0.2f}};
        float[][] repeatedTargets = {{1f}, {1f}, {1f}, {0f}, {1f}, {1f}, {1f}, {0f}};
        float repeated = new BinaryCrossEntropyWithLogits().forward(m(repeatedLogits), m(repeatedTargets)) * 8;
        assertEquals(repeated, weighted, 1e-5f);
        // weight 1 is the plain loss, and a weight must be positive and finite
        assertEquals(new BinaryCrossEntropyWithLogits().forward(m(logits), m(targets)),
                new BinaryCrossEntropyWithLogits(1f).forward(m(logits), m(targets)), 0f);
        assertEquals("binaryCrossEntropyWithLogits: the positive weight must be a finite number > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new BinaryCrossEntropyWithLogits(0f)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BinaryCrossEntropyWithLogits(Float.NaN));
    }

    @Test
    void softmaxCrossEntropyOfEqualScoresIsLogK() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        float loss = ce.forward(new FMatrixRMaj(2, 4), m(new float[][] {{0, 1, 0, 0}, {1, 0, 0, 0}}));
        assertEquals(Math.log(4), loss, 1e-6);
        // dZ = (p - t) / B with p = 1/4
        assertArrayEquals(new float[] {0.125f, -0.375f, 0.125f, 0.125f, -0.375f, 0.125f, 0.125f, 0.125f},
                ce.backward().data, 1e-6f);
    }

    @Test
    void softmaxCrossEntropyIsStableForHugeLogits() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        float loss = ce.forward(m(new float[][] {{1000f, 0f, -1000f}}), m(new float[][] {{0f, 1f, 0f}}));
        assertEquals(1000f, loss, 1e-3f);
        for (float g : ce.backward().data) {
            assertTrue(Float.isFinite(g));
        }
    }

    @Test
    void softTargetLossIsZeroForEqualLogitsAndScaledByTSquared() {
        FMatrixRMaj logits = m(new float[][] {{1f, 2f, 0.5f}, {-1f, 0f, 3f}});
        assertEquals(0f, new SoftTargetLoss(2f).forward(logits, logits.copy()), 1e-6f);
        FMatrixRMaj teacher = m(new float[][] {{2f, 0f, 1f}, {0f, 1f, 1f}});
        // reference computed here by the definition: T^2 * mean_rows sum_j p_j log(p_j / q_j)
        float t = 3f;
        double expected = 0;
        for (int r = 0; r < 2; r++) {
            double zs = 0, zt = 0;
            for (int c = 0; c < 3; c++) {
                zs += Math.exp(logits.get(r, c) / t);
                zt += Math.exp(teacher.get(r, c) / t);
            }
            for (int c = 0; c < 3; c++) {
                double q = Math.exp(logits.get(r, c) / t) / zs;
                double p = Math.exp(teacher.get(r, c) / t) / zt;
                expected += p * Math.log(p / q);
            }
        }
        expected = t * t * expected / 2;
        assertEquals(expected, new SoftTargetLoss(t).forward(logits, teacher), 1e-6);
        assertTrue(expected > 0);
    }

    @Test
    void shapeMismatchNamesTheLossAndBothShapes() {
        assertEquals("softmaxCrossEntropy: prediction is 32x10 but target is 32x9; they must have the same shape",
                assertThrows(IllegalArgumentException.class,
                        () -> new SoftmaxCrossEntropy().forward(new FMatrixRMaj(32, 10), new FMatrixRMaj(32, 9))).getMessage());
        assertEquals("meanSquaredError: prediction is 4x1 but target is 3x1; they must have the same shape",
                assertThrows(IllegalArgumentException.class,
                        () -> new MeanSquaredError().forward(new FMatrixRMaj(4, 1), new FMatrixRMaj(3, 1))).getMessage());
        assertEquals("binaryCrossEntropyWithLogits: target is null",
                assertThrows(IllegalArgumentException.class,
                        () -> new BinaryCrossEntropyWithLogits().forward(new FMatrixRMaj(4, 1), null)).getMessage());
        assertEquals("softTargetLoss: prediction is empty (0x3)",
                assertThrows(IllegalArgumentException.class,
                        () -> new SoftTargetLoss(2f).forward(new FMatrixRMaj(0, 3), new FMatrixRMaj(0, 3))).getMessage());
    }

    @Test
    void backwardBeforeForwardAndBadTemperature() {
        assertEquals("meanSquaredError: backward called before forward",
                assertThrows(IllegalStateException.class, () -> new MeanSquaredError().backward()).getMessage());
        assertEquals("softTargetLoss: temperature must be > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new SoftTargetLoss(0f)).getMessage());
    }
}
