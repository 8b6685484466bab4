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
        assertEquals(expected, LogSumExp.of(x, 0, x.length, 1f), 1e-6 * Math.abs(expected));
        float[] p = new float[x.length];
        assertEquals(LogSumExp.of(x, 0, x.length, 1f), LogSumExp.softmax(x, 0, x.length, 1f, p, 0));
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.exp(x[i] - expected), p[i], 2e-6 * p[i] + 1e-12);
            total += p[i];
        }
        assertEquals(1.0, total, 1e-5);
    }

    @Test
    void aScaleDividesByATemperature() {
        float[] x = {1f, 2f, 3f};
        double expected = Math.log(Math.exp(0.5) + Math.exp(1) + Math.exp(1.5));
        assertEquals(expected, LogSumExp.of(x, 0, 3, 0.5f), 1e-6);
        float[] row = {7f, 1f, 2f, 3f};                            // from an offset
        assertEquals(expected, LogSumExp.of(row, 1, 3, 0.5f), 1e-6);
    }

    @Test
    void badInputGetsAClearError() {
        float[] x = {1f, 2f};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogSumExp.of(x, 0, 2, 0f));
        assertTrue(e.getMessage().contains("scale"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LogSumExp.exps(x, 0, 0, 1f, 0f, x, 0));
        assertTrue(e.getMessage().contains("at least one"), e.getMessage());
    }
}
