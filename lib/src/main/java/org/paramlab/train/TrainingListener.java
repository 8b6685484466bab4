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
     * Asked after every epoch, once all listeners have seen it: a reason to end training now
     * (early stopping, a time limit), or {@code null} to go on. A run ended this way keeps its
     * finished epochs and is marked {@link StopReason#STOPPED_BY_LISTENER} with this reason.
     */
    default String stopRequest() { return null; }

    /**
     * Once at the end of every run, however it ended: completed, interrupted or diverged
     * ({@link History#stopReason()} says which). The place to draw a final state.
     */
    default void onEnd(History history) { }
}
