package org.paramlab.train;

import static org.paramlab.core.Language.label;

import java.util.List;

import org.paramlab.core.Parameter;
import org.paramlab.layers.Layer;

/**
 * Early stopping (早停): end training when the validation loss has stopped improving, and put
 * back the parameters of the best epoch. The student stops cramming last year's paper once the
 * practice exam (the validation set) stops getting better.
 *
 * <p>As in Keras' {@code EarlyStopping(patience=..., min_delta=..., restore_best_weights=True)}:
 * <pre>
 *   after every epoch:
 *     if validation loss &lt; best − minDelta:  best = loss, remember the parameters, wait = 0
 *     else:                                   wait = wait + 1
 *     stop when wait == patience
 *   at the end of the run (stopped or not): copy the remembered parameters back into the model
 * </pre>
 * {@code patience} and {@code minDelta} are hyperparameters (超参数): chosen by us, not learned.
 *
 * <pre>{@code
 * var stopper = new EarlyStopping(model, 5);
 * History h = new Trainer(model, loss, optimizer).epochs(200).listener(stopper).fit(train, validation);
 * stopper.bestEpoch();   // the epoch whose weights the model now holds
 * }</pre>
 *
 * <p>One instance can serve several runs one after another: epoch 1 of a run starts afresh.
 * It needs a validation set: the loss on the training data keeps falling while the model memorises.
 */
public final class EarlyStopping implements TrainingListener {

    private final Layer model;
    private final int patience;
    private double minDelta = 0;
    private boolean restoreBest = true;

    private float[][] bestValues;   // a copy of every parameter at the best epoch
    private double best;
    private int bestEpoch;
    private int lastEpoch;
    private int wait;
    private boolean restored;

    /** Watches the validation loss of {@code model}; stops after {@code patience} epochs without improvement. */
    public EarlyStopping(Layer model, int patience) {
        if (model == null) {
            throw new IllegalArgumentException("early stopping needs the model whose best parameters it keeps, got null");
        }
        if (patience < 1) {
            throw new IllegalArgumentException("early stopping: patience must be >= 1 epoch, got " + patience);
        }
        if (model.parameters().isEmpty()) {
            throw new IllegalArgumentException("early stopping: model '" + model.name() + "' has no parameters to keep");
        }
        this.model = model;
        this.patience = patience;
        reset();
    }

    /** The smallest fall of the validation loss that counts as an improvement (default 0). */
    public EarlyStopping minDelta(double minDelta) {
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("early stopping: minDelta must be a finite number >= 0, got " + minDelta);
        }
        this.minDelta = minDelta;
        return this;
    }

    /** Whether to copy the best epoch's parameters back at the end (default true). */
    public EarlyStopping restoreBest(boolean restoreBest) {
        this.restoreBest = restoreBest;
        return this;
    }

    private void reset() {
        best = Double.POSITIVE_INFINITY;
        bestEpoch = 0;
        lastEpoch = 0;
        wait = 0;
        restored = false;
    }

    @Override
    public void onEpoch(EpochInfo epoch) {
        if (epoch.epoch() == 1) {
            reset();   // a new run
        }
        double loss = epoch.validationLoss();
        if (Double.isNaN(loss)) {
            throw new IllegalStateException("early stopping watches the validation loss, but epoch " + epoch.epoch()
                    + " has none: call fit(train, validation) with a validation set");
        }
        lastEpoch = epoch.epoch();
        if (loss < best - minDelta) {
            best = loss;
            bestEpoch = epoch.epoch();
            wait = 0;
            if (restoreBest) {
                remember();
            }
        } else {
            wait++;
        }
    }

    @Override
    public String stopRequest() {
        if (wait < patience) {
            return null;
        }
        return patience == 1
                ? label("validation loss has not improved for 1 epoch (best %.4f after epoch %d)", best, bestEpoch)
                : label("validation loss has not improved for %d epochs (best %.4f after epoch %d)", patience, best, bestEpoch);
    }

    @Override
    public void onEnd(History history) {
        // an interrupted or diverged run keeps its state as it is: only finished runs are rolled back
        if (restoreBest && bestEpoch > 0 && bestEpoch < lastEpoch
                && (history.completed() || history.stopReason() == StopReason.STOPPED_BY_LISTENER)) {
            List<Parameter> parameters = model.parameters();
            for (int k = 0; k < parameters.size(); k++) {
                System.arraycopy(bestValues[k], 0, parameters.get(k).value().data, 0, bestValues[k].length);
            }
            restored = true;
        }
    }

    /** Copies every parameter's current values (the best so far) into {@link #bestValues}. */
    private void remember() {
        List<Parameter> parameters = model.parameters();
        if (bestValues == null) {
            bestValues = new float[parameters.size()][];
            for (int k = 0; k < bestValues.length; k++) {
                bestValues[k] = new float[parameters.get(k).count()];
            }
        }
        for (int k = 0; k < parameters.size(); k++) {
            System.arraycopy(parameters.get(k).value().data, 0, bestValues[k], 0, bestValues[k].length);
        }
    }

    public int patience() { return patience; }

    /** The epoch with the lowest validation loss so far (0 before the first epoch). */
    public int bestEpoch() { return bestEpoch; }

    /** The lowest validation loss so far ({@code Infinity} before the first epoch). */
    public double bestLoss() { return best; }

    /** Whether the last run ended with the best epoch's parameters copied back into the model. */
    public boolean restored() { return restored; }

    @Override
    public String toString() {
        return "EarlyStopping(patience=" + patience + (minDelta > 0 ? ", minDelta=" + minDelta : "")
                + (restoreBest ? label(", restores the best epoch") : "") + (bestEpoch > 0
                ? label("; best validation loss %.4f after epoch %d", best, bestEpoch) : "") + ")";
    }
}
