package org.paramlab.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.paramlab.init.Initializers;
import org.paramlab.check.GradientCheck;

/**
 * Backward of every layer agrees with central differences of its forward, at random shapes drawn
 * from a seeded Random (a different seed for each repetition).
 */
class LayerGradientTest {

    private static Random rng(RepetitionInfo info) {
        return new Random(1000L + info.getCurrentRepetition());
    }

    private static int size(Random rng, int max) {
        return 1 + rng.nextInt(max);
    }

    /** Random input whose entries stay at least 2h away from 0, so kinks (ReLU at 0) are never straddled. */
    private static FMatrixRMaj awayFromZero(Random rng, int rows, int cols) {
        FMatrixRMaj x = GradientCheck.random(rng, rows, cols, 2f);
        for (int i = 0; i < x.data.length; i++) {
            if (Math.abs(x.data[i]) < 0.05f) {
                x.data[i] = x.data[i] < 0 ? -0.05f - x.data[i] : 0.05f + x.data[i];
            }
        }
        return x;
    }

    @RepeatedTest(8)
    void dense(RepetitionInfo info) {
        Random rng = rng(info);
        int batch = size(rng, 6), in = size(rng, 7), out = size(rng, 5);
        Dense dense = new Dense("dense1", in, out, Initializers.xavierUniform(), Initializers.uniform(-0.5f, 0.5f),
                rng.nextLong());
        GradientCheck.checkLayer(dense, GradientCheck.random(rng, batch, in, 1f), rng);
    }

    @RepeatedTest(8)
    void relu(RepetitionInfo info) {
        Random rng = rng(info);
        GradientCheck.checkLayer(new ReLU(), awayFromZero(rng, size(rng, 6), size(rng, 8)), rng);
    }

    @RepeatedTest(8)
    void leakyRelu(RepetitionInfo info) {
        Random rng = rng(info);
        GradientCheck.checkLayer(new LeakyReLU(0.1f), awayFromZero(rng, size(rng, 6), size(rng, 8)), rng);
    }

    @RepeatedTest(8)
    void sigmoid(RepetitionInfo info) {
        Random rng = rng(info);
        GradientCheck.checkLayer(new Sigmoid(), GradientCheck.random(rng, size(rng, 6), size(rng, 8), 4f), rng);
    }

    @RepeatedTest(8)
    void tanh(RepetitionInfo info) {
        Random rng = rng(info);
        GradientCheck.checkLayer(new Tanh(), GradientCheck.random(rng, size(rng, 6), size(rng, 8), 2f), rng);
    }

    @RepeatedTest(8)
    void softmax(RepetitionInfo info) {
        Random rng = rng(info);
        GradientCheck.checkLayer(new Softmax(), GradientCheck.random(rng, size(rng, 6), 1 + size(rng, 7), 3f), rng);
    }

    @RepeatedTest(8)
    void dropoutInTraining(RepetitionInfo info) {
        Random rng = rng(info);
        float rate = 0.1f + 0.8f * rng.nextFloat();
        long seed = rng.nextLong();
        FMatrixRMaj x = GradientCheck.random(rng, size(rng, 6), size(rng, 8), 2f);
        // each numerical probe uses a fresh layer with the same seed, hence the same mask
        GradientCheck.checkLayer(new Dropout(rate, seed), () -> new Dropout(rate, seed), x, rng, true);
    }

    @RepeatedTest(8)
    void embedding(RepetitionInfo info) {
        Random rng = rng(info);
        int vocab = size(rng, 8), dim = size(rng, 5), batch = size(rng, 7);
        Embedding embedding = new Embedding("embedding", vocab, dim, rng.nextLong());
        FMatrixRMaj ids = new FMatrixRMaj(batch, 1);
        for (int r = 0; r < batch; r++) {
            ids.data[r] = rng.nextInt(vocab);
        }
        // ids are not differentiable: only the table's gradient is checked numerically
        GradientCheck.checkLayer(embedding, () -> embedding, ids, rng, false);
        FMatrixRMaj dx = embedding.backward(GradientCheck.random(rng, batch, dim, 1f));
        assertEquals(batch, dx.numRows);
        assertEquals(1, dx.numCols);
        for (float v : dx.data) {
            assertEquals(0f, v);
        }
    }

