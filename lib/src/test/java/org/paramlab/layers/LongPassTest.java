package org.paramlab.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.core.LogSumExp;
import org.paramlab.core.MatrixProducts;
import org.paramlab.core.Parameter;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.optim.Adam;
import org.paramlab.optim.AdamW;
import org.paramlab.optim.Optimizer;
import org.paramlab.optim.SGD;

/**
 * The passes that threads share ({@link MatrixProducts#eachPiece}: the optimizers' updates, the activations, the
 * rows of softmax cross-entropy) give
 * every number its formula, on a pass long enough to be cut into pieces (300 x 300 numbers) and on a short one:
 * each number is compared, bit for bit, with the formula written out here as one plain loop. A piece that skipped
 * or repeated numbers, or indexed them from its own start, would fail.
 */
class LongPassTest {

    private static final int LONG = 300, SHORT = 7;

    private static float[] random(Random rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    private static Parameter parameter(String name, int rows, int cols, Random rng) {
        Parameter p = new Parameter(name, Parameter.Role.WEIGHT, rows, cols);
        System.arraycopy(random(rng, rows * cols), 0, p.value().data, 0, rows * cols);
        return p;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                    what + ": number " + i + " of " + expected.length + " is " + actual[i] + ", its formula gives "
                            + expected[i] + " (" + MatrixProducts.get().name() + ")");
        }
    }

    /** Two steps of {@code optimizer} against {@code formula(old value, gradient)} for each number, per step. */
    private static void checkOptimizer(String what, java.util.function.Function<List<Parameter>, Optimizer> make,
                                       Formula formula) {
        Random rng = new Random(what.hashCode());
        List<Parameter> params = List.of(parameter("long", LONG, LONG, rng), parameter("short", 1, SHORT, rng));
        Optimizer optimizer = make.apply(params);
        float[][] state1 = new float[2][], state2 = new float[2][];
        for (int k = 0; k < 2; k++) {
            state1[k] = new float[params.get(k).count()];
            state2[k] = new float[params.get(k).count()];
        }
        for (int t = 1; t <= 2; t++) {
            optimizer.zeroGrad();
            float[][] expected = new float[2][];
            for (int k = 0; k < 2; k++) {
                Parameter p = params.get(k);
                float[] g = random(rng, p.count());
                System.arraycopy(g, 0, p.grad().data, 0, g.length);
                expected[k] = p.value().data.clone();
                for (int i = 0; i < g.length; i++) {
                    expected[k][i] = formula.apply(expected[k][i], g[i], state1[k], state2[k], i, t);
                }
            }
            optimizer.step();
            for (int k = 0; k < 2; k++) {
                assertBits(expected[k], params.get(k).value().data, what + ", step " + t + ", " + params.get(k).name());
            }
        }
    }

    /** New value of one number from its old value p and gradient g; m and v are the formula's own running state. */
    interface Formula {
        float apply(float p, float g, float[] m, float[] v, int i, int t);
    }

    @Test
    void optimizersUpdateEveryNumberOfALongParameterByTheirFormula() {
        float lr = 0.01f;
        checkOptimizer("SGD", ps -> new SGD(ps, lr), (p, g, m, v, i, t) -> p - lr * g);
        checkOptimizer("SGD with momentum and weight decay", ps -> new SGD(ps, lr, 0.9f).weightDecay(0.1f),
                (p, g, m, v, i, t) -> {
                    float gd = g + 0.1f * p;
                    m[i] = 0.9f * m[i] + gd;
                    return p - lr * m[i];
                });
        float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        checkOptimizer("Adam", ps -> new Adam(ps, lr), (p, g, m, v, i, t) -> {
            m[i] = b1 * m[i] + (1f - b1) * g;
            v[i] = b2 * v[i] + (1f - b2) * g * g;
            float mHat = m[i] / (float) (1 - Math.pow(b1, t));
            float vHat = v[i] / (float) (1 - Math.pow(b2, t));
            return p - lr * mHat / ((float) Math.sqrt(vHat) + eps);
        });
        checkOptimizer("AdamW", ps -> new AdamW(ps, lr, 0.05f), (p, g, m, v, i, t) -> {
            m[i] = b1 * m[i] + (1f - b1) * g;
            v[i] = b2 * v[i] + (1f - b2) * g * g;
            float mHat = m[i] / (float) (1 - Math.pow(b1, t));
            float vHat = v[i] / (float) (1 - Math.pow(b2, t));
            return p - lr * (mHat / ((float) Math.sqrt(vHat) + eps) + 0.05f * p);
        });
    }

    /** dx of one number from its input x, output y and output gradient dy, in the library's order of operations. */
    interface Backward {
        float apply(float x, float y, float dy);
    }

    private static void checkActivation(Activation layer, java.util.function.Function<Float, Float> f, Backward backward) {
        Random rng = new Random(layer.getClass().getSimpleName().hashCode());
        for (int size : new int[] {LONG, SHORT}) {
            FMatrixRMaj x = new FMatrixRMaj(size, size, true, random(rng, size * size));
            FMatrixRMaj dy = new FMatrixRMaj(size, size, true, random(rng, size * size));
            float[] y = layer.forward(x).data.clone();
            float[] dx = layer.backward(dy).data;
            float[] expectedY = new float[size * size], expectedDx = new float[size * size];
            for (int i = 0; i < expectedY.length; i++) {
                expectedY[i] = f.apply(x.data[i]);
                expectedDx[i] = backward.apply(x.data[i], expectedY[i], dy.data[i]);
            }
            String what = layer + " on " + size + " x " + size;
            assertBits(expectedY, y, what + ", forward");
            assertBits(expectedDx, dx, what + ", backward");
        }
    }

    @Test
    void activationsComputeEveryNumberOfALongPassByTheirFormula() {
        checkActivation(new ReLU(), x -> Math.max(0f, x), (x, y, dy) -> dy * (x > 0 ? 1f : 0f));
        checkActivation(new LeakyReLU(0.1f), x -> Math.max(x, 0.1f * x), (x, y, dy) -> dy * (x > 0 ? 1f : 0.1f));
        checkActivation(new Tanh(), Tanh::tanh, (x, y, dy) -> dy * (1f - y * y));
        checkActivation(new Sigmoid(), Sigmoid::sigmoid, (x, y, dy) -> dy * y * (1f - y));
    }

    /**
     * Softmax cross-entropy over a long batch (256 x 300 and 7,000 x 10 logits, shared in pieces of rows) gives each row's gradient
     * and the mean loss of the rows added in order, with one-hot targets and with class ids; a bad class id in a row a
     * helper takes is still the caller's clear error.
     */
    @Test
    void softmaxCrossEntropyOfALongBatchIsEachRowsByTheFormula() {
        checkSoftmaxCrossEntropy(256, 300);    // rows longer than a vector: one at a time
        checkSoftmaxCrossEntropy(7000, 10);    // 10 classes: the exponentials of a piece's rows in one call
    }

    private static void checkSoftmaxCrossEntropy(int rows, int cols) {
        Random rng = new Random(11);
        FMatrixRMaj z = new FMatrixRMaj(rows, cols, true, random(rng, rows * cols));
        FMatrixRMaj oneHot = new FMatrixRMaj(rows, cols);
        FMatrixRMaj ids = new FMatrixRMaj(rows, 1);
        for (int r = 0; r < rows; r++) {
            int y = rng.nextInt(cols);
            oneHot.set(r, y, 1f);
            ids.set(r, 0, y);
        }
        float[] p = new float[rows * cols];
        float[] expectedGradient = new float[rows * cols];
        double total = 0;
        for (int r = 0; r < rows; r++) {
            float logSumExp = LogSumExp.softmaxRow(z.data, r * cols, cols, p);
            int y = (int) ids.get(r, 0);
            total -= z.get(r, y) - logSumExp;
            for (int c = 0; c < cols; c++) {
                expectedGradient[r * cols + c] = (p[r * cols + c] - (c == y ? 1f : 0f)) / rows;
            }
        }
        float expectedLoss = (float) (total / rows);
        for (FMatrixRMaj target : new FMatrixRMaj[] {ids, oneHot}) {
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            String what = "softmax cross-entropy of " + rows + " x " + cols + ", " + (target == ids ? "class ids" : "one-hot rows");
            assertEquals(Float.floatToIntBits(expectedLoss), Float.floatToIntBits(loss.forward(z, target)), what + ": loss");
            assertBits(expectedGradient, loss.backward().data, what + ": dZ");
        }
        ids.set(rows - 3, 0, cols);                                     // no such class, in the last piece of rows
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SoftmaxCrossEntropy().forward(z, ids));
        assertTrue(e.getMessage().contains("target row " + (rows - 3) + " holds " + (float) cols), e.getMessage());
    }
}
