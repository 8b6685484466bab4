package org.paramlab.optim;

import java.util.List;

import org.paramlab.core.Parameter;

/**
 * Stochastic gradient descent: step every parameter a little against its gradient,
 * the article's {@code new = old - learning rate x gradient}.
 * <pre>
 *   plain:          p = p - lr * g
 *   with momentum:  v = momentum * v + g;   p = p - lr * v     (v remembers the recent direction)
 *   weight decay:   g = g + weightDecay * p  before the update (L2 penalty)
 * </pre>
 */
public final class SGD extends AbstractOptimizer {

    private final float momentum;
    private final float[][] velocity;   // one buffer per parameter, null without momentum

    public SGD(List<Parameter> parameters, float learningRate) {
        this(parameters, learningRate, 0f);
    }

    public SGD(List<Parameter> parameters, float learningRate, float momentum) {
        super("SGD", parameters, learningRate);
        this.momentum = requireFraction("SGD", "momentum", momentum);
        this.velocity = momentum > 0f ? zeroStatePerParameter() : null;
    }

    /** L2 weight decay (>= 0); returns this so it chains after the constructor. */
    public SGD weightDecay(float weightDecay) {
        setWeightDecay(weightDecay);
        return this;
    }

    public float momentum() {
        return momentum;
    }

    @Override
    public void step() {
        updateEachParameter();
    }

    @Override
    protected void update(int k, float[] p, float[] grad, int from, int to) {
        float lr = learningRate;
        if (momentum == 0f) {
            for (int i = from; i < to; i++) {
                float g = grad[i] + weightDecay * p[i];
                p[i] = p[i] - lr * g;                         // p = p - lr * g
            }
        } else {
            float[] v = velocity[k];
            for (int i = from; i < to; i++) {
                float g = grad[i] + weightDecay * p[i];
                v[i] = momentum * v[i] + g;                   // v = momentum * v + g
                p[i] = p[i] - lr * v[i];                      // p = p - lr * v
            }
        }
    }

    @Override
    public String toString() {
        return "SGD(lr=" + learningRate + (momentum > 0f ? ", momentum=" + momentum : "")
                + (weightDecay > 0f ? ", weightDecay=" + weightDecay : "") + ")";
    }
}
