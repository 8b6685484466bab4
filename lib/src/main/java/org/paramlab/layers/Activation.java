package org.paramlab.layers;

import org.ejml.data.FMatrixRMaj;

/**
 * A layer without parameters that works on each number on its own: y = f(x), dX = dY * f'(x).
 * Subclasses write the two loops; this class keeps the buffers and the checks.
 */
public abstract class Activation extends AbstractLayer {

    protected final FMatrixRMaj output = new FMatrixRMaj(1, 1);
    protected final FMatrixRMaj inputGradient = new FMatrixRMaj(1, 1);
    protected FMatrixRMaj lastInput;

    protected Activation(String name) {
        super(name);
    }

    @Override
    public final FMatrixRMaj forward(FMatrixRMaj x) {
        checkInput(x);
        lastInput = x;
        output.reshape(x.numRows, x.numCols);
        forward(x.data, output.data, x.getNumElements());
        return output;
    }

    @Override
    public final FMatrixRMaj backward(FMatrixRMaj dY) {
        checkOutputGradient(dY, lastInput == null ? null : output);
        inputGradient.reshape(dY.numRows, dY.numCols);
        backward(lastInput.data, output.data, dY.data, inputGradient.data, dY.getNumElements());
        return inputGradient;
    }

    /** y[i] = f(x[i]) for i < n. */
    protected abstract void forward(float[] x, float[] y, int n);

    /** dx[i] = dy[i] * f'(x[i]) for i < n; the forward input x and output y are both at hand. */
    protected abstract void backward(float[] x, float[] y, float[] dy, float[] dx, int n);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "()";
    }
}
