package org.paramlab.train;

import org.paramlab.optim.Optimizer;

/**
 * A learning-rate schedule (学习率调度) applied step by step: a linear warm-up, then a cosine decay.
 * <pre>
 *   step t = 1 .. warmup:      lr(t) = peak * t / warmup
 *   step t = warmup .. total:  lr(t) = floor + (peak - floor) * (1 + cos(pi * (t - warmup) / (total - warmup))) / 2
 * </pre>
 * The warm-up keeps the first steps small while Adam's running means are still poor estimates; the
 * cosine lets the last steps settle into a minimum instead of bouncing around it.
 * As a {@link TrainingListener}, it sets the optimizer's learning rate for step 1 when made and for
 * step t + 1 after step t; steps past {@code total} keep {@code floor}.
 *
 * <pre>{@code
 * new Trainer(model, loss, adamW).listener(new WarmupCosine(adamW, 3e-3f, 100, 4000, 3e-4f))...
 * }</pre>
 */
public final class WarmupCosine implements TrainingListener {

    private final Optimizer optimizer;
    private final float peak;
    private final int warmup;
    private final int total;
    private final float floor;

    /**
     * @param peak   the largest learning rate, reached at the end of the warm-up
     * @param warmup steps of the linear warm-up (0 for none)
     * @param total  steps of the whole run; the cosine reaches {@code floor} at step {@code total}
     * @param floor  the last learning rate, &gt; 0 (optimizers refuse a rate of 0)
     */
    public WarmupCosine(Optimizer optimizer, float peak, int warmup, int total, float floor) {
        if (optimizer == null) {
            throw new IllegalArgumentException("warm-up cosine schedule: the optimizer is null");
        }
        if (!(peak > 0f) || !Float.isFinite(peak)) {
            throw new IllegalArgumentException("warm-up cosine schedule: the peak learning rate must be > 0, got " + peak);
        }
        if (!(floor > 0f) || floor > peak) {
            throw new IllegalArgumentException("warm-up cosine schedule: the floor must be in (0, peak = " + peak
                    + "], got " + floor);
        }
        if (warmup < 0 || total < 1 || warmup >= total) {
            throw new IllegalArgumentException("warm-up cosine schedule: needs 0 <= warmup < total steps, got warmup "
                    + warmup + " and total " + total);
        }
        this.optimizer = optimizer;
        this.peak = peak;
        this.warmup = warmup;
        this.total = total;
        this.floor = floor;
        optimizer.setLearningRate(learningRate(1));
    }

    /** The learning rate of step {@code t} (counted from 1), by the formula above. */
    public float learningRate(long t) {
        if (t < 1) {
            throw new IllegalArgumentException("steps are counted from 1, got " + t);
        }
        if (t <= warmup) {
            return peak * t / warmup;                                          // linear warm-up
        }
        if (t >= total) {
            return floor;
        }
        double progress = (double) (t - warmup) / (total - warmup);             // 0 .. 1 over the decay
        return (float) (floor + (peak - floor) * (1 + Math.cos(Math.PI * progress)) / 2);
    }

    public float peak() { return peak; }

    public int warmup() { return warmup; }

    public int total() { return total; }

    public float floor() { return floor; }

    @Override
    public void onStep(StepInfo step) {
        optimizer.setLearningRate(learningRate(step.globalStep() + 1));        // the rate of the next step
    }

    @Override
    public String toString() {
        return "WarmupCosine(peak " + peak + ", warm-up " + warmup + " steps, cosine to " + floor + " at step " + total + ")";
    }
}
