package org.paramlab.losses;

import org.ejml.data.FMatrixRMaj;

/**
 * "The teacher marks the paper": a number saying how wrong the prediction is, and the gradient
 * of that number with respect to the prediction (where backpropagation starts).
 */
public interface Loss {

    String name();

    /** The loss averaged over the batch (rows) for prediction vs target of the same shape. */
    float forward(FMatrixRMaj prediction, FMatrixRMaj target);

    /** dLoss/dPrediction of the last {@link #forward} call. */
    FMatrixRMaj backward();
}
