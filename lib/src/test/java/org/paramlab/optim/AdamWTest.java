package org.paramlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.paramlab.core.Parameter;

class AdamWTest {

    private static Parameter scalar(float value, float grad) {
        Parameter p = new Parameter("p", Parameter.Role.WEIGHT, 1, 1);
        p.value().data[0] = value;
        p.grad().data[0] = grad;
        return p;
    }

    @Test
    void twoStepsMatchAHandComputation() {
        Parameter p = scalar(2f, 0.5f);
        AdamW adamW = new AdamW(List.of(p), 0.1f, 0.3f);
        adamW.step();
        // t=1: m = 0.1*0.5 = 0.05, v = 0.001*0.25 = 0.00025, mHat = 0.5, vHat = 0.25
        //      p = 2 - 0.1 * (0.5 / (0.5 + 1e-8) + 0.3 * 2) = 2 - 0.1 * 1.6 = 1.84
        assertEquals(1.84f, p.value().data[0], 1e-6f);
        p.grad().data[0] = -1f;
        adamW.step();
        // t=2: m = 0.9*0.05 - 0.1 = -0.055,  v = 0.999*0.00025 + 0.001 = 0.00124975
        //      mHat = -0.055 / 0.19 , vHat = 0.00124975 / 0.001999
        double mHat = -0.055 / (1 - 0.81);
        double vHat = 0.00124975 / (1 - 0.999 * 0.999);
        double expected = 1.84 - 0.1 * (mHat / (Math.sqrt(vHat) + 1e-8) + 0.3 * 1.84);
        assertEquals(expected, p.value().data[0], 1e-5);
        assertEquals(2, adamW.steps());
    }

    @Test
    void withoutGradientEveryWeightShrinksByTheSameFraction() {
        Parameter big = scalar(10f, 0f);
        Parameter small = scalar(-0.1f, 0f);
        new AdamW(List.of(big, small), 0.01f, 0.5f).step();
        // p = p - lr * decay * p = p * (1 - 0.005): decoupled from m and v
        assertEquals(10f * 0.995f, big.value().data[0], 1e-5f);
        assertEquals(-0.1f * 0.995f, small.value().data[0], 1e-7f);
    }

    @Test
    void decoupledDecayDiffersFromAdamsL2() {
        // A large gradient: Adam + L2 divides the decay by sqrt(vHat) too, so it hardly decays; AdamW decays fully.
        Parameter l2 = scalar(1f, 100f);
        Parameter decoupled = scalar(1f, 100f);
        new Adam(List.of(l2), 0.01f).weightDecay(0.5f).step();
        new AdamW(List.of(decoupled), 0.01f, 0.5f).step();
        // Adam + L2, first step: g = 100.5, mHat/sqrt(vHat) = 1: p = 1 - 0.01 = 0.99
        assertEquals(0.99f, l2.value().data[0], 1e-6f);
        // AdamW: p = 1 - 0.01 * (1 + 0.5 * 1) = 0.985
        assertEquals(0.985f, decoupled.value().data[0], 1e-6f);
        assertNotEquals(l2.value().data[0], decoupled.value().data[0]);
    }

    @Test
    void zeroDecayIsAdam() {
        Parameter a = scalar(0.7f, 0.3f);
        Parameter b = scalar(0.7f, 0.3f);
        Adam adam = new Adam(List.of(a), 0.05f);
        AdamW adamW = new AdamW(List.of(b), 0.05f, 0f);
        for (int i = 0; i < 5; i++) {
            a.grad().data[0] = 0.3f - 0.1f * i;
            b.grad().data[0] = 0.3f - 0.1f * i;
            adam.step();
            adamW.step();
            assertEquals(a.value().data[0], b.value().data[0], 0f, "step " + (i + 1));
        }
    }

    @Test
    void badSettingsAreNamed() {
        Parameter p = scalar(1f, 1f);
        assertEquals("AdamW: weight decay must be >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(p), 0.1f, -1f)).getMessage());
        assertEquals("AdamW: learning rate must be > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(p), 0f, 0.1f)).getMessage());
    }
}
