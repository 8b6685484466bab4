package org.paramlab.train;

import java.time.Duration;

/**
 * What happened in one training step (one mini-batch), for progress bars and live loss curves.
 *
 * @param epoch         the epoch, counted from 1
 * @param epochs        how many epochs the run has in total
 * @param step          the mini-batch within the epoch, counted from 1
 * @param stepsPerEpoch mini-batches per epoch
 * @param loss          the loss on this mini-batch (before the update)
 * @param elapsed       time since training started
 */
public record StepInfo(int epoch, int epochs, int step, int stepsPerEpoch, double loss, Duration elapsed) {

    /** Steps done so far in the whole run, counted from 1. */
    public long globalStep() {
        return (long) (epoch - 1) * stepsPerEpoch + step;
    }

    /** Fraction of the whole run done, 0..1. */
    public double progress() {
        return (double) globalStep() / ((long) epochs * stepsPerEpoch);
    }
}
