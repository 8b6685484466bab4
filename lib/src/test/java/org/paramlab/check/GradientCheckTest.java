package org.paramlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.layers.Activation;
import org.paramlab.layers.Dense;
import org.paramlab.layers.Tanh;
import org.paramlab.losses.MeanSquaredError;

/** The check a notebook runs on a layer the learner wrote: right formulas pass, wrong ones are named. */
class GradientCheckTest {

    /** tanh with a backward that a learner might write, right or with one mistake. */
    static final class HandTanh extends Activation {
        private final float sign;
        private final boolean forgetSquare;

        HandTanh(float sign, boolean forgetSquare) {
            super("handTanh");
            this.sign = sign;
            this.forgetSquare = forgetSquare;
        }

        @Override
        protected void forward(float[] x, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = (float) Math.tanh(x[i]);
            }
        }

        @Override
        protected void backward(float[] x, float[] y, float[] dy, float[] dx, int n) {
            for (int i = 0; i < n; i++) {
                dx[i] = sign * dy[i] * (1f - (forgetSquare ? y[i] : y[i] * y[i]));
            }
        }
    }

    private static FMatrixRMaj input() {
        return GradientCheck.random(new Random(3), 4, 5, 2f);
    }

    @Test
    void aCorrectBackwardPassesWithEveryNumberCounted() {
        var result = GradientCheck.layer(new HandTanh(1f, false), input(), 1);
        assertTrue(result.passed(), result.toString());
        assertEquals(20, result.checked(), "4x5 input gradients, no parameters");
        assertTrue(result.worstDifference() < GradientCheck.ABS_TOL);
        assertTrue(result.toString().contains("all 20 gradients agree"), result.toString());
    }

    @Test
    void aWrongSignFailsAndTheResultNamesTheWorstNumber() {
        var result = GradientCheck.layer(new HandTanh(-1f, false), input(), 1);
        assertFalse(result.passed());
        assertEquals(20, result.disagreeing(), "every input gradient has the wrong sign");
        assertEquals(-result.numerical(), result.backprop(), 1e-3, "backprop is minus the numerical slope");
        assertTrue(result.worstAt().startsWith("handTanh dInput["), result.worstAt());
        assertTrue(result.toString().contains("FAILED"), result.toString());
    }

    @Test
    void aForgottenSquareFailsToo() {
        assertFalse(GradientCheck.layer(new HandTanh(1f, true), input(), 1).passed());
    }

    @Test
    void checkLayerThrowsAnAssertionErrorForAWrongLayerAndNotForTheLibrarysTanh() {
        GradientCheck.checkLayer(new Tanh(), input(), new Random(1));
        AssertionError e = assertThrows(AssertionError.class,
                () -> GradientCheck.checkLayer(new HandTanh(-1f, false), input(), new Random(1)));
        assertTrue(e.getMessage().contains("handTanh dInput["), e.getMessage());
    }

    @Test
    void parametersAreCheckedBesideTheInput() {
        var dense = new Dense("d", 3, 2, 7);
        var result = GradientCheck.layer(dense, GradientCheck.random(new Random(2), 4, 3, 1f), 5);
        assertTrue(result.passed(), result.toString());
        assertEquals(4 * 3 + 3 * 2 + 2, result.checked(), "input gradient, weights and biases");
    }

    @Test
    void lossesAreCheckedAgainstTheirValue() {
        var prediction = GradientCheck.random(new Random(4), 3, 2, 1f);
        var target = GradientCheck.random(new Random(5), 3, 2, 1f);
        var result = GradientCheck.loss(new MeanSquaredError(), prediction, target);
        assertTrue(result.passed(), result.toString());
        assertEquals(6, result.checked());
    }
}
