package org.paramlab.core;

/**
 * The log-sum-exp of a row of scores, and the row's softmax: the one place the library computes them (the
 * losses, the Softmax layer, perplexity, the poem sampler and distillation all call these).
 * <pre>
 *   logsumexp(x) = m + log sum_k e^(x_k - m)        m = max_k x_k: every e^(x_k - m) <= 1, so nothing overflows
 *   softmax(x)_j = e^(x_j - m) / sum_k e^(x_k - m)
 * </pre>
 * With a {@code scale} s the row is x·s: s = 1/T divides the scores by a temperature T.
 *
 * <p>Precision: each e^(x_k - m) is a float ({@link VectorExp}, about 1 ulp), the sum is a double, added in
 * column order, and the log is taken in double. The scores themselves are floats, rounded to 6e-8 of their
 * size, so a float e^ loses nothing that was there; but a sum over a vocabulary of 2,004 tokens in float would
 * gather up to 2,004 such roundings, where a double sum's rounding stays far below one float ulp. The column order
 * (no vector lanes in the sum) keeps the result independent of the CPU's vector width. Perplexity and the poem
 * sampler once did all of this in double; the float e^ changes what they return by about 1e-7 of its size.
 */
public final class LogSumExp {

    /** A row of e^(x_k - m) for {@link #of}, one per thread, grown to the widest row seen: nothing allocated once warm. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private LogSumExp() { }

    /** log sum_k e^(x_k·scale) over the {@code cols} numbers of {@code x} from {@code start}. */
    public static double of(float[] x, int start, int cols, float scale) {
        float[] e = SCRATCH.get();
        if (e.length < cols) {
            e = new float[cols];
            SCRATCH.set(e);
        }
        float max = max(x, start, cols, scale);
        return max + Math.log(exps(x, start, cols, scale, max, e, 0));
    }

    /**
     * The softmax of the row x·scale written into {@code p} (from {@code pStart}); returns the row's
     * log-sum-exp, with the bits of {@link #of}. One e^ per number serves both.
     */
    public static double softmax(float[] x, int start, int cols, float scale, float[] p, int pStart) {
        float max = max(x, start, cols, scale);
        double sum = exps(x, start, cols, scale, max, p, pStart);
        float inverse = (float) (1 / sum);
        for (int c = 0; c < cols; c++) {
            p[pStart + c] *= inverse;                                      // p_j = e_j / sum_k e_k
        }
        return max + Math.log(sum);
    }

    /**
     * {@code e[eStart + k] = e^(x_k·scale - max)} for the row, and their sum (a double, in column order).
     * For a caller that wants the unnormalized weights, e.g. to draw from them.
     */
    public static double exps(float[] x, int start, int cols, float scale, float max, float[] e, int eStart) {
        if (cols < 1) {
            throw new IllegalArgumentException("log-sum-exp: a row needs at least one number, got " + cols);
        }
        VectorExp.exp(x, start, cols, scale, max, e, eStart);
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += e[eStart + c];
        }
        return sum;
    }

    /** max_k x_k·scale (scale > 0): the largest x, scaled, since rounding keeps the order. */
    public static float max(float[] x, int start, int cols, float scale) {
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("log-sum-exp: the scale (1 / temperature) must be > 0 and finite, got " + scale);
        }
        float max = x[start];
        for (int c = 1; c < cols; c++) {
            max = Math.max(max, x[start + c]);
        }
        return max * scale;
    }
}
