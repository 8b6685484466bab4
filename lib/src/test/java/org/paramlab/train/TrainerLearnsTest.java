package org.paramlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.core.Parameter;
import org.paramlab.data.Dataset;
import org.paramlab.init.Initializers;
import org.paramlab.layers.Dense;
import org.paramlab.layers.Sequential;
import org.paramlab.layers.Sigmoid;
import org.paramlab.layers.Tanh;
import org.paramlab.losses.BinaryCrossEntropyWithLogits;
import org.paramlab.losses.MeanSquaredError;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.metrics.Metrics;
import org.paramlab.optim.SGD;

/** The training loop reaches known results on problems whose answer we know. */
class TrainerLearnsTest {

    static Dataset xor() {
        FMatrixRMaj x = new FMatrixRMaj(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        FMatrixRMaj y = new FMatrixRMaj(new float[][] {{0}, {1}, {1}, {0}});
        return Dataset.of(x, y);
    }

    @Test
    void twoFourOneNetworkLearnsXor() {
        Sequential model = new Sequential(new Dense("hidden", 2, 4, 1), new Tanh(), new Dense("out", 4, 1, 2));
        History history = new Trainer(model, new BinaryCrossEntropyWithLogits(), new SGD(model.parameters(), 0.5f))
                .epochs(1000).batchSize(4).seed(3)
                .fit(xor());

        assertTrue(history.completed(), history.message());
        assertEquals(1.0, Metrics.accuracy(model, xor()), "XOR accuracy");
        assertEquals("accuracy", history.metricName(), "default metric with a binary cross-entropy loss");
        assertEquals(1.0, history.trainMetric()[history.epochs() - 1]);
        double[] loss = history.trainLoss();
        assertTrue(loss[loss.length - 1] < 0.05, "final XOR loss " + loss[loss.length - 1]);
        assertTrue(loss[loss.length - 1] < loss[0] / 10, "loss fell from " + loss[0] + " to " + loss[loss.length - 1]);
    }

    @Test
    void linearRegressionRecoversKnownWeights() {
        // y = 2 x0 - 3 x1 + 0.5 x2 + 1, no noise: the least-squares answer is exactly these numbers
        float[] w = {2f, -3f, 0.5f};
        float b = 1f;
        Random rng = new Random(7);
        int n = 200;
        FMatrixRMaj x = new FMatrixRMaj(n, 3);
        FMatrixRMaj y = new FMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            float sum = b;
            for (int j = 0; j < 3; j++) {
                float v = (float) rng.nextGaussian();
                x.set(i, j, v);
                sum += w[j] * v;
            }
            y.set(i, 0, sum);
        }
        Dense dense = new Dense("linear", 3, 1, 11);
        History history = new Trainer(dense, new MeanSquaredError(), new SGD(dense.parameters(), 0.1f))
                .epochs(100).batchSize(20).seed(5).fit(Dataset.of(x, y));

        assertTrue(history.completed(), history.message());
        for (int j = 0; j < 3; j++) {
            assertEquals(w[j], dense.weights().value().get(j, 0), 1e-3, "weight " + j);
        }
        assertEquals(b, dense.bias().value().get(0, 0), 1e-3, "bias");
        assertEquals("mae", history.metricName(), "default metric for regression");
        assertTrue(history.trainMetric()[history.epochs() - 1] < 1e-3, "final MAE");
    }

