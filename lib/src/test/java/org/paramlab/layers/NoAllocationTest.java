package org.paramlab.layers;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.optim.Adam;
import org.paramlab.optim.Optimizer;
import org.paramlab.optim.SGD;
import org.paramlab.check.GradientCheck;
import org.paramlab.testing.Allocation;

/**
 * Once warmed up, a training step (forward, loss, backward, update) reuses its buffers: it allocates
 * nothing per batch while the batch size stays the same. Measured with the JVM's per-thread
 * allocation counter (a count of bytes, not a timing).
 */
class NoAllocationTest {

    private static void assertStepsAllocateNothing(Optimizer optimizer, Sequential model, FMatrixRMaj x, FMatrixRMaj y) {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Runnable step = () -> {
            optimizer.zeroGrad();
            loss.forward(model.forward(x), y);
            model.backward(loss.backward());
            optimizer.step();
        };
        // a copy of any buffer here would cost at least 8 x 16 x 4 = 512 bytes per step
        Allocation.assertBelowOnceWarm("a warmed-up training step", 64, 200, step);
    }

    private static Sequential model() {
        return new Sequential(new Dense("dense1", 12, 16, 1L), new ReLU(), new Dropout(0.1f, 2L), new Tanh(),
                new Dense("dense2", 16, 4, 3L));
    }

    private static FMatrixRMaj[] batch() {
        Random rng = new Random(5);
        FMatrixRMaj x = GradientCheck.random(rng, 8, 12, 1f);
        FMatrixRMaj y = new FMatrixRMaj(8, 4);
        for (int r = 0; r < 8; r++) {
            y.set(r, r % 4, 1f);
        }
        return new FMatrixRMaj[] {x, y};
    }

    @Test
    void sgdStepAllocatesNothing() {
        Sequential model = model();
        FMatrixRMaj[] b = batch();
        assertStepsAllocateNothing(new SGD(model.parameters(), 0.01f, 0.9f), model, b[0], b[1]);
    }

    @Test
    void adamStepAllocatesNothing() {
        Sequential model = model();
        FMatrixRMaj[] b = batch();
        assertStepsAllocateNothing(new Adam(model.parameters(), 0.001f).weightDecay(1e-4f), model, b[0], b[1]);
    }
}
