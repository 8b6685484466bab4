package org.paramlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class VectorExpTest {

    /** |e - e^x| in ulps of the float nearest e^x, e^x from Math.exp in double (exact to far below a float ulp). */
    private static double ulps(float x, float e) {
        double exact = Math.exp(x);
        float nearest = (float) exact;
        double ulp = nearest == 0f ? Float.MIN_VALUE : Math.ulp(nearest);
        return Math.abs(e - exact) / ulp;
    }

    @Test
    void withinOneUlpOfMathExpOnEveryKindOfFloatInTheSoftmaxRange() {
        // x <= 0, as after the row maximum is subtracted: -0 .. -104 (below -103.97 e^x rounds to 0),
        // every 61st float (61 is odd, so every mantissa pattern's neighbourhood is visited), and some above 0
        double worst = 0;
        float worstAt = 0;
        int lowest = Float.floatToRawIntBits(-104f);
        for (int bits = Float.floatToRawIntBits(-0f); bits <= lowest; bits += 61) {
            float x = Float.intBitsToFloat(bits);
            double u = ulps(x, VectorExp.exp(x));
            if (u > worst) {
                worst = u;
                worstAt = x;
            }
        }
        for (int bits = 0; bits <= Float.floatToRawIntBits(88.7f); bits += 61) {
            float x = Float.intBitsToFloat(bits);
            double u = ulps(x, VectorExp.exp(x));
            if (u > worst) {
                worst = u;
                worstAt = x;
            }
        }
        System.out.printf("VectorExp: worst error %.3f ulp at x = %s%n", worst, worstAt);
        assertTrue(worst <= 1.0, "worst error " + worst + " ulp at x = " + worstAt);
    }

    @Test
    void edgeCases() {
        assertEquals(1f, VectorExp.exp(0f));
        assertEquals(1f, VectorExp.exp(-0f));
        assertEquals(1f, VectorExp.exp(Float.MIN_VALUE));
        assertEquals(1f, VectorExp.exp(-1e-30f));
        assertEquals((float) Math.E, VectorExp.exp(1f), Math.ulp((float) Math.E));
        assertEquals(0f, VectorExp.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, VectorExp.exp(-104f));
        assertEquals(0f, VectorExp.exp(-1e30f));
        assertEquals(Float.MIN_VALUE, VectorExp.exp(-103.2789f));           // e^x ≈ 1.4e-45: the smallest float above 0
        assertTrue(ulps(-90f, VectorExp.exp(-90f)) <= 1.0, "e^-90 is subnormal: rounded once, not twice");
        assertEquals(Float.POSITIVE_INFINITY, VectorExp.exp(89f));
        assertEquals(Float.POSITIVE_INFINITY, VectorExp.exp(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(VectorExp.exp(Float.NaN)));
        assertTrue(ulps(88.72f, VectorExp.exp(88.72f)) <= 1.0, "e^88.72 is just below the largest float");
    }

    @Test
    void arraysGiveTheScalarBitsWhateverTheLaneAndTail() {
        // lengths 1..70 from every start 0..16: each number sits in a vector lane in one call and in the scalar tail in another
        Random rng = new Random(3);
        float[] x = new float[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() * 30);
        }
        x[7] = Float.NaN;
        x[11] = Float.NEGATIVE_INFINITY;
        x[13] = -0f;
        x[20] = 200f;
        float scale = 0.7f;
        float shift = 2.5f;
        float[] out = new float[100];
        for (int start = 0; start <= 16; start++) {
            for (int n = 1; n <= 70; n++) {
                VectorExp.exp(x, start, n, scale, shift, out, 3);
                for (int i = 0; i < n; i++) {
                    float expected = VectorExp.exp(x[start + i] * scale - shift);
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[3 + i]),
                            "start " + start + ", n " + n + ", i " + i + ": x = " + x[start + i]);
                }
            }
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void allocatesNothingOnceWarm() {
        // rows of 2,004 (notebook 10's vocabulary) and of 10 (a tail only): the e^ and the log-sum-exp around it
        Random rng = new Random(4);
        float[] x = new float[2004 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian() * 5;
        }
        float[] p = new float[x.length];
        double[] sink = {0};
        Runnable step = () -> {
            for (int r = 0; r < 4; r++) {
                sink[0] += LogSumExp.softmax(x, r * 2004, 2004, 1f, p, r * 2004);
                sink[0] += LogSumExp.of(x, r * 2004, 10, 0.5f);
            }
        };
        long perStep = Long.MAX_VALUE;
        for (int round = 0; round < 100 && perStep >= 64; round++) {
            for (int i = 0; i < 800; i++) {
                step.run();
            }
            long before = allocatedBytes();
            for (int i = 0; i < 200; i++) {
                step.run();
            }
            perStep = (allocatedBytes() - before) / 200;
        }
        assertTrue(perStep < 64, "warmed-up e^ and log-sum-exp allocated " + perStep + " bytes per step");
        assertTrue(Double.isFinite(sink[0]));
    }
}
