package org.paramlab.train;

import static org.paramlab.core.Language.label;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.data.Batches;
import org.paramlab.data.Dataset;
import org.paramlab.layers.EvaluationMode;
import org.paramlab.layers.Layer;
import org.paramlab.losses.BinaryCrossEntropyWithLogits;
import org.paramlab.losses.Loss;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.metrics.Metric;
import org.paramlab.metrics.Metrics;
import org.paramlab.optim.Optimizer;

/**
 * The training loop. One epoch is one pass over the training data in shuffled mini-batches; for
 * every mini-batch a {@link TrainingStep} runs:
 * <pre>
 *   optimizer.zeroGrad()              // gradients add up, so clear last step's
 *   prediction = model.forward(X)     // forward pass (前向传播)
 *   loss = loss.forward(prediction, Y)
 *   model.backward(loss.backward())   // backpropagation (反向传播): fills every parameter's gradient
 *   optimizer.step()                  // new = old - lr * grad
 * </pre>
 * After each epoch the model is evaluated on the validation set (in evaluation mode).
 * A different step (distillation, say) plugs in with {@link #Trainer(TrainingStep)}.
 *
 * <pre>{@code
 * History history = new Trainer(model, new SoftmaxCrossEntropy(), new SGD(model.parameters(), 0.1f))
 *         .epochs(20).batchSize(32).seed(42)
 *         .fit(train, validation);
 * }</pre>
 *
 * <p>Training stops early, keeping the epochs finished so far in the returned {@link History}, when
 * <ul>
 *   <li>a listener asks to stop after an epoch ({@link TrainingListener#stopRequest()}, e.g. early
 *       stopping) — {@link StopReason#STOPPED_BY_LISTENER};</li>
 *   <li>the thread is interrupted (checked before every mini-batch; the interrupt flag stays set so
 *       the caller, e.g. a notebook kernel, still sees it) — {@link StopReason#INTERRUPTED};</li>
 *   <li>the loss becomes NaN or infinite — {@link StopReason#DIVERGED}, with a message naming the
 *       epoch, the step and the learning rate.</li>
 * </ul>
 * The model is left in evaluation mode when {@code fit} returns.
 */
public final class Trainer {

    private final TrainingStep trainingStep;
    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private int epochs = 10;
    private int batchSize = 32;
    private long seed = 0;
    private Metric metric;
    private boolean metricChosen;
    private final List<TrainingListener> listeners = new ArrayList<>();