    /** Three round clouds of 2-D points, one per class. */
    static Dataset blobs(int perClass, long seed) {
        float[][] centres = {{0, 0}, {4, 0}, {2, 3.5f}};
        Random rng = new Random(seed);
        FMatrixRMaj x = new FMatrixRMaj(3 * perClass, 2);
        int[] labels = new int[3 * perClass];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < perClass; i++) {
                int row = c * perClass + i;
                x.set(row, 0, centres[c][0] + 0.6f * (float) rng.nextGaussian());
                x.set(row, 1, centres[c][1] + 0.6f * (float) rng.nextGaussian());
                labels[row] = c;
            }
        }
        return Dataset.ofClasses(x, labels, "red", "green", "blue");
    }

    @Test
    void softmaxRegressionSeparatesThreeBlobs() {
        List<Dataset> parts = blobs(100, 1).split(9, 0.7, 0.3);
        Dense model = new Dense("softmax_regression", 2, 3, 4);
        History history = new Trainer(model, new SoftmaxCrossEntropy(), new SGD(model.parameters(), 0.1f))
                .epochs(40).batchSize(16).seed(2).fit(parts.get(0), parts.get(1));

        assertEquals("accuracy", history.metricName(), "default metric for classification");
        double validationAccuracy = history.validationMetric()[history.epochs() - 1];
        assertTrue(validationAccuracy > 0.95, "validation accuracy " + validationAccuracy);
        assertEquals(validationAccuracy, Metrics.accuracy(model, parts.get(1)), 1e-9,
                "history's validation accuracy equals the accuracy measured afterwards");
        Evaluation evaluation = Trainer.evaluate(model, new SoftmaxCrossEntropy(), Metrics.accuracy(), parts.get(1));
        // same numbers up to float rounding (evaluate sums in batches of 256, fit in batches of 16)
        assertEquals(history.validationLoss()[history.epochs() - 1], evaluation.loss(), 1e-6);
        assertEquals(parts.get(1).size(), evaluation.examples());
    }

    // ---- determinism -----------------------------------------------------------------------------

    private record Run(float[][] parameters, History history) { }

    private static Run train(long modelSeed, long trainerSeed) {
        Sequential model = new Sequential(new Dense("hidden", 2, 8, modelSeed), new Tanh(),
                new Dense("out", 8, 3, modelSeed + 1));
        History history = new Trainer(model, new SoftmaxCrossEntropy(), new SGD(model.parameters(), 0.05f, 0.9f))
                .epochs(5).batchSize(10).seed(trainerSeed)
                .fit(blobs(30, 3), blobs(10, 4));
        List<Parameter> params = model.parameters();
        float[][] values = new float[params.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = params.get(i).value().data.clone();
        }
        return new Run(values, history);
    }

    @Test
    void sameSeedGivesBitIdenticalParametersAndHistory() {
        Run a = train(42, 7);
        Run b = train(42, 7);
        for (int i = 0; i < a.parameters().length; i++) {
            assertArrayEquals(a.parameters()[i], b.parameters()[i], "parameter " + i);  // exact float equality
        }
        assertArrayEquals(a.history().trainLoss(), b.history().trainLoss());
        assertArrayEquals(a.history().validationLoss(), b.history().validationLoss());
        assertArrayEquals(a.history().trainMetric(), b.history().trainMetric());
        assertEquals(a.history().toString(), b.history().toString());
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        Run base = train(42, 7);
        Run otherShuffle = train(42, 8);    // same start, other mini-batch order
        Run otherInit = train(43, 7);       // other starting weights
        assertFalse(java.util.Arrays.equals(base.parameters()[0], otherShuffle.parameters()[0]), "shuffle seed matters");
        assertFalse(java.util.Arrays.equals(base.history().trainLoss(), otherShuffle.history().trainLoss()));
        assertFalse(java.util.Arrays.equals(base.parameters()[0], otherInit.parameters()[0]), "init seed matters");
    }

    // ---- the article's "repeater" failure (复读机模式) ----------------------------------------------

    @Test
    void zeroInitialisationKeepsHiddenUnitsIdentical() {
        Dataset blobs = blobs(30, 5);
        Sequential zero = new Sequential(
                new Dense("hidden", 2, 4, Initializers.zeros(), Initializers.zeros(), 1), new Sigmoid(),
                new Dense("out", 4, 3, Initializers.zeros(), Initializers.zeros(), 2));
        Sequential random = new Sequential(new Dense("hidden", 2, 4, 1), new Sigmoid(), new Dense("out", 4, 3, 2));
        for (Sequential model : List.of(zero, random)) {
            new Trainer(model, new SoftmaxCrossEntropy(), new SGD(model.parameters(), 0.5f))
                    .epochs(20).batchSize(10).seed(3).fit(blobs);
        }

        FMatrixRMaj w = ((Dense) zero.get(0)).weights().value();
        // every hidden unit (a column of W) got the same updates: all columns are equal ...
        for (int unit = 1; unit < 4; unit++) {
            for (int input = 0; input < 2; input++) {
                assertEquals(w.get(input, 0), w.get(input, unit), 0f, "unit " + unit + ", input " + input + " in\n" + w);
            }
        }
        // ... although training did change them: the units move, but as one
        assertTrue(Math.abs(w.get(0, 0)) + Math.abs(w.get(1, 0)) > 1e-3, "hidden weights moved: " + w);

        FMatrixRMaj r = ((Dense) random.get(0)).weights().value();
        assertTrue(r.get(0, 0) != r.get(0, 1) || r.get(1, 0) != r.get(1, 1), "random init: units differ");
    }

    @Test
    void allZeroNetworkIsStuckOnXor() {
        // on XOR the gradients of an all-zero network cancel exactly: nothing moves, the loss stays ln 2
        Sequential zero = new Sequential(
                new Dense("hidden", 2, 4, Initializers.zeros(), Initializers.zeros(), 1), new Sigmoid(),
                new Dense("out", 4, 1, Initializers.zeros(), Initializers.zeros(), 2));
        History history = new Trainer(zero, new BinaryCrossEntropyWithLogits(), new SGD(zero.parameters(), 0.5f))
                .epochs(50).batchSize(4).fit(xor());
        for (double loss : history.trainLoss()) {
            assertEquals(Math.log(2), loss, 1e-6);
        }
        assertEquals(0.5, Metrics.accuracy(zero, xor()), "predicts one class for all four points");
    }
}
