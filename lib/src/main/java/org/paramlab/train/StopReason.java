package org.paramlab.train;

/** Why a training run ended. */
public enum StopReason {
    /** All epochs ran. */
    COMPLETED,
    /** The thread was interrupted (e.g. the notebook's stop button); the epochs finished so far are kept. */
    INTERRUPTED,
    /** The loss became NaN or infinite; the epochs finished before are kept. */
    DIVERGED,
    /** A listener asked to stop after an epoch, e.g. early stopping when validation stops improving. */
    STOPPED_BY_LISTENER
}
