package org.paramlab.losses;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.layers.Sigmoid;

/**
 * Binary cross-entropy on raw scores (logits) z, for yes/no targets t in [0, 1]; the sigmoid is
 * built in, averaged over every number (N = rows x columns).
 * <pre>
 *   p = sigmoid(z)
 *   L = -(1/N) * sum [ t log p + (1 - t) log(1 - p) ]
 *     =  (1/N) * sum [ max(z, 0) - z t + log(1 + e^-|z|) ]   (the same, but never takes log(0) or e^(large))
 *   dZ = (sigmoid(z) - t) / N
 * </pre>
 * With a positive weight k (class weighting, PyTorch's {@code pos_weight}) the "yes" term counts k
 * times, as if every positive example were repeated k times:
 * <pre>
 *   L  = -(1/N) * sum [ k t log p + (1 - t) log(1 - p) ]
 *      =  (1/N) * sum [ (1 - t) z + (1 + (k - 1) t) (log(1 + e^-|z|) + max(-z, 0)) ]
 *   dZ = (p (1 + (k - 1) t) - k t) / N
 * </pre>
 */
public final class BinaryCrossEntropyWithLogits extends AbstractLoss {

    private final float positiveWeight;

    public BinaryCrossEntropyWithLogits() {
        super("binaryCrossEntropyWithLogits");
        this.positiveWeight = 1f;
    }

    /** Class weighting: each positive target (t = 1) counts {@code positiveWeight} times in the loss. */
    public BinaryCrossEntropyWithLogits(float positiveWeight) {
        super("binaryCrossEntropyWithLogits");
        if (!(positiveWeight > 0) || Float.isInfinite(positiveWeight)) {
            throw new IllegalArgumentException("binaryCrossEntropyWithLogits: the positive weight must be a finite number > 0, got "
                    + positiveWeight);
        }
        this.positiveWeight = positiveWeight;
    }

    /** How many times a positive target counts (1 unless class weighting was asked for). */
    public float positiveWeight() {
        return positiveWeight;
    }

    @Override
    public float forward(FMatrixRMaj logits, FMatrixRMaj target) {
        prepare(logits, target);
        int n = logits.getNumElements();
        float[] z = logits.data;
        float[] t = target.data;
        float[] g = gradient.data;
        float k = positiveWeight;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float zi = z[i];
            if (k == 1f) {
                sum += Math.max(zi, 0f) - zi * t[i] + Math.log1p(Math.exp(-Math.abs(zi)));
                g[i] = (Sigmoid.sigmoid(zi) - t[i]) / n;     // dZ = (sigmoid(z) - t) / N
            } else {
                float weight = 1 + (k - 1) * t[i];          // k for a positive target, 1 for a negative one
                sum += (1 - t[i]) * zi + weight * (Math.log1p(Math.exp(-Math.abs(zi))) + Math.max(-zi, 0f));
                g[i] = (Sigmoid.sigmoid(zi) * weight - k * t[i]) / n;   // dZ = (p (1 + (k - 1) t) - k t) / N
            }
        }
        return (float) (sum / n);
    }

    @Override
    public String toString() {
        return positiveWeight == 1f ? "BinaryCrossEntropyWithLogits()" : "BinaryCrossEntropyWithLogits(positiveWeight " + positiveWeight + ")";
    }
}
