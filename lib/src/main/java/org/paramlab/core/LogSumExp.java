package org.paramlab.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The softmax and the log-sum-exp of one row of scores, the one place the library computes them (the softmax
 * layer, the softmax and soft-target losses, distillation's soft targets, perplexity and the poem sampler all
 * call here). Both are computed around the row maximum m, so that no e^(...) overflows:
 * <pre>
 *   e_k = e^(x_k - m)                    (every exponent ≤ 0)
 *   logsumexp(x) = m + log sum_k e_k
 *   softmax(x)_k = e_k / sum_k e_k
 * </pre>
 * In float, e_k comes from {@link Exponential} (vectorized, the same bits on every CPU) and the sum from four
 * running sums (k mod 4), the same order on every CPU. Perplexity and sampling work in double with
 * {@code Math.exp}: their sums reach millions of tokens, and a sampler's cumulative sum must not round away a
 * rare token.
 */
public final class LogSumExp {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private LogSumExp() {
    }

    /**
     * The softmax of {@code x·scale} over one row of {@code n} numbers starting at {@code start}, written into
     * {@code p} at the same places; returns the row's log-sum-exp. One exponential per number.
     */
    public static float softmaxRow(float[] x, int start, int n, float scale, float[] p) {
        checkScale(scale);
        float max = max(x, start, n) * scale;                            // m (scale > 0 keeps the maximum)
        Exponential.exp(x, start, n, scale, max, p, start);              // e_k = e^(x_k·scale - m)
        float sum = sum(p, start, n);
        divide(p, start, n, sum);                                          // p_k = e_k / sum
        return max + (float) Math.log(sum);
    }

    /**
     * {@link #softmaxRow} for each of {@code rows} rows of {@code cols} numbers (x and p row-major, from index 0),
     * row r's log-sum-exp into {@code logSumExps[r]}: the same bits as calling it row by row. A row shorter than a
     * vector (10 classes) would take {@link Exponential}'s one-number-at-a-time path; here the exponents of all the
     * rows, {@code x_k - m} of each, go through one vectorized call. Longer rows are done one by one, each while it
     * is in the cache.
     */
    public static void softmaxRows(float[] x, int rows, int cols, float[] p, float[] logSumExps) {
        softmaxRows(x, 0, rows, cols, p, logSumExps);
    }

    /**
     * {@link #softmaxRows} for rows from ... to-1 only (a thread's piece of the rows): the same bits, as each row is
     * computed on its own ({@link Exponential} gives every number the same float wherever its vector starts).
     */
    public static void softmaxRows(float[] x, int from, int to, int cols, float[] p, float[] logSumExps) {
        if (cols >= S.length()) {
            for (int r = from; r < to; r++) {
                logSumExps[r] = softmaxRow(x, r * cols, cols, 1f, p);
            }
            return;
        }
        for (int r = from; r < to; r++) {
            int start = r * cols;
            float max = max(x, start, cols);
            logSumExps[r] = max;
            for (int c = 0; c < cols; c++) {
                p[start + c] = x[start + c] - max;                       // x_k - m, as softmaxRow's exp computes it
            }
        }
        Exponential.exp(p, from * cols, (to - from) * cols, 1f, 0f, p, from * cols);   // e_k = e^(x_k - m), all at once
        for (int r = from; r < to; r++) {
            int start = r * cols;
            float sum = sum(p, start, cols);
            divide(p, start, cols, sum);                                   // p_k = e_k / sum
            logSumExps[r] += (float) Math.log(sum);                        // m + log sum
        }
    }

    /** The softmax of one row ({@code scale} 1) into {@code p}; returns its log-sum-exp. */
    public static float softmaxRow(float[] x, int start, int n, float[] p) {
        return softmaxRow(x, start, n, 1f, p);
    }

    /**
     * log sum_k e^(x_k·scale) over one row, with the bits of {@link #softmaxRow}'s result; {@code scratch} (as
     * long as {@code x}) receives the e_k at the same places.
     */
    public static float ofRow(float[] x, int start, int n, float scale, float[] scratch) {
        checkScale(scale);
        float max = max(x, start, n) * scale;
        Exponential.exp(x, start, n, scale, max, scratch, start);
        return max + (float) Math.log(sum(scratch, start, n));
    }

    /** Its own method: inside softmaxRow this loop kept C2 from keeping the exp's vectors in registers (it boxed them). */
    private static void divide(float[] p, int start, int n, float sum) {
        for (int c = 0; c < n; c++) {
            p[start + c] /= sum;
        }
    }

    /** The row maximum of x·scale is the maximum of x times scale only for a scale above 0 (1 / temperature). */
    private static void checkScale(float scale) {
        if (!(scale > 0f) || scale == Float.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("softmax: the scale (1 / temperature) must be a number above 0, got " + scale);
        }
    }

    /** The largest of {@code n} numbers from {@code start} (exact, so the order of comparing does not matter). */
    public static float max(float[] x, int start, int n) {
        int c = 0;
        float max = Float.NEGATIVE_INFINITY;
        if (n >= S.length()) {
            FloatVector m = FloatVector.fromArray(S, x, start);
            for (c = S.length(); c <= n - S.length(); c += S.length()) {
                m = m.max(FloatVector.fromArray(S, x, start + c));
            }
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (; c < n; c++) {
            max = Math.max(max, x[start + c]);
        }
        return max;
    }

    /** The sum of {@code n} numbers from {@code start} in four running sums (k mod 4): the same order everywhere. */
    public static float sum(float[] e, int start, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int c = 0;
        for (; c <= n - 4; c += 4) {
            s0 += e[start + c];
            s1 += e[start + c + 1];
            s2 += e[start + c + 2];
            s3 += e[start + c + 3];
        }
        for (; c < n; c++) {
            s0 += e[start + c];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The largest of {@code x_k / temperature} over columns {@code from} … {@code n - 1} of a row, in double. */
    public static double maxInDouble(float[] x, int start, int from, int n, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = from; c < n; c++) {
            max = Math.max(max, x[start + c] / temperature);
        }
        return max;
    }

    /**
     * sum_k e^(x_k / temperature - max) over columns {@code from} … {@code n - 1} of a row, in double, in column
     * order; each term is also written to {@code e[k]} unless {@code e} is null.
     */
    public static double sumOfExponentialsInDouble(float[] x, int start, int from, int n, double temperature,
                                                   double max, double[] e) {
        double sum = 0;
        for (int c = from; c < n; c++) {
            double term = Math.exp(x[start + c] / temperature - max);    // e^(x/T - m) ≤ 1: no overflow
            if (e != null) {
                e[c] = term;
            }
            sum += term;
        }
        return sum;
    }

    /** log sum_k e^(x_k) over one row of {@code n} numbers, in double. */
    public static double ofRowInDouble(float[] x, int start, int n) {
        double max = maxInDouble(x, start, 0, n, 1.0);
        return max + Math.log(sumOfExponentialsInDouble(x, start, 0, n, 1.0, max, null));
    }
}
