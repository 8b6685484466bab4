package org.paramlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.paramlab.core.Parameter;

class OptimizerTest {

    /** A parameter with random values and random gradients. */
    private static Parameter randomParameter(String name, int rows, int cols, Random rng) {
        Parameter p = new Parameter(name, Parameter.Role.WEIGHT, rows, cols);
        for (int i = 0; i < p.count(); i++) {
            p.value().data[i] = 2f * rng.nextFloat() - 1f;
            p.grad().data[i] = 2f * rng.nextFloat() - 1f;
        }
        return p;
    }

    @Test
    void sgdStepIsExactlyPMinusLrTimesG() {
        Random rng = new Random(1);
        Parameter w = randomParameter("w", 3, 4, rng);
        Parameter b = randomParameter("b", 1, 4, rng);
        float[] w0 = w.value().data.clone();
        float[] b0 = b.value().data.clone();
        float lr = 0.37f;
        new SGD(List.of(w, b), lr).step();
        for (int i = 0; i < w0.length; i++) {
            assertEquals(w0[i] - lr * w.grad().data[i], w.value().data[i], 0f);
        }
        for (int i = 0; i < b0.length; i++) {
            assertEquals(b0[i] - lr * b.grad().data[i], b.value().data[i], 0f);
        }
    }

    @Test
    void sgdMomentumAccumulatesVelocity() {
        Parameter p = new Parameter("p", Parameter.Role.WEIGHT, 1, 1);
        p.value().data[0] = 1f;
        SGD sgd = new SGD(List.of(p), 0.1f, 0.9f);
        p.grad().data[0] = 1f;
        sgd.step();                               // v = 1,           p = 1 - 0.1 * 1    = 0.9
        assertEquals(0.9f, p.value().data[0], 1e-6f);
        sgd.step();                               // v = 0.9 + 1 = 1.9, p = 0.9 - 0.19    = 0.71
        assertEquals(0.71f, p.value().data[0], 1e-6f);
        sgd.step();                               // v = 1.71 + 1 = 2.71, p = 0.71 - 0.271 = 0.439
        assertEquals(0.439f, p.value().data[0], 1e-6f);
    }

    @Test
    void sgdWeightDecayShrinksWeightsWithZeroGradient() {
        Parameter p = new Parameter("p", Parameter.Role.WEIGHT, 1, 2);
        p.value().data[0] = 2f;
        p.value().data[1] = -4f;
        SGD sgd = new SGD(List.of(p), 0.1f).weightDecay(0.5f);
        sgd.step();                               // p = p - lr * (0 + wd * p) = p * (1 - 0.05)
        assertEquals(1.9f, p.value().data[0], 1e-6f);
        assertEquals(-3.8f, p.value().data[1], 1e-6f);
        assertEquals(0.5f, sgd.weightDecay());
    }

    @Test
    void adamFirstStepMovesEachParameterByAboutLr() {
        Random rng = new Random(3);
        Parameter p = randomParameter("p", 5, 7, rng);
        for (int i = 0; i < p.count(); i++) {
            p.grad().data[i] *= (i % 3 == 0) ? 1000f : 0.001f;   // gradients of very different sizes
        }
        float[] before = p.value().data.clone();
        float lr = 0.01f;
        Adam adam = new Adam(List.of(p), lr);
        adam.step();
        assertEquals(1, adam.steps());
        for (int i = 0; i < before.length; i++) {
            float moved = before[i] - p.value().data[i];
            // mHat = g, vHat = g^2: the step is lr * sign(g) (up to eps)
            assertEquals(lr * Math.signum(p.grad().data[i]), moved, lr * 1e-3f);
        }
    }

