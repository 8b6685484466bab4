package org.paramlab.losses;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.data.ClassIds;

/** Shared by the losses: the reused gradient buffer and the shape checks with clear messages. */
public abstract class AbstractLoss implements Loss {

    private final String name;
    /** dLoss/dPrediction of the last forward, reshaped only when the batch size changes. */
    protected final FMatrixRMaj gradient = new FMatrixRMaj(1, 1);
    private boolean forwardDone;

    protected AbstractLoss(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** Checks prediction and target, and reshapes the gradient buffer to match them. */
    protected void prepare(FMatrixRMaj prediction, FMatrixRMaj target) {
        if (prediction == null || target == null) {
            throw new IllegalArgumentException(name + ": " + (prediction == null ? "prediction" : "target") + " is null");
        }
        if (prediction.numRows < 1 || prediction.numCols < 1) {
            throw new IllegalArgumentException(name + ": prediction is empty (" + shape(prediction) + ")");
        }
        if (prediction.numRows != target.numRows || prediction.numCols != target.numCols) {
            throw new IllegalArgumentException(name + ": prediction is " + shape(prediction) + " but target is "
                    + shape(target) + "; they must have the same shape");
        }
        gradient.reshape(prediction.numRows, prediction.numCols);
        forwardDone = true;
    }

    /**
     * As {@link #prepare}, for a target of one class id per row ({@link ClassIds}): the rows must match,
     * and the gradient has the prediction's shape.
     */
    protected void prepareClassIds(FMatrixRMaj prediction, FMatrixRMaj target) {
        if (prediction.numRows < 1) {
            throw new IllegalArgumentException(name + ": prediction is empty (" + shape(prediction) + ")");
        }
        if (prediction.numRows != target.numRows) {
            throw new IllegalArgumentException(name + ": prediction has " + prediction.numRows + " rows but the class ids "
                    + target.numRows + "; one id per row");
        }
        gradient.reshape(prediction.numRows, prediction.numCols);
        forwardDone = true;
    }

    @Override
    public FMatrixRMaj backward() {
        if (!forwardDone) {
            throw new IllegalStateException(name + ": backward called before forward");
        }
        return gradient;
    }

    protected static String shape(FMatrixRMaj m) {
        return m.numRows + "x" + m.numCols;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "()";
    }
}
