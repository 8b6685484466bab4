package org.paramlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.data.Batches;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Dense;
import org.paramlab.losses.MeanSquaredError;
import org.paramlab.optim.SGD;
import org.paramlab.testing.Allocation;

/** The step the trainer runs on every batch: the default is the five lines; another step plugs in. */
class TrainingStepTest {

    @Test
    void theDefaultStepIsTheTrainersOwnLoop() {
        Dataset data = TrainerBehaviourTest.regression(100, 3);
        Dense a = new Dense("linear", 2, 1, 1);
        Dense b = new Dense("linear", 2, 1, 1);
        History ha = new Trainer(a, new MeanSquaredError(), new SGD(a.parameters(), 0.05f)).epochs(4).seed(2).fit(data, data);
        History hb = new Trainer(new TrainingStep(b, new MeanSquaredError(), new SGD(b.parameters(), 0.05f)))
                .epochs(4).seed(2).fit(data, data);
        assertArrayEquals(ha.trainLoss(), hb.trainLoss());
        assertArrayEquals(ha.validationLoss(), hb.validationLoss());
        assertArrayEquals(a.weights().value().data, b.weights().value().data);
    }

    /** A step whose objective doubles the loss: its gradient doubles, so it trains like twice the learning rate. */
    private static final class Doubled extends TrainingStep {
        int calls;

        Doubled(Dense model, float lr) {
            super(model, new MeanSquaredError(), new SGD(model.parameters(), lr));
        }

        @Override
        protected float loss(FMatrixRMaj prediction, Batches.Batch batch) {
            calls++;
            return 2 * super.loss(prediction, batch);
        }

        @Override
        protected FMatrixRMaj lossGradient() {
            FMatrixRMaj g = super.lossGradient();
            for (int i = 0; i < g.getNumElements(); i++) g.data[i] *= 2;
            return g;
        }
    }

    @Test
    void aCustomStepPlugsInWithoutASecondLoop() {
        Dataset data = TrainerBehaviourTest.regression(96, 3);
        Dense a = new Dense("linear", 2, 1, 1);
        Doubled step = new Doubled(a, 0.025f);
        Trainer trainer = new Trainer(step).epochs(3).seed(5);
        assertSame(step, trainer.step());
        History ha = trainer.fit(data, data);
        Dense b = new Dense("linear", 2, 1, 1);
        History hb = new Trainer(b, new MeanSquaredError(), new SGD(b.parameters(), 0.05f)).epochs(3).seed(5).fit(data, data);
        assertEquals(3 * 3, step.calls, "3 epochs of 3 batches");
        assertArrayEquals(b.weights().value().data, a.weights().value().data, 1e-6f);
        // validation reports the step's loss, not its training objective
        assertArrayEquals(hb.validationLoss(), ha.validationLoss(), 1e-6);
        assertEquals(2 * hb.trainLoss()[0], ha.trainLoss()[0], 1e-5);
    }

    @Test
    void theDefaultStepAllocatesNothingOnceWarmedUp() {
        Dataset data = TrainerBehaviourTest.regression(32, 3);
        Dense model = new Dense("linear", 2, 1, 1);
        TrainingStep step = new TrainingStep(model, new MeanSquaredError(), new SGD(model.parameters(), 0.01f, 0.9f));
        Batches.Batch batch = Batches.inOrder(data, 32).iterator().next();
        Allocation.assertBelowOnceWarm("a warmed-up training step", 64, 200, () -> {
            step.forward(batch);
            step.update();
        });
    }

    @Test
    void missingPiecesAreNamed() {
        Dense a = new Dense("linear", 2, 1, 1);
        assertEquals("a training step needs a model, a loss and an optimizer; missing: loss",
                assertThrows(IllegalArgumentException.class,
                        () -> new TrainingStep(a, null, new SGD(a.parameters(), 0.1f))).getMessage());
        assertEquals("a trainer needs a training step, got null",
                assertThrows(IllegalArgumentException.class, () -> new Trainer((TrainingStep) null)).getMessage());
    }
}
