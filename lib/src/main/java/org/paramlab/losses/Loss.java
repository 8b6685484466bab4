package org.paramlab.losses;

import org.ejml.data.FMatrixRMaj;

/**
 * "The teacher marks the paper": a number saying how wrong the prediction is, and the gradient
 * of that number with respect to the prediction (where backpropagation starts).
 */
public interface Loss {

    String name();

    /**
     * The loss for prediction vs target of the same shape, averaged over the batch (each loss's
     * documentation says exactly what it averages over).
     */
    float forward(FMatrixRMaj prediction, FMatrixRMaj target);

    /** dLoss/dPrediction of the last {@link #forward} call (a buffer reused by the next call). */
    FMatrixRMaj backward();
}
