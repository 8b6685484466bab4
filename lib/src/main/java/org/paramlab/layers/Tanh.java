package org.paramlab.layers;

/** Hyperbolic tangent: y = tanh(x) in (-1, 1), centred at 0. Its slope is 1 - y^2. */
public final class Tanh extends Activation {

    public Tanh() {
        this("tanh");
    }

    public Tanh(String name) {
        super(name);
    }

    @Override
    protected void forward(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = (float) Math.tanh(x[i]);                // y = tanh(x)
        }
    }

    @Override
    protected void backward(float[] x, float[] y, float[] dy, float[] dx, int n) {
        for (int i = 0; i < n; i++) {
            dx[i] = dy[i] * (1f - y[i] * y[i]);            // dX = dY * (1 - y^2)
        }
    }
}
