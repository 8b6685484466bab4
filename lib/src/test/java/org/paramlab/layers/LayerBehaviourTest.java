package org.paramlab.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.core.Parameter;
import org.paramlab.init.Initializers;
import org.paramlab.check.GradientCheck;

class LayerBehaviourTest {

    @Test
    void denseComputesXTimesWPlusB() {
        Dense dense = new Dense("picnic", 2, 1, Initializers.zeros(), Initializers.constant(-0.1f), 0L);
        dense.weights().value().data[0] = 0.7f;
        dense.weights().value().data[1] = 0.5f;
        FMatrixRMaj x = new FMatrixRMaj(new float[][] {{1f, 1f}, {0f, 2f}});
        FMatrixRMaj y = dense.forward(x);
        assertEquals(0.7f + 0.5f - 0.1f, y.get(0, 0), 1e-6f);
        assertEquals(2 * 0.5f - 0.1f, y.get(1, 0), 1e-6f);
        assertEquals(List.of(dense.weights(), dense.bias()), dense.parameters());
        assertEquals("picnic.weights", dense.weights().name());
        assertEquals(Parameter.Role.BIAS, dense.bias().role());
    }

    @Test
    void denseDefaultIsHeUniformWeightsAndZeroBiasFromTheSeed() {
        Dense a = new Dense("dense1", 50, 40, 9L);
        Dense b = new Dense("dense1", 50, 40, 9L);
        Dense c = new Dense("dense1", 50, 40, 10L);
        assertArrayEquals(a.weights().value().data, b.weights().value().data);
        assertFalse(Arrays.equals(a.weights().value().data, c.weights().value().data));
        float limit = (float) Math.sqrt(6.0 / 50);
        for (float w : a.weights().value().data) {
            assertTrue(Math.abs(w) <= limit);
        }
        for (float bias : a.bias().value().data) {
            assertEquals(0f, bias);
        }
    }

    @Test
    void unnamedConveniencesUseTheKindAsName() {
        Dense dense = new Dense(3, 2, 1L);
        assertEquals("dense", dense.name());
        assertEquals("dense.weights", dense.weights().name());
        assertArrayEquals(new Dense("dense", 3, 2, 1L).weights().value().data, dense.weights().value().data);
        assertEquals("embedding.weights", new Embedding(5, 2, 1L).weights().name());
        assertEquals("relu", new ReLU().name());
        assertEquals("leakyRelu", new LeakyReLU().name());
        assertEquals(0.01f, new LeakyReLU().slope());
        assertEquals("sigmoid", new Sigmoid().name());
        assertEquals("tanh", new Tanh().name());
        assertEquals("softmax", new Softmax().name());
        assertEquals("dropout", new Dropout(0.5f, 1L).name());
        assertEquals("hidden", new ReLU("hidden").name());
    }

    @Test
    void activationsComputeTheirFormulas() {
        FMatrixRMaj x = new FMatrixRMaj(new float[][] {{-2f, 0f, 3f}});
        assertArrayEquals(new float[] {0f, 0f, 3f}, new ReLU().forward(x).data);
        assertArrayEquals(new float[] {-0.2f, 0f, 3f}, new LeakyReLU(0.1f).forward(x).data, 1e-7f);
        assertArrayEquals(new float[] {(float) Math.tanh(-2), 0f, (float) Math.tanh(3)}, new Tanh().forward(x).data, 1e-7f);
        FMatrixRMaj s = new Sigmoid().forward(x);
        assertEquals(0.5f, s.data[1]);
        assertEquals(1 / (1 + Math.exp(2)), s.data[0], 1e-7);
        // no overflow for huge scores
        FMatrixRMaj big = new Sigmoid().forward(new FMatrixRMaj(new float[][] {{-1000f, 1000f}}));
        assertArrayEquals(new float[] {0f, 1f}, big.data);
    }

    @Test
    void reluAndLeakySlopesAreExactEvenAtTinyAndZeroInputs() {
        FMatrixRMaj x = new FMatrixRMaj(new float[][] {{Float.MIN_VALUE, 0f, -0f, -Float.MIN_VALUE, 1e30f, -1e30f}});
        FMatrixRMaj dy = new FMatrixRMaj(new float[][] {{3f, 3f, 3f, 3f, 3f, 3f}});
        ReLU relu = new ReLU();
        relu.forward(x);
        assertArrayEquals(new float[] {3f, 0f, 0f, 0f, 3f, 0f}, relu.backward(dy).data);
        LeakyReLU leaky = new LeakyReLU(0.25f);
        assertArrayEquals(new float[] {Float.MIN_VALUE, 0f, -0f, -0f, 1e30f, -0.25e30f}, leaky.forward(x).data);
        assertArrayEquals(new float[] {3f, 0.75f, 0.75f, 0.75f, 3f, 0.75f}, leaky.backward(dy).data);
    }