    @RepeatedTest(8)
    void sequential(RepetitionInfo info) {
        Random rng = rng(info);
        int batch = size(rng, 5), in = size(rng, 6), hidden = size(rng, 6), out = size(rng, 4);
        Sequential model = new Sequential(
                new Dense("dense1", in, hidden, Initializers.xavierNormal(), Initializers.normal(0f, 0.3f), rng.nextLong()),
                new Tanh(),
                new Dense("dense2", hidden, hidden, Initializers.xavierNormal(), Initializers.normal(0f, 0.3f), rng.nextLong()),
                new Sigmoid(),
                new Dense("dense3", hidden, out, Initializers.xavierNormal(), Initializers.normal(0f, 0.3f), rng.nextLong()));
        GradientCheck.checkLayer(model, GradientCheck.random(rng, batch, in, 1f), rng);
    }

    @Test
    void afterZeroGradBackwardWritesWhatAddingToZerosWould() {
        // zeroGrad only marks the gradient; Dense then writes dW over it. The same bits as zeros written first and
        // added to, on a layer large enough for the vector products; the old numbers are never read
        Random rng = new Random(8);
        Dense overwritten = new Dense("dense1", 300, 200, 42L);
        Dense addedToZeros = new Dense("dense1", 300, 200, 42L);
        FMatrixRMaj x = GradientCheck.random(rng, 64, 300, 1f);
        FMatrixRMaj dy = GradientCheck.random(rng, 64, 200, 1f);
        overwritten.forward(x);
        overwritten.backward(dy);                          // an old gradient that must not leak into the next one
        overwritten.weights().zeroGrad();
        overwritten.bias().zeroGrad();
        assertTrue(overwritten.weights().gradCleared());
        overwritten.forward(x);
        overwritten.backward(dy);
        assertFalse(overwritten.weights().gradCleared(), "backward wrote the gradient");
        addedToZeros.weights().grad().zero();
        addedToZeros.forward(x);
        addedToZeros.backward(dy);
        assertArrayEquals(addedToZeros.weights().grad().data, overwritten.weights().grad().data);
        assertArrayEquals(addedToZeros.bias().grad().data, overwritten.bias().grad().data);
    }

    @Test
    void aClearedGradientReadsAsZerosWhenAskedFor() {
        Dense dense = new Dense("dense1", 3, 2, 42L);
        dense.forward(GradientCheck.random(new Random(9), 4, 3, 1f));
        dense.backward(GradientCheck.random(new Random(10), 4, 2, 1f));
        dense.weights().zeroGrad();
        assertTrue(dense.weights().gradCleared());
        for (float v : dense.weights().grad().data) {   // asking writes the zeros
            assertEquals(0f, v);
        }
        assertFalse(dense.weights().gradCleared());
    }

    @Test
    void denseGradientsAccumulateUntilZeroed() {
        Random rng = new Random(7);
        Dense dense = new Dense("dense1", 3, 2, 42L);
        FMatrixRMaj x = GradientCheck.random(rng, 4, 3, 1f);
        FMatrixRMaj dy = GradientCheck.random(rng, 4, 2, 1f);
        dense.forward(x);
        dense.backward(dy);
        FMatrixRMaj once = dense.weights().grad().copy();
        dense.forward(x);
        dense.backward(dy);
        for (int i = 0; i < once.data.length; i++) {
            assertEquals(2 * once.data[i], dense.weights().grad().data[i], 1e-6f);
        }
        dense.weights().zeroGrad();
        for (float v : dense.weights().grad().data) {
            assertEquals(0f, v);
        }
    }
}
