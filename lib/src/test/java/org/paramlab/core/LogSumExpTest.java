package org.paramlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class LogSumExpTest {

    @Test
    void matchesTheDoubleFormulaAndDoesNotOverflow() {
        Random rng = new Random(9);
        float[] x = new float[2004];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() * 4 + 500);      // e^500 overflows even a double: the max is subtracted
        }
        double max = 0;
        for (float v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : x) {
            sum += Math.exp(v - max);
        }
        double expected = max + Math.log(sum);
        float[] scratch = new float[x.length];
        assertEquals(expected, LogSumExp.ofRow(x, 0, x.length, 1f, scratch), 1e-6 * Math.abs(expected));
        float[] p = new float[x.length];
        assertEquals(LogSumExp.ofRow(x, 0, x.length, 1f, scratch), LogSumExp.softmaxRow(x, 0, x.length, p));
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.exp(x[i] - expected), p[i], 2e-6 * p[i] + 1e-12);
            total += p[i];
        }
        assertEquals(1.0, total, 1e-5);
        assertEquals(expected, LogSumExp.ofRowInDouble(x, 0, x.length), 1e-12 * Math.abs(expected));
    }

    @Test
    void aScaleDividesByATemperature() {
        float[] x = {1f, 2f, 3f};
        double expected = Math.log(Math.exp(0.5) + Math.exp(1) + Math.exp(1.5));
        assertEquals(expected, LogSumExp.ofRow(x, 0, 3, 0.5f, new float[3]), 1e-6);
        float[] row = {7f, 1f, 2f, 3f};                            // from an offset
        assertEquals(expected, LogSumExp.ofRow(row, 1, 3, 0.5f, new float[4]), 1e-6);
    }

    @Test
    void theSameSoftmaxWhateverTheRowsOffsetAndLength() {
        Random rng = new Random(4);
        for (int n = 1; n < 40; n++) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) rng.nextGaussian() * 3;
            }
            float[] shifted = new float[n + 5];
            System.arraycopy(x, 0, shifted, 5, n);
            float[] p = new float[n];
            float[] q = new float[n + 5];
            assertEquals(LogSumExp.softmaxRow(x, 0, n, p), LogSumExp.softmaxRow(shifted, 5, n, q));
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(p[i]), Float.floatToRawIntBits(q[5 + i]), "n = " + n + ", i = " + i);
            }
        }
    }

    /**
     * A batch at once has the bits of one row at a time: rows of 1 to 40 numbers (short rows share one vector call of
     * the exponential, long ones are done row by row), with huge, tiny, equal and infinite scores among them.
     */
    @Test
    void aBatchOfRowsHasTheBitsOfOneRowAtATime() {
        Random rng = new Random(12);
        for (int cols = 1; cols <= 40; cols++) {
            for (int rows : new int[] {1, 3, 37}) {
                float[] x = new float[rows * cols];
                for (int i = 0; i < x.length; i++) {
                    x[i] = switch (rng.nextInt(8)) {
                        case 0 -> (float) rng.nextGaussian() * 300;      // differences beyond e^(-87): p underflows to 0
                        case 1 -> 1e30f;
                        case 2 -> -0f;
                        case 3 -> i % 5 == 0 ? Float.NEGATIVE_INFINITY : 2f;
                        default -> (float) rng.nextGaussian() * 3;
                    };
                }
                float[] p = new float[x.length];
                float[] lse = new float[rows];
                LogSumExp.softmaxRows(x, rows, cols, p, lse);
                float[] q = new float[x.length];
                for (int r = 0; r < rows; r++) {
                    float one = LogSumExp.softmaxRow(x, r * cols, cols, q);
                    assertEquals(Float.floatToRawIntBits(one), Float.floatToRawIntBits(lse[r]), cols + " columns, row " + r);
                }
                for (int i = 0; i < x.length; i++) {
                    assertEquals(Float.floatToRawIntBits(q[i]), Float.floatToRawIntBits(p[i]), cols + " columns, index " + i);
                }
            }
        }
    }

    @Test
    void aScaleThatIsNotPositiveGetsAClearError() {
        float[] x = {1f, 2f};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogSumExp.softmaxRow(x, 0, 2, 0f, new float[2]));
        assertTrue(e.getMessage().contains("scale"), e.getMessage());
    }
}
