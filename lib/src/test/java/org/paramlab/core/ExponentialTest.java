package org.paramlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.paramlab.testing.Allocation;

class ExponentialTest {

    /** Distance in floats between two finite non-negative floats. */
    private static long ulps(float a, float b) {
        return Math.abs((long) Float.floatToIntBits(a) - Float.floatToIntBits(b));
    }

    @Test
    void withinOneUlpOfTheExponentialOverTheWholeRange() {
        long worst = 0;
        float worstX = 0;
        long above1 = 0;
        long count = 0;
        // every 101st float between -104 and 89 (every one of the 1.1 billion reads 1 ulp at worst, measured once)
        for (float x = -104f; x <= 89f; x = Float.intBitsToFloat(Float.floatToRawIntBits(x) + (x < 0 ? -101 : 101))) {
            if (x < 0 && x > -Float.MIN_NORMAL * 1e6f) {
                x = 0f;
            }
            float expected = (float) Math.exp(x);            // Math.exp is within 1 ulp of e^x in double
            float actual = Exponential.exp(x);
            long d = ulps(expected, actual);
            if (expected < Float.MIN_NORMAL) {
                d = Math.abs(Float.floatToIntBits(expected) - Float.floatToIntBits(actual)) <= 1 ? 0 : d;
            }
            if (d > worst) {
                worst = d;
                worstX = x;
            }
            above1 += d > 1 ? 1 : 0;
            count++;
        }
        System.out.printf("Exponential: %,d inputs, worst %d ulp (at x = %s), %,d above 1 ulp%n", count, worst, worstX, above1);
        assertTrue(worst <= 1, "worst error " + worst + " ulp at x = " + worstX);
    }

    @Test
    void edgeCases() {
        assertEquals(1f, Exponential.exp(0f));
        assertEquals(1f, Exponential.exp(-0f));
        assertEquals(0f, Exponential.exp(-104f));
        assertEquals(0f, Exponential.exp(-1000f));
        assertEquals(0f, Exponential.exp(Float.NEGATIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, Exponential.exp(89f));
        assertEquals(Float.POSITIVE_INFINITY, Exponential.exp(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(Exponential.exp(Float.NaN)));
        assertTrue(ulps((float) Math.exp(88.72283f), Exponential.exp(88.72283f)) <= 1);          // just below MAX_VALUE
        assertTrue(Exponential.exp(-87.5f) > 0f && Exponential.exp(-87.5f) < Float.MIN_NORMAL);    // a subnormal
        assertTrue(Exponential.exp(Math.nextDown(0f)) <= 1f);
    }

    @Test
    void everyLaneGivesTheScalarBitsWhateverTheLengthScaleAndShift() {
        Random random = new Random(7);
        for (int n = 0; n < 70; n++) {
            float[] x = new float[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextGaussian() * 20);
            }
            x[1] = Float.NaN;
            float scale = n % 3 == 0 ? 1f : 0.25f + random.nextFloat();
            float shift = n % 2 == 0 ? 0f : 30f;
            float[] out = new float[n + 5];
            Exponential.exp(x, 3, n, scale, shift, out, 2);
            for (int i = 0; i < n; i++) {
                float expected = Exponential.exp(x[3 + i] * scale - shift);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[2 + i]),
                        "n = " + n + ", i = " + i + ", x = " + x[3 + i]);
            }
        }
    }

    /**
     * The same bits on every CPU: a checksum of e^x over a fixed grid. The surefire runs with -XX:UseAVX=1 and
     * without FMA repeat this test, so a vector width or a missing FMA that changed one bit would fail here.
     */
    @Test
    void theSameBitsOnEveryCpu() {
        int n = 200_003;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -100f + 190f * i / n;
        }
        float[] out = new float[n];
        Exponential.exp(x, 0, n, 1f, 0f, out, 0);
        CRC32 crc = new CRC32();
        for (float e : out) {
            int bits = Float.floatToRawIntBits(e);
            crc.update(new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
        }
        assertEquals(GRID_CHECKSUM, crc.getValue(), "e^x over the grid: checksum " + Long.toHexString(crc.getValue()));
    }

    static final long GRID_CHECKSUM = 0x3e0e17bfL;   // measured with AVX-512, and the same under -XX:UseAVX=1 and without FMA

    @Test
    void allocatesNothingOnceWarm() {
        float[] x = new float[2004];
        float[] out = new float[2004];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian() * 5;
        }
        Allocation.assertBelowOnceWarm("warmed-up exp and softmax", 16, 2000, () -> {
            Exponential.exp(x, 0, x.length, 1f, 5f, out, 0);
            LogSumExp.softmaxRow(x, 0, x.length, out);
        });
    }
}
