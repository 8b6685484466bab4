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
 */
public final class BinaryCrossEntropyWithLogits extends AbstractLoss {

    public BinaryCrossEntropyWithLogits() {
        super("binaryCrossEntropyWithLogits");
    }

    @Override
    public float forward(FMatrixRMaj logits, FMatrixRMaj target) {
        prepare(logits, target);
        int n = logits.getNumElements();
        float[] z = logits.data;
        float[] t = target.data;
        float[] g = gradient.data;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float zi = z[i];
            sum += Math.max(zi, 0f) - zi * t[i] + Math.log1p(Math.exp(-Math.abs(zi)));
            g[i] = (Sigmoid.sigmoid(zi) - t[i]) / n;     // dZ = (sigmoid(z) - t) / N
        }
        return (float) (sum / n);
    }
}
