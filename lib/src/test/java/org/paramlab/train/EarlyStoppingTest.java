package org.paramlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.core.Parameter;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Dense;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.optim.Adam;

/** Patience, minDelta, stopping through the Trainer, and the best epoch's weights put back. */
class EarlyStoppingTest {

    private static EpochInfo epoch(int n, double validationLoss) {
        return new EpochInfo(n, 100, 1.0, validationLoss, null, Double.NaN, Double.NaN, Duration.ZERO);
    }

    /** Feeds a validation-loss curve; returns the epoch after which the listener asked to stop, or 0. */
    private static int stopsAfter(EarlyStopping stopper, double... losses) {
        for (int i = 0; i < losses.length; i++) {
            stopper.onEpoch(epoch(i + 1, losses[i]));
            if (stopper.stopRequest() != null) {
                return i + 1;
            }
        }
        return 0;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        Dense model = new Dense("d", 2, 2, 1);
        EarlyStopping stopper = new EarlyStopping(model, 3);
        // best at epoch 2 (0.5); epochs 3, 4, 5 do not beat it -> stop after epoch 5
        assertEquals(5, stopsAfter(stopper, 1.0, 0.5, 0.6, 0.5, 0.7, 0.1));
        assertEquals(2, stopper.bestEpoch());
        assertEquals(0.5, stopper.bestLoss());
        assertTrue(stopper.stopRequest().contains("3 epochs") && stopper.stopRequest().contains("epoch 2"),
                stopper.stopRequest());
    }

    @Test
    void anImprovementResetsTheWait() {
        EarlyStopping stopper = new EarlyStopping(new Dense("d", 2, 2, 1), 2);
        assertEquals(0, stopsAfter(stopper, 1.0, 1.1, 0.9, 1.0, 0.8, 0.85, 0.7));
        assertNull(stopper.stopRequest());
        assertEquals(7, stopper.bestEpoch());
    }

    @Test
    void minDeltaIgnoresTinyImprovements() {
        EarlyStopping stopper = new EarlyStopping(new Dense("d", 2, 2, 1), 2).minDelta(0.05);
        // 0.98 and 0.97 are less than 0.05 below 1.0: not improvements
        assertEquals(3, stopsAfter(stopper, 1.0, 0.98, 0.97));
        assertEquals(1, stopper.bestEpoch());
    }

    @Test
    void epochOneStartsANewRun() {
        EarlyStopping stopper = new EarlyStopping(new Dense("d", 2, 2, 1), 1);
        assertEquals(2, stopsAfter(stopper, 0.1, 0.2));
        assertEquals(0, stopsAfter(stopper, 5.0, 4.0, 3.0), "the second run is not compared with the first one's 0.1");
        assertEquals(3, stopper.bestEpoch());
    }

    /** A classification problem a wide network overfits quickly: few examples, half the labels random. */
    private static Dataset noisyBlobs(int n, long seed) {
        Random rng = new Random(seed);
        FMatrixRMaj x = new FMatrixRMaj(n, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            x.set(i, 0, (float) (rng.nextGaussian() + (c == 0 ? -1 : 1)));
            x.set(i, 1, (float) rng.nextGaussian());
            labels[i] = rng.nextDouble() < 0.4 ? rng.nextInt(2) : c;
        }
        return Dataset.ofClasses(x, labels, "a", "b");
    }

    @Test
    void stopsTrainingAndRestoresTheBestEpochsWeights() {
        Dataset train = noisyBlobs(60, 1);
        Dataset validation = noisyBlobs(200, 2);
        Sequential model = new Sequential(new Dense("h", 2, 128, 3), new ReLU(), new Dense("out", 128, 2, 4));
        // record the weights after every epoch, to compare with what the stopper restores
        List<float[]> weightsAfterEpoch = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onEpoch(EpochInfo info) {
                weightsAfterEpoch.add(flatten(model.parameters()));
            }
        };
        EarlyStopping stopper = new EarlyStopping(model, 4);
        History history = new Trainer(model, new SoftmaxCrossEntropy(), new Adam(model.parameters(), 0.03f))
                .epochs(300).batchSize(16).seed(5).listener(recorder).listener(stopper).fit(train, validation);

        assertEquals(StopReason.STOPPED_BY_LISTENER, history.stopReason(), history.message());
        assertTrue(history.epochs() < 300);
        assertEquals(stopper.bestEpoch() + 4, history.epochs(), "stops exactly patience epochs after the best");
        double[] validationLoss = history.validationLoss();
        double lowest = Double.POSITIVE_INFINITY;
        int lowestEpoch = 0;
        for (int i = 0; i < validationLoss.length; i++) {
            if (validationLoss[i] < lowest) {
                lowest = validationLoss[i];
                lowestEpoch = i + 1;
            }
        }
        assertEquals(lowestEpoch, stopper.bestEpoch());
        assertTrue(stopper.restored());
        assertArrayEquals(weightsAfterEpoch.get(stopper.bestEpoch() - 1), flatten(model.parameters()),
                "the model holds the best epoch's parameters, not the last epoch's");
        assertFalse(java.util.Arrays.equals(weightsAfterEpoch.get(history.epochs() - 1), flatten(model.parameters())));
        assertEquals(lowest, Trainer.evaluate(model, new SoftmaxCrossEntropy(), validation).loss(), 1e-6,
                "evaluating the restored model gives the best validation loss again");
        assertTrue(history.message().contains("has not improved for 4 epochs"), history.message());
    }

    @Test
    void withoutRestoreTheLastWeightsStay() {
        Dataset train = noisyBlobs(60, 1);
        Dataset validation = noisyBlobs(200, 2);
        Sequential model = new Sequential(new Dense("h", 2, 128, 3), new ReLU(), new Dense("out", 128, 2, 4));
        EarlyStopping stopper = new EarlyStopping(model, 4).restoreBest(false);
        History history = new Trainer(model, new SoftmaxCrossEntropy(), new Adam(model.parameters(), 0.03f))
                .epochs(300).batchSize(16).seed(5).listener(stopper).fit(train, validation);
        assertEquals(StopReason.STOPPED_BY_LISTENER, history.stopReason());
        assertFalse(stopper.restored());
        assertEquals(history.validationLoss()[history.epochs() - 1],
                Trainer.evaluate(model, new SoftmaxCrossEntropy(), validation).loss(), 1e-6);
    }

    @Test
    void clearErrors() {
        Dense model = new Dense("d", 2, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(model, 0));
        assertTrue(e.getMessage().contains("patience") && e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(null, 3));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(model, 3).minDelta(-1));
        // without a validation set there is nothing to watch
        Dataset train = noisyBlobs(20, 1);
        Dense net = new Dense("d", 2, 2, 1);
        IllegalStateException missing = assertThrows(IllegalStateException.class, () ->
                new Trainer(net, new SoftmaxCrossEntropy(), new Adam(net.parameters(), 0.01f))
                        .epochs(3).listener(new EarlyStopping(net, 2)).fit(train));
        assertTrue(missing.getMessage().contains("validation"), missing.getMessage());
    }

    static float[] flatten(List<Parameter> parameters) {
        int n = 0;
        for (Parameter p : parameters) {
            n += p.count();
        }
        float[] all = new float[n];
        int at = 0;
        for (Parameter p : parameters) {
            System.arraycopy(p.value().data, 0, all, at, p.count());
            at += p.count();
        }
        return all;
    }
}
