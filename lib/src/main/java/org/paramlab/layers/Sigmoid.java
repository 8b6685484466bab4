package org.paramlab.layers;

/**
 * Sigmoid: y = 1 / (1 + e^-x), squashes any score into (0, 1) — the article's picnic
 * "probability". Its slope is y * (1 - y), largest (0.25) at x = 0.
 */
public final class Sigmoid extends ActivationInPieces {

    public Sigmoid() {
        this("sigmoid");
    }

    public Sigmoid(String name) {
        super(name);
    }

    /**
     * 1 / (1 + e^-x), in double: for very negative x, e^-x becomes +infinity and 1 / infinity = 0,
     * the right limit, so no special case (and no branch) is needed.
     */
    public static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    @Override
    protected void forward(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = sigmoid(x[i]);                          // y = 1 / (1 + e^-x)
        }
    }

    @Override
    protected void backward(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = dy[i] * y[i] * (1f - y[i]);            // dX = dY * y * (1 - y)
        }
    }
}
