package org.paramlab.layers;

/**
 * Leaky ReLU: y = x for x &gt; 0, y = slope * x otherwise. The small slope keeps a trickle of
 * gradient flowing through inactive units, so they can come back to life.
 */
public final class LeakyReLU extends ActivationInPieces {

    private final float slope;

    /** The common default slope 0.01. */
    public LeakyReLU() {
        this(0.01f);
    }

    public LeakyReLU(float slope) {
        this("leakyRelu", slope);
    }

    public LeakyReLU(String name, float slope) {
        super(name);
        if (!Float.isFinite(slope) || slope < 0f || slope >= 1f) {
            throw new IllegalArgumentException(name + ": slope must be in [0, 1), got " + slope);
        }
        this.slope = slope;
    }

    public float slope() {
        return slope;
    }

    @Override
    protected void forward(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = Math.max(x[i], slope * x[i]);           // y = x if x > 0, else slope * x  (as slope < 1)
        }
    }

    @Override
    protected void backward(float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = dy[i] * Math.max(step(x[i]), slope);   // dX = dY * (x > 0 ? 1 : slope)
        }
    }

    @Override
    public String toString() {
        return "LeakyReLU(slope=" + slope + ")";
    }
}
