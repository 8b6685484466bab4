package org.paramlab.optim;

import java.util.List;

import org.paramlab.core.Parameter;

/**
 * Adam (Kingma &amp; Ba 2015): SGD whose step for each number adapts to the size of its recent gradients.
 * <pre>
 *   m = beta1 * m + (1 - beta1) * g            running mean of the gradient
 *   v = beta2 * v + (1 - beta2) * g^2          running mean of its square
 *   mHat = m / (1 - beta1^t),  vHat = v / (1 - beta2^t)     (undo the bias of starting at 0; t = step count)
 *   p = p - lr * mHat / (sqrt(vHat) + eps)
 * </pre>
 * The first step moves every parameter by about lr, whatever the size of its gradient.
 * Weight decay, if set, adds weightDecay * p to the gradient first (L2, as PyTorch's Adam does).
 */
public final class Adam extends AbstractAdam {

    public Adam(List<Parameter> parameters, float learningRate) {
        this(parameters, learningRate, 0.9f, 0.999f, 1e-8f);
    }

    public Adam(List<Parameter> parameters, float learningRate, float beta1, float beta2, float eps) {
        super("Adam", parameters, learningRate, beta1, beta2, eps);
    }

    /** L2 weight decay (>= 0); returns this so it chains after the constructor. */
    public Adam weightDecay(float weightDecay) {
        setWeightDecay(weightDecay);
        return this;
    }

    @Override
    public void step() {
        countStep();   // t = t + 1, and the corrections 1 - beta1^t, 1 - beta2^t
        updateEachParameter();
    }

    @Override
    protected void update(int k, float[] p, float[] grad, int from, int to) {
        float lr = learningRate;
        float[] mk = m[k];
        float[] vk = v[k];
        for (int i = from; i < to; i++) {
            float g = grad[i] + weightDecay * p[i];
            mk[i] = beta1 * mk[i] + (1f - beta1) * g;         // m = beta1 m + (1 - beta1) g
            vk[i] = beta2 * vk[i] + (1f - beta2) * g * g;     // v = beta2 v + (1 - beta2) g^2
            float mHat = mk[i] / correction1;
            float vHat = vk[i] / correction2;
            p[i] = p[i] - lr * mHat / ((float) Math.sqrt(vHat) + eps); // p = p - lr mHat / (sqrt(vHat) + eps)
        }
    }

    @Override
    public String toString() {
        return "Adam(lr=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps
                + (weightDecay > 0f ? ", weightDecay=" + weightDecay : "") + ")";
    }
}
