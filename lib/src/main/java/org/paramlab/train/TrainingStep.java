package org.paramlab.train;

import java.util.ArrayList;
import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.data.Batches;
import org.paramlab.layers.Layer;
import org.paramlab.losses.Loss;
import org.paramlab.optim.Optimizer;

/**
 * What the {@link Trainer} does with one mini-batch: the five lines of the training loop.
 * <pre>
 *   optimizer.zeroGrad()                        // gradients add up, so clear last step's
 *   prediction = model.forward(X)               // forward pass (前向传播)
 *   value = loss(prediction, batch)             // how wrong: loss.forward(prediction, Y)
 *   model.backward(lossGradient())              // backpropagation (反向传播): fills every parameter's gradient
 *   optimizer.step()                            // new = old - lr * grad
 * </pre>
 * (The backward pass is {@code model.backwardParametersOnly}: the same gradients, without dLoss/dX of the
 * data, which nothing reads.)
 * They are split in two, {@link #forward} (the first three) and {@link #update} (the last two), so
 * the trainer can look at the loss in between and stop before a NaN reaches the parameters.
 *
 * <p>Other training plugs in here without a second copy of the loop:
 * <ul>
 *   <li>a different objective overrides {@link #loss} and {@link #lossGradient} — distillation
 *       scores the student against the teacher's logits for the same batch
 *       ({@code org.paramlab.compress.DistillationStep});</li>
 *   <li>a different update wraps the optimizer — pruning keeps its masks applied around every update
 *       ({@code org.paramlab.compress.MaskedOptimizer}).</li>
 * </ul>
 * {@link #loss()} is the loss the trainer reports on validation data. A step keeps its buffers from
 * batch to batch: once warmed up it allocates nothing.
 */
public class TrainingStep {

    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private FMatrixRMaj prediction;

    public TrainingStep(Layer model, Loss loss, Optimizer optimizer) {
        requireAll("a training step", model, loss, optimizer);
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /** Names what is missing, e.g. "a trainer needs a model, a loss and an optimizer; missing: loss". */
    static void requireAll(String who, Layer model, Loss loss, Optimizer optimizer) {
        if (model == null || loss == null || optimizer == null) {
            List<String> missing = new ArrayList<>();
            if (model == null) missing.add("model");
            if (loss == null) missing.add("loss");
            if (optimizer == null) missing.add("optimizer");
            throw new IllegalArgumentException(who + " needs a model, a loss and an optimizer; missing: "
                    + String.join(", ", missing));
        }
    }

    /** Clears the gradients, runs the forward pass and scores it; returns the loss on this batch. */
    public final float forward(Batches.Batch batch) {
        optimizer.zeroGrad();
        prediction = model.forward(batch.features());
        return loss(prediction, batch);
    }

    /** Backpropagates the loss of the last {@link #forward} and updates the parameters. */
    public final void update() {
        model.backwardParametersOnly(lossGradient());
        optimizer.step();
    }

    /** The training objective for this batch; by default the loss against the batch's targets. */
    protected float loss(FMatrixRMaj prediction, Batches.Batch batch) {
        return loss.forward(prediction, batch.targets());
    }

    /** dObjective/dPrediction of the last {@link #loss} call. */
    protected FMatrixRMaj lossGradient() {
        return loss.backward();
    }

    /** The model's output for the last batch (the model's own buffer, valid until the next forward). */
    public FMatrixRMaj prediction() {
        return prediction;
    }

    public Layer model() { return model; }

    /** The loss against the targets: the training objective by default, and what validation reports. */
    public Loss loss() { return loss; }

    public Optimizer optimizer() { return optimizer; }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + model.name() + ", " + loss + ", " + optimizer + ")";
    }
}