    @Test
    void adamMatchesTheFormulaOverSeveralSteps() {
        Parameter p = new Parameter("p", Parameter.Role.WEIGHT, 1, 1);
        p.value().data[0] = 0.5f;
        float lr = 0.1f, b1 = 0.8f, b2 = 0.9f, eps = 1e-6f;
        Adam adam = new Adam(List.of(p), lr, b1, b2, eps);
        double m = 0, v = 0, value = 0.5;
        float[] grads = {0.3f, -1.2f, 2f, 0.05f};
        for (int t = 1; t <= grads.length; t++) {
            p.grad().data[0] = grads[t - 1];
            adam.step();
            m = b1 * m + (1 - b1) * grads[t - 1];
            v = b2 * v + (1 - b2) * grads[t - 1] * grads[t - 1];
            double mHat = m / (1 - Math.pow(b1, t));
            double vHat = v / (1 - Math.pow(b2, t));
            value -= lr * mHat / (Math.sqrt(vHat) + eps);
            assertEquals(value, p.value().data[0], 1e-5);
        }
    }

    @Test
    void adamWeightDecayAddsL2TermToGradient() {
        Parameter withDecay = new Parameter("a", Parameter.Role.WEIGHT, 1, 1);
        Parameter reference = new Parameter("b", Parameter.Role.WEIGHT, 1, 1);
        withDecay.value().data[0] = 2f;
        reference.value().data[0] = 2f;
        withDecay.grad().data[0] = 0.3f;
        reference.grad().data[0] = 0.3f + 0.1f * 2f;            // g + wd * p, given by hand
        Adam a = new Adam(List.of(withDecay), 0.05f).weightDecay(0.1f);
        Adam b = new Adam(List.of(reference), 0.05f);
        for (int i = 0; i < 3; i++) {
            a.step();
            b.step();
            reference.grad().data[0] = 0.3f + 0.1f * reference.value().data[0];
        }
        assertEquals(reference.value().data[0], withDecay.value().data[0], 1e-6f);
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Random rng = new Random(4);
        Parameter w = randomParameter("w", 2, 3, rng);
        Parameter b = randomParameter("b", 1, 3, rng);
        SGD sgd = new SGD(List.of(w, b), 0.1f);
        sgd.zeroGrad();
        for (Parameter p : List.of(w, b)) {
            for (float g : p.grad().data) {
                assertEquals(0f, g);
            }
        }
        assertSame(w, sgd.parameters().get(0));
    }

    @Test
    void learningRateCanBeChangedButMustStayPositive() {
        Parameter p = new Parameter("p", Parameter.Role.WEIGHT, 1, 1);
        SGD sgd = new SGD(List.of(p), 0.1f);
        sgd.setLearningRate(0.01f);
        assertEquals(0.01f, sgd.learningRate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1f));
        assertEquals("SGD: learning rate must be > 0, got -1.0", e.getMessage());
    }

    @Test
    void badSettingsAreRejectedWithTheValue() {
        List<Parameter> ps = List.of(new Parameter("p", Parameter.Role.WEIGHT, 1, 1));
        assertEquals("SGD: learning rate must be > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new SGD(ps, 0f)).getMessage());
        assertEquals("SGD: learning rate must be > 0, got NaN",
                assertThrows(IllegalArgumentException.class, () -> new SGD(ps, Float.NaN)).getMessage());
        assertEquals("Adam: learning rate must be > 0, got -0.001",
                assertThrows(IllegalArgumentException.class, () -> new Adam(ps, -0.001f)).getMessage());
        assertEquals("SGD: momentum must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> new SGD(ps, 0.1f, 1f)).getMessage());
        assertEquals("Adam: beta1 must be in [0, 1), got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1f, 1.5f, 0.999f, 1e-8f)).getMessage());
        assertEquals("Adam: beta2 must be in [0, 1), got -0.1",
                assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1f, 0.9f, -0.1f, 1e-8f)).getMessage());
        assertEquals("Adam: eps must be > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1f, 0.9f, 0.999f, 0f)).getMessage());
        assertEquals("SGD: weight decay must be >= 0, got -0.5",
                assertThrows(IllegalArgumentException.class, () -> new SGD(ps, 0.1f).weightDecay(-0.5f)).getMessage());
        assertEquals("SGD: needs at least one parameter to update, got an empty list",
                assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1f)).getMessage());
        assertTrue(new SGD(ps, 0.1f, 0.5f).toString().contains("momentum=0.5"));
    }
}
