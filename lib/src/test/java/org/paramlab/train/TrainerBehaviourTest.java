package org.paramlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Dense;
import org.paramlab.layers.Layer;
import org.paramlab.layers.Sequential;
import org.paramlab.losses.MeanSquaredError;
import org.paramlab.metrics.Metrics;
import org.paramlab.optim.SGD;

import tech.tablesaw.api.Table;

/** Listeners, interruption, divergence, train/eval mode and the rejected settings. */
class TrainerBehaviourTest {

    /** y = x0 + 2 x1 with some noise, 100 examples. */
    static Dataset regression(int n, long seed) {
        Random rng = new Random(seed);
        FMatrixRMaj x = new FMatrixRMaj(n, 2);
        FMatrixRMaj y = new FMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            float a = (float) rng.nextGaussian();
            float b = (float) rng.nextGaussian();
            x.set(i, 0, a);
            x.set(i, 1, b);
            y.set(i, 0, a + 2 * b + 0.1f * (float) rng.nextGaussian());
        }
        return Dataset.of(x, y);
    }

    private static Trainer trainer(Dense model, float learningRate) {
        return new Trainer(model, new MeanSquaredError(), new SGD(model.parameters(), learningRate));
    }

    // ---- listeners and history ---------------------------------------------------------------------

    @Test
    void listenerSeesEveryStepAndEpoch() {
        List<StepInfo> steps = new ArrayList<>();
        List<EpochInfo> epochs = new ArrayList<>();
        Dense model = new Dense("linear", 2, 1, 1);
        History history = trainer(model, 0.05f).epochs(3).batchSize(32).seed(1)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepInfo step) { steps.add(step); }

                    @Override
                    public void onEpoch(EpochInfo epoch) { epochs.add(epoch); }
                })
                .fit(regression(100, 1), regression(40, 2));

        // 100 examples in batches of 32: 32 + 32 + 32 + 4 -> 4 steps per epoch
        assertEquals(12, steps.size());
        StepInfo last = steps.get(11);
        assertEquals(3, last.epoch());
        assertEquals(3, last.epochs());
        assertEquals(4, last.step());
        assertEquals(4, last.stepsPerEpoch());
        assertEquals(12, last.globalStep());
        assertEquals(1.0, last.progress(), 1e-12);
        assertFalse(last.elapsed().isNegative());
        assertEquals(3, epochs.size());
        for (int e = 0; e < 3; e++) {
            assertEquals(e + 1, epochs.get(e).epoch());
            assertEquals(history.trainLoss()[e], epochs.get(e).trainLoss());
            assertEquals(history.validationLoss()[e], epochs.get(e).validationLoss());
        }
        // the epoch's train loss is the size-weighted mean of its step losses
        double weighted = (32 * (steps.get(0).loss() + steps.get(1).loss() + steps.get(2).loss()) + 4 * steps.get(3).loss()) / 100;
        assertEquals(weighted, history.trainLoss()[0], 1e-6);
    }

    @Test
    void historyAsTableAndText() {
        Dense model = new Dense("linear", 2, 1, 1);
        History history = trainer(model, 0.05f).epochs(4).batchSize(10).metric(Metrics.mse())
                .fit(regression(50, 1), regression(20, 2));
        Table table = history.toTable();
        assertEquals(List.of("epoch", "train_loss", "validation_loss", "train_mse", "validation_mse"), table.columnNames());
        assertEquals(4, table.rowCount());
        assertEquals(4, table.intColumn("epoch").getInt(3));
        assertEquals(history.validationLoss()[2], table.doubleColumn("validation_loss").getDouble(2));
        // with MSE as loss and metric the two agree on the validation set
        assertEquals(history.validationLoss()[3], history.validationMetric()[3], 1e-6);

        String text = history.toString();
        assertTrue(text.startsWith("epoch  train_loss  validation_loss  train_mse  validation_mse\n"), text);
        assertTrue(text.endsWith("\ntraining completed 4 epochs"), text);
        assertEquals(6, text.split("\n").length, text);

        History noValidation = trainer(new Dense("linear", 2, 1, 1), 0.05f).epochs(2).metric(null).fit(regression(50, 1));
        assertEquals(List.of("epoch", "train_loss"), noValidation.toTable().columnNames());
        assertNull(noValidation.metricName());
        assertTrue(Double.isNaN(noValidation.validationLoss()[0]));
    }

    @Test
    void modelTrainsInTrainingModeAndValidatesInEvaluationMode() {
        ModeSpy spy = new ModeSpy();
        Sequential model = new Sequential(spy, new Dense("linear", 2, 1, 1));
        new Trainer(model, new MeanSquaredError(), new SGD(model.parameters(), 0.01f))
                .epochs(2).batchSize(50).fit(regression(100, 1), regression(30, 2));
        // per epoch: 2 training batches, then 1 validation batch (30 examples < 50)
        assertEquals(List.of(true, true, false, true, true, false), spy.modes);
        assertFalse(model.isTraining(), "fit leaves the model in evaluation mode");
    }

    /** A pass-through layer that records the mode it ran in. */
    private static final class ModeSpy implements Layer {
        final List<Boolean> modes = new ArrayList<>();
        private boolean training = true;

        @Override
        public String name() { return "spy"; }

        @Override
        public FMatrixRMaj forward(FMatrixRMaj input) {
            modes.add(training);
            return input;
        }

        @Override
        public FMatrixRMaj backward(FMatrixRMaj outputGradient) { return outputGradient; }

        @Override
        public void setTraining(boolean training) { this.training = training; }

        @Override
        public boolean isTraining() { return training; }
    }

    // ---- interruption --------------------------------------------------------------------------------

    @Test
    void interruptStopsBeforeTheNextBatchAndKeepsTheFinishedEpochs() throws Exception {
        CountDownLatch twoEpochsDone = new CountDownLatch(1);
        AtomicInteger stepsAfterInterrupt = new AtomicInteger();
        AtomicReference<History> result = new AtomicReference<>();
        AtomicBoolean flagStillSet = new AtomicBoolean();
        Dense model = new Dense("linear", 2, 1, 1);
        Trainer trainer = trainer(model, 0.01f).epochs(1000).batchSize(10).listener(new TrainingListener() {
            @Override
            public void onStep(StepInfo step) {
                if (Thread.currentThread().isInterrupted()) {
                    stepsAfterInterrupt.incrementAndGet();
                }
            }

            @Override
            public void onEpoch(EpochInfo epoch) {
                if (epoch.epoch() == 2) {
                    twoEpochsDone.countDown();
                    // hold the training thread here until the interrupt has arrived
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                }
            }
        });
        Thread thread = new Thread(() -> {
            result.set(trainer.fit(regression(100, 1), regression(20, 2)));
            flagStillSet.set(Thread.currentThread().isInterrupted());
        });
        thread.start();
        assertTrue(twoEpochsDone.await(10, TimeUnit.SECONDS), "two epochs ran");
        thread.interrupt();
        thread.join(10_000);

        History history = result.get();
        assertTrue(history.interrupted(), history.message());
        assertEquals(StopReason.INTERRUPTED, history.stopReason());
        assertEquals(2, history.epochs(), "the two finished epochs are kept");
        assertEquals(0, stepsAfterInterrupt.get(), "no mini-batch ran after the interrupt");
        assertEquals("interrupted in epoch 3 before step 1 of 10; the history keeps the 2 finished epochs", history.message());
        assertTrue(flagStillSet.get(), "the interrupt flag stays set for the caller");
        assertTrue(history.toString().endsWith("\ntraining stopped early: " + history.message()), history.toString());
    }

    @Test
    void aListenerCanStopTrainingAfterAnEpoch() {
        Dense model = new Dense(2, 1, 7);
        List<Integer> seen = new ArrayList<>();
        History history = trainer(model, 0.01f).epochs(10).listener(new TrainingListener() {
            @Override public void onEpoch(EpochInfo epoch) { seen.add(epoch.epoch()); }
            @Override public String stopRequest() { return seen.size() == 3 ? "enough for this test" : null; }
        }).fit(regression(100, 1), regression(20, 2));

        assertEquals(StopReason.STOPPED_BY_LISTENER, history.stopReason());
        assertEquals(List.of(1, 2, 3), seen, "no epoch runs after the request");
        assertEquals(3, history.epochs());
        assertEquals("stopped after epoch 3 of 10: enough for this test", history.message());
    }

    @Test
    void interruptAtAnyMomentStopsWithinOneBatch() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        AtomicInteger stepsSeeingInterrupt = new AtomicInteger();
        AtomicReference<History> result = new AtomicReference<>();
        Dense model = new Dense("linear", 2, 1, 1);
        Trainer trainer = trainer(model, 0.001f).epochs(1_000_000).batchSize(5).listener(new TrainingListener() {
            @Override
            public void onStep(StepInfo step) {
                steps.incrementAndGet();
                // a step whose listener sees the flag was already running when the interrupt came
                if (Thread.currentThread().isInterrupted()) {
                    stepsSeeingInterrupt.incrementAndGet();
                }
            }
        });
        Thread thread = new Thread(() -> result.set(trainer.fit(regression(100, 1))));
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (steps.get() < 500 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        thread.interrupt();
        thread.join(10_000);
        assertFalse(thread.isAlive(), "training stopped");
        assertTrue(result.get().interrupted(), result.get().message());
        assertTrue(stepsSeeingInterrupt.get() <= 1, "steps after the interrupt: " + stepsSeeingInterrupt.get());
        assertTrue(result.get().epochs() >= 500 / 20 - 1, "finished epochs kept: " + result.get().epochs());
    }

    @Test
    void alreadyInterruptedThreadTrainsNothing() {
        Thread.currentThread().interrupt();
        try {
            History history = trainer(new Dense("linear", 2, 1, 1), 0.01f).epochs(3).fit(regression(20, 1));
            assertTrue(history.interrupted());
            assertEquals(0, history.epochs());
            assertEquals("interrupted in epoch 1 before step 1 of 1; the history keeps the 0 finished epochs", history.message());
        } finally {
            assertTrue(Thread.interrupted(), "flag still set");   // also clears it for the next test
        }
    }

    /** Records every onEnd call and whether the model was already back in evaluation mode. */
    private static final class EndRecorder implements TrainingListener {
        final List<History> ends = new ArrayList<>();
        final List<Boolean> modelTraining = new ArrayList<>();
        private final Layer model;

        EndRecorder(Layer model) {
            this.model = model;
        }

        @Override
        public void onEnd(History history) {
            ends.add(history);
            modelTraining.add(model.isTraining());
        }
    }

    @Test
    void onEndIsCalledOnceWithTheReturnedHistoryHoweverTheRunEnds() {
        Dense completedModel = new Dense("linear", 2, 1, 1);
        EndRecorder completed = new EndRecorder(completedModel);
        History done = trainer(completedModel, 0.05f).epochs(2).listener(completed).fit(regression(40, 1), regression(10, 2));
        assertTrue(done.completed());
        assertEquals(List.of(done), completed.ends, "once, with the history fit returns");
        assertEquals(List.of(false), completed.modelTraining, "the model is in evaluation mode by then");

        Dense divergingModel = new Dense("linear", 2, 1, 1);
        EndRecorder diverged = new EndRecorder(divergingModel);
        History blownUp = trainer(divergingModel, 10f).epochs(100).batchSize(10).listener(diverged).fit(regression(100, 1));
        assertTrue(blownUp.diverged(), blownUp.message());
        assertEquals(List.of(blownUp), diverged.ends);

        Dense interruptedModel = new Dense("linear", 2, 1, 1);
        EndRecorder interrupted = new EndRecorder(interruptedModel);
        Thread.currentThread().interrupt();
        try {
            History stopped = trainer(interruptedModel, 0.05f).epochs(3).listener(interrupted).fit(regression(20, 1));
            assertTrue(stopped.interrupted(), stopped.message());
            assertEquals(List.of(stopped), interrupted.ends);
        } finally {
            assertTrue(Thread.interrupted(), "flag still set");   // also clears it for the next test
        }
    }

    @Test
    void onEndIsNotCalledWhenFitRejectsItsInput() {
        Dense model = new Dense("linear", 2, 1, 1);
        EndRecorder recorder = new EndRecorder(model);
        Trainer trainer = trainer(model, 0.05f).listener(recorder);
        assertThrows(IllegalArgumentException.class, () -> trainer.fit(null));
        assertTrue(recorder.ends.isEmpty(), "no run, no end");
    }

    // ---- divergence ----------------------------------------------------------------------------------

    @Test
    void nanLossStopsWithEpochStepAndLearningRate() {
        Dense model = new Dense("linear", 2, 1, 1);
        History history = trainer(model, 10f).epochs(100).batchSize(10).seed(1).fit(regression(100, 1));

        assertTrue(history.diverged(), history.message());
        assertEquals(StopReason.DIVERGED, history.stopReason());
        assertTrue(history.epochs() < 100, "stopped early, after " + history.epochs() + " epochs");
        String message = history.message();
        assertTrue(message.matches("loss became (NaN|Infinity|-Infinity) in epoch \\d+, step \\d+ of 10: the updates grew too large\\. "
                + "The likely cause is a learning rate that is too high \\(it is 10\\.0\\); try a smaller one, e\\.g\\. 1, "
                + "or standardize the inputs"), message);
        assertTrue(message.contains("in epoch " + (history.epochs() + 1) + ","), "names the epoch it happened in: " + message);
        for (double loss : history.trainLoss()) {
            assertTrue(Double.isFinite(loss), "kept epochs have finite losses");
        }

        // the suggestion is a readable tenth of the learning rate, not 0.030000001
        History other = trainer(new Dense("linear", 2, 1, 1), 3.3f).epochs(100).batchSize(10).fit(regression(100, 1));
        assertTrue(other.diverged(), other.message());
        assertTrue(other.message().contains("(it is 3.3); try a smaller one, e.g. 0.33, or"), other.message());
    }

    // ---- rejected settings ---------------------------------------------------------------------------

    @Test
    void invalidSettingsAreRejectedWithTheBadValue() {
        Dense model = new Dense("linear", 2, 1, 1);
        Trainer trainer = trainer(model, 0.1f);
        assertEquals("epochs must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> trainer.epochs(0)).getMessage());
        assertEquals("batch size must be >= 1, got -3",
                assertThrows(IllegalArgumentException.class, () -> trainer.batchSize(-3)).getMessage());
        assertEquals("a trainer needs a model, a loss and an optimizer; missing: loss",
                assertThrows(IllegalArgumentException.class,
                        () -> new Trainer(model, null, new SGD(model.parameters(), 0.1f))).getMessage());
        assertEquals("fit needs a training dataset, got null",
                assertThrows(IllegalArgumentException.class, () -> trainer.fit(null)).getMessage());
        assertEquals("listener must not be null",
                assertThrows(IllegalArgumentException.class, () -> trainer.listener(null)).getMessage());
        Dataset threeFeatures = Dataset.of(new FMatrixRMaj(5, 3), new FMatrixRMaj(5, 1));
        assertEquals("validation data has 3 features and 1 target columns, but the training data has 2 and 1",
                assertThrows(IllegalArgumentException.class, () -> trainer.fit(regression(10, 1), threeFeatures)).getMessage());
        assertEquals("a dataset needs at least one example, got 0 rows",
                assertThrows(IllegalArgumentException.class,
                        () -> Dataset.of(new FMatrixRMaj(0, 2), new FMatrixRMaj(0, 1))).getMessage());
    }

    @Test
    void batchLargerThanTheDataIsFullBatchTraining() {
        List<StepInfo> steps = new ArrayList<>();
        trainer(new Dense("linear", 2, 1, 1), 0.1f).epochs(2).batchSize(1000)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepInfo step) { steps.add(step); }
                })
                .fit(regression(30, 1));
        assertEquals(2, steps.size());
        assertEquals(1, steps.get(0).stepsPerEpoch());
    }

    // ---- no garbage per step ---------------------------------------------------------------------------

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static long bytesForEpochs(Dense model, Dataset data, int epochs) {
        Trainer trainer = trainer(model, 0.001f).epochs(epochs).batchSize(8);
        long before = allocatedBytes();
        trainer.fit(data);
        return allocatedBytes() - before;
    }

    @Test
    void trainingStepsAllocateNothingOnceWarmedUp() {
        // 800 examples in batches of 8: 100 steps per epoch; what 20 more epochs cost, per step
        Dense model = new Dense("linear", 2, 1, 1);
        Dataset data = regression(800, 3);
        bytesForEpochs(model, data, 30);   // warm up the JIT
        long perStep = (bytesForEpochs(model, data, 25) - bytesForEpochs(model, data, 5)) / (20 * 100);
        // a copy of one batch would cost at least 8 x 2 x 4 = 64 bytes per step
        assertTrue(perStep < 32, "a warmed-up training step in fit allocated " + perStep + " bytes");
    }
}
