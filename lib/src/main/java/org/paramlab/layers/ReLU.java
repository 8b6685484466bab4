package org.paramlab.layers;

/**
 * Rectified linear unit: y = max(0, x). Its slope is 1 where x &gt; 0 and 0 elsewhere,
 * so backward lets the gradient through only where the unit was active.
 */
public final class ReLU extends ActivationInPieces {

    public ReLU() {
        this("relu");
    }

    public ReLU(String name) {
        super(name);
    }

    @Override
    protected void forward(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = Math.max(0f, x[i]);                     // y = max(0, x)
        }
    }

    @Override
    protected void backward(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = dy[i] * step(x[i]);                    // dX = dY * (x > 0 ? 1 : 0)
        }
    }
}
