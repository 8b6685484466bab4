package org.paramlab.compress;

import java.util.List;

import org.paramlab.core.Parameter;
import org.paramlab.optim.Optimizer;

/**
 * An optimizer that keeps a pruning mask applied through fine-tuning: pruned weights stay exactly 0.
 * <pre>
 *   step():  mask.maskGradients()      grad = 0 where pruned: no push, and no momentum or Adam state builds up
 *            inner.step()              the usual update, new = old - lr * grad
 *            mask.apply()              w = 0 where pruned: weight decay or old momentum cannot revive it
 * </pre>
 * Works with any training step, e.g. a distillation step fine-tuning a pruned student.
 */
public final class MaskedOptimizer implements Optimizer {

    private final Optimizer inner;
    private final PruningMask mask;

    public MaskedOptimizer(Optimizer inner, PruningMask mask) {
        if (inner == null || mask == null) {
            throw new IllegalArgumentException("masked optimizer: the " + (inner == null ? "optimizer" : "mask")
                    + " is null");
        }
        for (Parameter p : mask.parameters()) {
            boolean updated = false;
            for (Parameter q : inner.parameters()) {
                updated |= q == p;
            }
            if (!updated) {
                throw new IllegalArgumentException("masked optimizer: the mask covers " + p.name()
                        + " but the optimizer does not update it; make the optimizer from the model's parameters() "
                        + "after pruning or replacing layers");
            }
        }
        this.inner = inner;
        this.mask = mask;
        mask.apply();
    }

    public PruningMask mask() { return mask; }

    public Optimizer inner() { return inner; }

    @Override
    public void step() {
        mask.maskGradients();
        inner.step();
        mask.apply();
    }

    @Override
    public void zeroGrad() {
        inner.zeroGrad();
    }

    @Override
    public List<Parameter> parameters() {
        return inner.parameters();
    }

    @Override
    public float learningRate() {
        return inner.learningRate();
    }

    @Override
    public void setLearningRate(float learningRate) {
        inner.setLearningRate(learningRate);
    }

    @Override
    public String toString() {
        return "MaskedOptimizer(" + inner + ", " + mask + ")";
    }
}
