package org.paramlab.optim;

import java.util.List;

import org.paramlab.core.Parameter;

/**
 * What Adam and AdamW share: the two running means of each gradient number (m and v), their decay
 * rates beta1 and beta2, eps, and the step count t with its bias corrections. The update itself,
 * which is where the two differ (where the weight decay enters), stays in each class beside its formula.
 */
public abstract class AbstractAdam extends AbstractOptimizer {

    protected final float beta1;
    protected final float beta2;
    protected final float eps;
    protected final float[][] m;   // running mean of each gradient number
    protected final float[][] v;   // running mean of its square
    private int t;
    /** 1 - beta1^t and 1 - beta2^t for the step being taken (undo the bias of m and v starting at 0). */
    protected float correction1;
    protected float correction2;

    protected AbstractAdam(String name, List<Parameter> parameters, float learningRate, float beta1, float beta2, float eps) {
        super(name, parameters, learningRate);
        this.beta1 = requireFraction(name, "beta1", beta1);
        this.beta2 = requireFraction(name, "beta2", beta2);
        if (!Float.isFinite(eps) || eps <= 0f) {
            throw new IllegalArgumentException(name + ": eps must be > 0, got " + eps);
        }
        this.eps = eps;
        this.m = zeroStatePerParameter();
        this.v = zeroStatePerParameter();
    }

    /** How many steps have been taken (t in the bias correction). */
    public int steps() {
        return t;
    }

    /** Counts the step about to be taken and sets its bias corrections. */
    protected void countStep() {
        t++;
        correction1 = (float) (1 - Math.pow(beta1, t));   // 1 - beta1^t
        correction2 = (float) (1 - Math.pow(beta2, t));   // 1 - beta2^t
    }
}
