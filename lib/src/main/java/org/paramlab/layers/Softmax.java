package org.paramlab.layers;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.LogSumExp;

/**
 * Softmax over each row: turns scores into probabilities that are positive and sum to 1.
 * <pre>
 *   y_j = e^(x_j - m) / sum_k e^(x_k - m)      m = max_k x_k (subtracting it avoids overflow, same result)
 *   dX_j = y_j * (dY_j - sum_k dY_k * y_k)      (the Jacobian of softmax applied to dY)
 * </pre>
 * For training a classifier, prefer {@code SoftmaxCrossEntropy} on raw scores: it fuses both steps
 * and is more accurate. This layer is for when the probabilities themselves are wanted.
 */
public final class Softmax extends AbstractLayer {

    private final FMatrixRMaj output = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj inputGradient = new FMatrixRMaj(1, 1);
    private boolean forwardDone;

    public Softmax() {
        this("softmax");
    }

    public Softmax(String name) {
        super(name);
    }

    @Override
    public FMatrixRMaj forward(FMatrixRMaj x) {
        checkInput(x);
        output.reshape(x.numRows, x.numCols);
        softmaxRows(x, output);
        forwardDone = true;
        return output;
    }

    /** Row-wise softmax of {@code x} into {@code y} (same shape), stable for large scores. */
    public static void softmaxRows(FMatrixRMaj x, FMatrixRMaj y) {
        int cols = x.numCols;
        float[] in = x.data;
        float[] out = y.data;
        for (int r = 0; r < x.numRows; r++) {
            LogSumExp.softmaxRow(in, r * cols, cols, out);        // y_j = e^(x_j - m) / sum_k e^(x_k - m)
        }
    }

    @Override
    public FMatrixRMaj backward(FMatrixRMaj dY) {
        checkOutputGradient(dY, forwardDone ? output : null);
        inputGradient.reshape(dY.numRows, dY.numCols);
        int cols = dY.numCols;
        float[] y = output.data;
        float[] g = dY.data;
        float[] dx = inputGradient.data;
        for (int r = 0; r < dY.numRows; r++) {
            int start = r * cols;
            float dot = 0f;                                       // sum_k dY_k * y_k
            for (int c = 0; c < cols; c++) {
                dot += g[start + c] * y[start + c];
            }
            for (int c = 0; c < cols; c++) {
                dx[start + c] = y[start + c] * (g[start + c] - dot); // dX_j = y_j * (dY_j - dot)
            }
        }
        return inputGradient;
    }

    @Override
    public String toString() {
        return "Softmax()";
    }
}