    @Test
    void tanhAndSigmoidMatchTheLibraryFunctionsToFloatPrecision() {
        for (float v = -30f; v <= 30f; v += 0.01f) {
            assertEquals((float) Math.tanh(v), Tanh.tanh(v), 2 * Math.ulp((float) Math.tanh(v)) + 1e-7f, "tanh " + v);
            float expected = (float) (1 / (1 + Math.exp(-v)));
            assertEquals(expected, Sigmoid.sigmoid(v), Math.ulp(expected), "sigmoid " + v);
        }
        assertEquals(1f, Tanh.tanh(1000f));
        assertEquals(-1f, Tanh.tanh(-1000f));
        assertEquals(0f, Tanh.tanh(0f));
    }

    /** Doubling x in float (Tanh.tanh) gives e^(2x) the same argument as 2.0 * x in double: the notebooks' bits. */
    @Test
    void tanhHasTheBitsOfTheDoubleFormulaForEveryKindOfFloat() {
        Random rng = new Random(7);
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-20f, -3.5f, 9.010913f, 44f,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        for (int i = 0; i < 2_000_000 + special.length; i++) {
            float x = i < special.length ? special[i] : i % 2 == 0 ? Float.intBitsToFloat(rng.nextInt()) : (float) rng.nextGaussian() * 4f;
            float expected = (float) (1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0));
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(Tanh.tanh(x)), "tanh " + x);
        }
    }

    @Test
    void softmaxRowsArePositiveAndSumToOneEvenForHugeScores() {
        FMatrixRMaj x = new FMatrixRMaj(new float[][] {{1000f, 1000f, 990f}, {-5f, 0f, 5f}});
        FMatrixRMaj y = new Softmax().forward(x);
        for (int r = 0; r < 2; r++) {
            float sum = 0f;
            for (int c = 0; c < 3; c++) {
                assertTrue(y.get(r, c) >= 0f && Float.isFinite(y.get(r, c)));
                sum += y.get(r, c);
            }
            assertEquals(1f, sum, 1e-6f);
        }
        assertEquals(y.get(0, 0), y.get(0, 1));
    }

    @Test
    void dropoutDropsAboutRateAndKeepsTheMeanInTraining() {
        Dropout dropout = new Dropout(0.3f, 5L);
        FMatrixRMaj x = new FMatrixRMaj(200, 100);
        x.fill(1f);
        FMatrixRMaj y = dropout.forward(x);
        int zeros = 0;
        double sum = 0;
        for (float v : y.data) {
            if (v == 0f) {
                zeros++;
            } else {
                assertEquals(1f / 0.7f, v, 1e-6f);    // survivors are scaled by 1 / (1 - rate)
            }
            sum += v;
        }
        assertEquals(0.3, zeros / 20000.0, 0.02);
        assertEquals(1.0, sum / 20000.0, 0.03);
        // the gradient flows only through the survivors, with the same scale
        FMatrixRMaj dx = dropout.backward(x);
        assertArrayEquals(y.data, dx.data);
    }

    @Test
    void dropoutIsIdentityInEvaluationMode() {
        Dropout dropout = new Dropout(0.5f, 5L);
        dropout.setTraining(false);
        FMatrixRMaj x = GradientCheck.random(new Random(1), 7, 9, 3f);
        assertArrayEquals(x.data, dropout.forward(x).data);
        FMatrixRMaj dy = GradientCheck.random(new Random(2), 7, 9, 3f);
        assertArrayEquals(dy.data, dropout.backward(dy).data);
    }

    @Test
    void dropoutIsSeeded() {
        FMatrixRMaj x = new FMatrixRMaj(10, 10);
        x.fill(1f);
        float[] a = new Dropout(0.5f, 11L).forward(x).data.clone();
        float[] b = new Dropout(0.5f, 11L).forward(x).data.clone();
        float[] c = new Dropout(0.5f, 12L).forward(x).data.clone();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void embeddingLooksUpRows() {
        Embedding embedding = new Embedding("words", 4, 3, 1L);
        FMatrixRMaj ids = new FMatrixRMaj(new float[][] {{2f}, {0f}, {2f}});
        FMatrixRMaj y = embedding.forward(ids);
        FMatrixRMaj table = embedding.weights().value();
        for (int c = 0; c < 3; c++) {
            assertEquals(table.get(2, c), y.get(0, c));
            assertEquals(table.get(0, c), y.get(1, c));
            assertEquals(table.get(2, c), y.get(2, c));
        }
        FMatrixRMaj dy = new FMatrixRMaj(3, 3);
        dy.fill(1f);
        embedding.backward(dy);
        assertEquals(2f, embedding.weights().grad().get(2, 0));   // token 2 appeared twice
        assertEquals(1f, embedding.weights().grad().get(0, 0));
        assertEquals(0f, embedding.weights().grad().get(1, 0));   // never looked up
    }

    @Test
    void sequentialChainsLayersAndCollectsParameters() {
        Dense d1 = new Dense("dense1", 3, 4, 1L);
        Dense d2 = new Dense("dense2", 4, 2, 2L);
        Sequential model = new Sequential(d1, new ReLU()).add(d2);
        assertEquals(3, model.size());
        assertEquals(d2, model.get(2));
        assertEquals(List.of(d1.weights(), d1.bias(), d2.weights(), d2.bias()), model.parameters());
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, model.parameterCount());
        FMatrixRMaj x = GradientCheck.random(new Random(3), 5, 3, 1f);
        FMatrixRMaj expected = d2.forward(new ReLU().forward(d1.forward(x))).copy();
        assertArrayEquals(expected.data, model.forward(x).data);
    }

    @Test
    void predictRunsInEvaluationModeAndRestoresTraining() {
        Dropout dropout = new Dropout(0.5f, 3L);
        Sequential model = new Sequential(new Dense("dense1", 4, 6, 1L), dropout);
        assertTrue(model.isTraining());
        FMatrixRMaj x = GradientCheck.random(new Random(4), 3, 4, 1f);
        FMatrixRMaj p1 = model.predict(x);
        FMatrixRMaj p2 = model.predict(x);
        assertArrayEquals(p1.data, p2.data);                 // no dropout noise
        assertNotSame(p1, p2);                               // each call returns its own copy
        assertTrue(dropout.isTraining());
        model.setTraining(false);
        assertFalse(dropout.isTraining());
    }

    @Test
    void sequentialPrintsLikePyTorch() {
        Sequential model = new Sequential(new Dense("dense1", 784, 512, 1L), new ReLU(), new Dropout(0.2f, 1L),
                new Dense("dense2", 512, 10, 2L));
        assertEquals("""
                Sequential(
                  (0): Dense(dense1: 784 -> 512, 401,920 parameters)
                  (1): ReLU()
                  (2): Dropout(rate=0.2)
                  (3): Dense(dense2: 512 -> 10, 5,130 parameters)
                )  total parameters: 407,050""", model.toString());
    }

    @Test
    void nestedSequentialIsIndentedUnderItsNumber() {
        Sequential block = new Sequential(new Dense("inner", 2, 3, 1L), new Tanh());
        Sequential model = new Sequential(block, new Dense("head", 3, 1, 2L));
        assertEquals("""
                Sequential(
                  (0): Sequential(
                    (0): Dense(inner: 2 -> 3, 9 parameters)
                    (1): Tanh()
                  )  total parameters: 9
                  (1): Dense(head: 3 -> 1, 4 parameters)
                )  total parameters: 13""", model.toString());
    }

    @Test
    void parameterPrintsNameRoleShapeAndCount() {
        Dense dense = new Dense("dense1", 784, 512, 1L);
        assertEquals("Parameter(dense1.weights: weight 784x512, 401,408 numbers)", dense.weights().toString());
        assertEquals("Parameter(dense1.bias: bias 1x512, 512 numbers)", dense.bias().toString());
    }

    @Test
    void buffersFollowTheBatchSize() {
        Dense dense = new Dense("dense1", 3, 2, 1L);
        assertEquals(5, dense.forward(new FMatrixRMaj(5, 3)).numRows);
        assertEquals(3, dense.backward(new FMatrixRMaj(5, 2)).numCols);
        assertEquals(1, dense.forward(new FMatrixRMaj(1, 3)).numRows);
        assertEquals(1, dense.backward(new FMatrixRMaj(1, 2)).numRows);
    }
}
