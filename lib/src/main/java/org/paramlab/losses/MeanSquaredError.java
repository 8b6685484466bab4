package org.paramlab.losses;

import org.ejml.data.FMatrixRMaj;

/**
 * Mean squared error, for regression: the average of (prediction - target)^2 over every number
 * of the batch (N = rows x columns).
 * <pre>
 *   L  = (1/N) * sum_i (p_i - t_i)^2
 *   dP = (2/N) * (p - t)
 * </pre>
 */
public final class MeanSquaredError extends AbstractLoss {

    public MeanSquaredError() {
        super("meanSquaredError");
    }

    @Override
    public float forward(FMatrixRMaj prediction, FMatrixRMaj target) {
        prepare(prediction, target);
        int n = prediction.getNumElements();
        float[] p = prediction.data;
        float[] t = target.data;
        float[] g = gradient.data;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float diff = p[i] - t[i];
            sum += (double) diff * diff;                 // (p - t)^2
            g[i] = 2f * diff / n;                        // dP = 2 (p - t) / N
        }
        return (float) (sum / n);
    }
}
