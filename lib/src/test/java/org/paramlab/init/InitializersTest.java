package org.paramlab.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

class InitializersTest {

    private static final int FAN_IN = 300;
    private static final int FAN_OUT = 200;

    private static FMatrixRMaj filled(Initializer init, long seed) {
        FMatrixRMaj m = new FMatrixRMaj(FAN_IN, FAN_OUT);
        init.fill(m, FAN_IN, FAN_OUT, new Random(seed));
        return m;
    }

    private static double mean(FMatrixRMaj m) {
        double s = 0;
        for (float v : m.data) {
            s += v;
        }
        return s / m.data.length;
    }

    private static double variance(FMatrixRMaj m) {
        double mu = mean(m), s = 0;
        for (float v : m.data) {
            s += (v - mu) * (v - mu);
        }
        return s / m.data.length;
    }

    private static void assertVariance(double expected, FMatrixRMaj m) {
        // 60,000 draws: the sample variance is within a few percent of the true one
        assertEquals(expected, variance(m), 0.03 * expected, "variance");
        assertEquals(0.0, mean(m), 0.02 * Math.sqrt(expected), "mean");
    }

    @Test
    void xavierUniformHasVarianceTwoOverFanInPlusFanOut() {
        FMatrixRMaj m = filled(Initializers.xavierUniform(), 1);
        assertVariance(2.0 / (FAN_IN + FAN_OUT), m);
        float limit = (float) Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
        for (float v : m.data) {
            assertTrue(v >= -limit && v <= limit, "inside (-a, a)");
        }
    }

    @Test
    void xavierNormalHasVarianceTwoOverFanInPlusFanOut() {
        assertVariance(2.0 / (FAN_IN + FAN_OUT), filled(Initializers.xavierNormal(), 2));
    }

    @Test
    void heUniformHasVarianceTwoOverFanIn() {
        FMatrixRMaj m = filled(Initializers.heUniform(), 3);
        assertVariance(2.0 / FAN_IN, m);
        float limit = (float) Math.sqrt(6.0 / FAN_IN);
        for (float v : m.data) {
            assertTrue(v >= -limit && v <= limit, "inside (-a, a)");
        }
    }

    @Test
    void heNormalHasVarianceTwoOverFanIn() {
        assertVariance(2.0 / FAN_IN, filled(Initializers.heNormal(), 4));
    }

    @Test
    void uniformAndNormalHaveTheRequestedMoments() {
        FMatrixRMaj u = filled(Initializers.uniform(1f, 3f), 5);
        assertEquals(2.0, mean(u), 0.01);
        assertEquals(4.0 / 12.0, variance(u), 0.01);
        for (float v : u.data) {
            assertTrue(v >= 1f && v < 3f);
        }
        FMatrixRMaj n = filled(Initializers.normal(-1f, 0.5f), 6);
        assertEquals(-1.0, mean(n), 0.01);
        assertEquals(0.25, variance(n), 0.01);
    }

    @Test
    void zerosAndConstant() {
        FMatrixRMaj z = new FMatrixRMaj(3, 4);
        z.fill(7f);
        Initializers.zeros().fill(z, 3, 4, new Random(0));
        for (float v : z.data) {
            assertEquals(0f, v);
        }
        Initializers.constant(0.25f).fill(z, 3, 4, new Random(0));
        for (float v : z.data) {
            assertEquals(0.25f, v);
        }
    }

    @Test
    void sameSeedSameNumbersDifferentSeedDifferentNumbers() {
        for (Initializer init : new Initializer[] {Initializers.uniform(-1f, 1f), Initializers.normal(0f, 1f),
                Initializers.xavierUniform(), Initializers.xavierNormal(), Initializers.heUniform(), Initializers.heNormal()}) {
            float[] a = filled(init, 42).data;
            float[] b = filled(init, 42).data;
            float[] c = filled(init, 43).data;
            assertArrayEquals(a, b, init + ": same seed");
            assertFalse(Arrays.equals(a, c), init + ": different seed");
        }
    }

    @Test
    void initializersPrintTheirNames() {
        assertEquals("heUniform", Initializers.heUniform().toString());
        assertEquals("normal(0.0, 0.1)", Initializers.normal(0f, 0.1f).toString());
    }

    @Test
    void badSettingsAreRejectedWithTheValue() {
        assertEquals("uniform: need lo < hi, got lo=1.0, hi=1.0",
                assertThrows(IllegalArgumentException.class, () -> Initializers.uniform(1f, 1f)).getMessage());
        assertEquals("normal: std must be >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> Initializers.normal(0f, -1f)).getMessage());
        assertEquals("constant: value must be a finite number, got NaN",
                assertThrows(IllegalArgumentException.class, () -> Initializers.constant(Float.NaN)).getMessage());
        assertEquals("xavierUniform: fanIn and fanOut must be >= 1, got fanIn=0, fanOut=3",
                assertThrows(IllegalArgumentException.class,
                        () -> Initializers.xavierUniform().fill(new FMatrixRMaj(1, 1), 0, 3, new Random(0))).getMessage());
    }
}