    public Trainer(Layer model, Loss loss, Optimizer optimizer) {
        TrainingStep.requireAll("a trainer", model, loss, optimizer);
        this.trainingStep = new TrainingStep(model, loss, optimizer);
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /**
     * A trainer running {@code step} on every mini-batch (e.g. a distillation step); validation
     * reports the step's {@link TrainingStep#loss()}.
     */
    public Trainer(TrainingStep step) {
        if (step == null) {
            throw new IllegalArgumentException("a trainer needs a training step, got null");
        }
        this.trainingStep = step;
        this.model = step.model();
        this.loss = step.loss();
        this.optimizer = step.optimizer();
    }

    /** The step run on every mini-batch. */
    public TrainingStep step() { return trainingStep; }

    /** Number of passes over the training data (default 10). */
    public Trainer epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Examples per mini-batch (default 32); a batch larger than the data means full-batch training. */
    public Trainer batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Seed of the mini-batch shuffling (default 0): the same seed gives the same run. */
    public Trainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The metric reported per epoch, e.g. {@link Metrics#accuracy()}; {@code null} for none.
     * Without this call: accuracy for classification (a dataset with classes, or a softmax or
     * binary cross-entropy loss), MAE for regression.
     */
    public Trainer metric(Metric metric) {
        this.metric = metric;
        this.metricChosen = true;
        return this;
    }

    /** Adds a listener called after every step and epoch and once at the end (progress bars, live plots). */
    public Trainer listener(TrainingListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        listeners.add(listener);
        return this;
    }

    public int epochs() { return epochs; }

    public int batchSize() { return batchSize; }

    public long seed() { return seed; }

    /** Trains without a validation set. */
    public History fit(Dataset train) {
        return fit(train, null);
    }

    /** Trains on {@code train}, evaluating on {@code validation} (may be null) after every epoch. */
    public History fit(Dataset train, Dataset validation) {
        if (train == null) {
            throw new IllegalArgumentException("fit needs a training dataset, got null");
        }
        if (validation != null && (validation.numFeatures() != train.numFeatures()
                || validation.numTargets() != train.numTargets())) {
            throw new IllegalArgumentException("validation data has " + validation.numFeatures() + " features and "
                    + validation.numTargets() + " target columns, but the training data has "
                    + train.numFeatures() + " and " + train.numTargets());
        }
        Metric used = metricChosen ? metric : defaultMetric(train);
        History history = new History(used == null ? null : used.name(), validation != null, epochs);
        try {
            runEpochs(history, train, validation, used);
        } finally {
            model.setTraining(false);
        }
        // every run ends here, whether completed, interrupted or diverged: listeners can close their views
        for (TrainingListener listener : listeners) {
            listener.onEnd(history);
        }
        return history;
    }

    /** The epochs of one run; returns early (with the reason in the history) on interrupt or divergence. */
    private void runEpochs(History history, Dataset train, Dataset validation, Metric used) {
        String metricName = used == null ? null : used.name();
        Batches batches = Batches.shuffled(train, batchSize, seed);
        Batches validationBatches = validation == null ? null : Batches.inOrder(validation, batchSize);
        int steps = batches.count();
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            model.setTraining(true);
            double lossSum = 0;
            double metricSum = 0;
            int seen = 0;
            int step = 0;
            for (Batches.Batch batch : batches) {
                step++;
                // cooperative interruption: isInterrupted() leaves the flag set for the caller
                if (Thread.currentThread().isInterrupted()) {
                    history.stop(StopReason.INTERRUPTED, label("interrupted in epoch %d before step %d of %d", epoch, step, steps)
                            + kept(history));
                    return;
                }
                float batchLoss = trainingStep.forward(batch);          // zeroGrad, forward pass, loss
                if (!Float.isFinite(batchLoss)) {
                    history.stop(StopReason.DIVERGED, label("loss became %s in epoch %d, step %d of %d: the updates grew too large. ",
                            batchLoss, epoch, step, steps) + likelyCause());
                    return;
                }
                if (used != null) {
                    metricSum += used.total(trainingStep.prediction(), batch.targets());
                }
                trainingStep.update();                                   // backpropagation, new = old - lr * grad
                lossSum += (double) batchLoss * batch.size();
                seen += batch.size();
                if (!listeners.isEmpty()) {
                    StepInfo info = new StepInfo(epoch, epochs, step, steps, batchLoss, since(start));
                    for (TrainingListener listener : listeners) {
                        listener.onStep(info);
                    }
                }
            }
            double validationLoss = Double.NaN;
            double validationMetric = Double.NaN;
            if (validation != null) {
                Evaluation evaluation = run(model, loss, used, validationBatches, true);
                if (evaluation == null) {
                    history.stop(StopReason.INTERRUPTED, label("interrupted while validating after epoch %d", epoch)
                            + kept(history));
                    return;
                }
                if (!Double.isFinite(evaluation.loss())) {
                    history.stop(StopReason.DIVERGED, label("validation loss became %s after epoch %d: the parameters grew too large. ",
                            evaluation.loss(), epoch) + likelyCause());
                    return;
                }
                validationLoss = evaluation.loss();
                validationMetric = evaluation.metric();
            }
            EpochInfo info = new EpochInfo(epoch, epochs, lossSum / seen, validationLoss, metricName,
                    used == null ? Double.NaN : metricSum / seen, validationMetric, since(start));
            history.add(info);
            for (TrainingListener listener : listeners) {
                listener.onEpoch(info);
            }
            for (TrainingListener listener : listeners) {
                String why = listener.stopRequest();
                if (why != null && epoch < epochs) {
                    history.stop(StopReason.STOPPED_BY_LISTENER, label("stopped after epoch %d of %d: %s", epoch, epochs, why));
                    return;
                }
            }
        }
    }

    private static String kept(History history) {
        return history.epochs() == 1 ? label("; the history keeps the 1 finished epoch")
                : label("; the history keeps the %d finished epochs", history.epochs());
    }

    /** Divergence almost always means steps too large: name the learning rate and suggest a tenth of it. */
    private String likelyCause() {
        float lr = optimizer.learningRate();
        String tenth = new BigDecimal(lr / 10.0).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        return label("The likely cause is a learning rate that is too high (it is %s); try a smaller one, e.g. %s, or standardize the inputs",
                lr, tenth);
    }

    /** Accuracy for classification (class targets or a classification loss), otherwise MAE. */
    private Metric defaultMetric(Dataset train) {
        boolean classification = train.isClassification()
                || loss instanceof SoftmaxCrossEntropy || loss instanceof BinaryCrossEntropyWithLogits;
        return classification ? Metrics.accuracy() : Metrics.mae();
    }

    /** The mean loss of {@code model} on {@code data}, in evaluation mode. */
    public static Evaluation evaluate(Layer model, Loss loss, Dataset data) {
        return evaluate(model, loss, null, data);
    }

    /** The mean loss and the metric (may be null) of {@code model} on {@code data}, in evaluation mode. */
    public static Evaluation evaluate(Layer model, Loss loss, Metric metric, Dataset data) {
        if (model == null || loss == null || data == null) {
            throw new IllegalArgumentException("evaluate needs a model, a loss and a dataset");
        }
        return run(model, loss, metric, Batches.inOrder(data, 256), false);
    }

    /** Evaluation in mini-batches; returns null if interrupted (only when {@code interruptible}). */
    private static Evaluation run(Layer model, Loss loss, Metric metric, Batches batches, boolean interruptible) {
        return EvaluationMode.run(model, () -> {
            double lossSum = 0;
            double metricSum = 0;
            for (Batches.Batch batch : batches) {
                if (interruptible && Thread.currentThread().isInterrupted()) {
                    return null;
                }
                FMatrixRMaj prediction = model.forward(batch.features());
                // losses are means over the batch: weight by the batch size for the mean over all examples
                lossSum += (double) loss.forward(prediction, batch.targets()) * batch.size();
                if (metric != null) {
                    metricSum += metric.total(prediction, batch.targets());
                }
            }
            int n = batches.dataset().size();
            return new Evaluation(lossSum / n, metric == null ? null : metric.name(),
                    metric == null ? Double.NaN : metricSum / n, n);
        });
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
