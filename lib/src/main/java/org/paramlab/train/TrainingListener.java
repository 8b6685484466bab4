package org.paramlab.train;

/**
 * Hooks the training loop calls while it runs, e.g. to draw a progress bar or a live loss curve.
 * All methods do nothing by default; override the ones you need. They run on the training
 * thread, so keep them quick.
 */
public interface TrainingListener {

    /** After every mini-batch. */
    default void onStep(StepInfo step) { }

    /** After every completed epoch (training and validation). */
    default void onEpoch(EpochInfo epoch) { }

    /**
     * Once at the end of every run, however it ended: completed, interrupted or diverged
     * ({@link History#stopReason()} says which). The place to draw a final state.
     */
    default void onEnd(History history) { }
}
