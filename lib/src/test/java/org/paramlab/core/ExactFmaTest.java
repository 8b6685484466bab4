package org.paramlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.management.ManagementFactory;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link ExactFma#fma} against {@code Math.fma} (the hardware instruction, or the JDK's BigDecimal path on a JVM
 * without it, which surefire's products-without-fma run uses): the same bits on the cases where rounding twice
 * goes wrong, on random numbers of every size, on floats too small to be normal, on zeros, infinities and NaN.
 */
class ExactFmaTest {

    private static void same(float a, float b, float c) {
        float expected = Math.fma(a, b, c);
        float got = ExactFma.fma(a, b, c);
        if (Float.floatToIntBits(expected) != Float.floatToIntBits(got)) {   // any NaN equals any NaN
            throw new AssertionError("fma(" + a + ", " + b + ", " + c + ") = " + expected + " but ExactFma gives " + got);
        }
    }

    /**
     * c = 1 + 2^-23 and a·b = 2^-24 - t²·2^-70: the exact sum lies just below the midpoint 1 + 2^-23 + 2^-24, so it
     * rounds down to c; in double it rounds onto the midpoint, which ties to the even float above. Rounding twice
     * is wrong here (for t² < 2^17, while t²·2^-70 is below half a double's step), and ExactFma must not be.
     */
    @Test
    void theSumsThatRoundingTwiceGetsWrong() {
        for (int t = 1; t < 2000; t++) {
            for (int scale = -100; scale <= 100; scale += 25) {
                for (float sign : new float[] {1f, -1f}) {
                    float c = sign * Math.scalb(1f + 0x1p-23f, scale);
                    float a = sign * Math.scalb(1f + t * 0x1p-23f, scale - 24);
                    float b = 1f - t * 0x1p-23f;
                    if (t == 1 && scale == 0 && sign > 0) {
                        // the control: this case does tell rounding twice from rounding once
                        assertNotEquals(Math.fma(a, b, c), (float) ((double) a * b + c));
                    }
                    same(a, b, c);
                    same(-a, -b, c);
                    // and just above the midpoint below c, 1 + 2^-24 + t²·2^-70, which ties to the even float 1
                    same(a, -b, c);
                    if (t == 1 && scale == 0 && sign > 0) {
                        assertNotEquals(Math.fma(a, -b, c), (float) ((double) a * -b + c));
                    }
                }
            }
        }
    }

    @Test
    void randomNumbersOfEverySize() {
        Random rng = new Random(5);
        for (int i = 0; i < 400_000; i++) {
            float a = (float) rng.nextGaussian() * Math.scalb(1f, rng.nextInt(40) - 20);
            float b = (float) rng.nextGaussian() * Math.scalb(1f, rng.nextInt(40) - 20);
            float c = i % 3 == 0 ? -(float) ((double) a * b) * (1f + (rng.nextInt(64) - 32) * 0x1p-23f)   // cancellation
                    : (float) rng.nextGaussian() * Math.scalb(1f, rng.nextInt(60) - 30);
            same(a, b, c);
        }
    }

    @Test
    void tinyZerosInfinitiesAndNaN() {
        Random rng = new Random(6);
        for (int i = 0; i < 100_000; i++) {   // results in and near the floats too small to be normal
            float a = Math.scalb((float) rng.nextGaussian(), -60 - rng.nextInt(20));
            float b = Math.scalb((float) rng.nextGaussian(), -60 - rng.nextInt(20));
            float c = Math.scalb((float) rng.nextGaussian(), -126 - rng.nextInt(24));
            same(a, b, c);
        }
        float[] special = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
                -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0x1p-75f, 3f};
        for (float a : special) {
            for (float b : special) {
                for (float c : special) {
                    same(a, b, c);
                }
            }
        }
    }

    /** The flag follows the JVM: off exactly when it was started with -XX:-UseFMA or -XX:UseAVX=0 (or lacks FMA). */
    @Test
    void hardwareFlagFollowsTheJvm() {
        var args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (args.contains("-XX:-UseFMA") || args.contains("-XX:UseAVX=0")) {
            assertEquals(false, ExactFma.HARDWARE, "the JVM runs without FMA: " + args);
        }
    }
}
