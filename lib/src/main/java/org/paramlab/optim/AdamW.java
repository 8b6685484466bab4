package org.paramlab.optim;

import java.util.List;

import org.paramlab.core.Parameter;

/**
 * AdamW (Loshchilov &amp; Hutter 2019): Adam with <em>decoupled</em> weight decay, the optimizer most
 * language models are trained with.
 * <pre>
 *   m = beta1 * m + (1 - beta1) * g            (g: the gradient alone, no decay in it)
 *   v = beta2 * v + (1 - beta2) * g^2
 *   mHat = m / (1 - beta1^t),  vHat = v / (1 - beta2^t)
 *   p = p - lr * (mHat / (sqrt(vHat) + eps) + weightDecay * p)
 * </pre>
 * With {@link Adam#weightDecay} (L2), the decay is added to g and then divided by sqrt(vHat) like
 * the rest: a weight with large gradients is hardly decayed. Here the decay bypasses m and v, so every
 * weight shrinks by the same fraction lr * weightDecay per step, whatever its gradients.
 * As in PyTorch's AdamW, the decay applies to every parameter given (pass only the weights to spare biases).
 */
public final class AdamW extends AbstractAdam {

    /** beta1 0.9, beta2 0.999, eps 1e-8, as PyTorch. */
    public AdamW(List<Parameter> parameters, float learningRate, float weightDecay) {
        this(parameters, learningRate, weightDecay, 0.9f, 0.999f, 1e-8f);
    }

    public AdamW(List<Parameter> parameters, float learningRate, float weightDecay, float beta1, float beta2, float eps) {
        super("AdamW", parameters, learningRate, beta1, beta2, eps);
        setWeightDecay(weightDecay);
    }

    @Override
    public void step() {
        countStep();   // t = t + 1, and the corrections 1 - beta1^t, 1 - beta2^t
        updateEachParameter();
    }

    @Override
    protected void update(int k, float[] p, float[] grad, int from, int to) {
        float lr = learningRate;
        float decay = weightDecay;
        float[] mk = m[k];
        float[] vk = v[k];
        for (int i = from; i < to; i++) {
            float g = grad[i];
            mk[i] = beta1 * mk[i] + (1f - beta1) * g;         // m = beta1 m + (1 - beta1) g
            vk[i] = beta2 * vk[i] + (1f - beta2) * g * g;     // v = beta2 v + (1 - beta2) g^2
            float mHat = mk[i] / correction1;
            float vHat = vk[i] / correction2;
            // p = p - lr (mHat / (sqrt(vHat) + eps) + weightDecay p)
            p[i] = p[i] - lr * (mHat / ((float) Math.sqrt(vHat) + eps) + decay * p[i]);
        }
    }

    @Override
    public String toString() {
        return "AdamW(lr=" + learningRate + ", weightDecay=" + weightDecay + ", beta1=" + beta1 + ", beta2=" + beta2
                + ", eps=" + eps + ")";
    }
}
