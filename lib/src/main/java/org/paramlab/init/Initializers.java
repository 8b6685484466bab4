package org.paramlab.init;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;

/**
 * The usual ways to start a network's parameters.
 *
 * <pre>
 *   zeros()          w = 0                       (the article's "repeater": every unit stays identical)
 *   constant(c)      w = c
 *   uniform(lo, hi)  w ~ U(lo, hi)
 *   normal(mu, s)    w ~ N(mu, s^2)
 *   xavierUniform()  w ~ U(-a, a),  a = sqrt(6 / (fanIn + fanOut))     (Glorot &amp; Bengio 2010)
 *   xavierNormal()   w ~ N(0, s^2), s = sqrt(2 / (fanIn + fanOut))
 *   heUniform()      w ~ U(-a, a),  a = sqrt(6 / fanIn)                (He et al. 2015, for ReLU)
 *   heNormal()       w ~ N(0, s^2), s = sqrt(2 / fanIn)
 * </pre>
 * Xavier keeps the variance Var(w) = 2 / (fanIn + fanOut); He keeps Var(w) = 2 / fanIn, which
 * makes up for ReLU zeroing half of its inputs.
 */
public final class Initializers {

    private Initializers() {
    }

    public static Initializer zeros() {
        return named("zeros", (m, fanIn, fanOut, rng) -> m.zero());
    }

    public static Initializer constant(float value) {
        checkFinite("constant", "value", value);
        return named("constant(" + value + ")", (m, fanIn, fanOut, rng) -> m.fill(value));
    }

    public static Initializer uniform(float lo, float hi) {
        checkFinite("uniform", "lo", lo);
        checkFinite("uniform", "hi", hi);
        if (!(lo < hi)) {
            throw new IllegalArgumentException("uniform: need lo < hi, got lo=" + lo + ", hi=" + hi);
        }
        return named("uniform(" + lo + ", " + hi + ")", (m, fanIn, fanOut, rng) -> fillUniform(m, lo, hi, rng));
    }

    public static Initializer normal(float mean, float std) {
        checkFinite("normal", "mean", mean);
        checkFinite("normal", "std", std);
        if (std < 0) {
            throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        }
        return named("normal(" + mean + ", " + std + ")", (m, fanIn, fanOut, rng) -> fillNormal(m, mean, std, rng));
    }

    /** Glorot uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)), so Var(w) = a^2/3 = 2 / (fanIn + fanOut). */
    public static Initializer xavierUniform() {
        return named("xavierUniform", (m, fanIn, fanOut, rng) -> {
            checkFans("xavierUniform", fanIn, fanOut);
            float a = (float) Math.sqrt(6.0 / (fanIn + fanOut));
            fillUniform(m, -a, a, rng);
        });
    }

    /** Glorot normal: N(0, s^2) with s = sqrt(2 / (fanIn + fanOut)). */
    public static Initializer xavierNormal() {
        return named("xavierNormal", (m, fanIn, fanOut, rng) -> {
            checkFans("xavierNormal", fanIn, fanOut);
            float s = (float) Math.sqrt(2.0 / (fanIn + fanOut));
            fillNormal(m, 0f, s, rng);
        });
    }

    /** He/Kaiming uniform: U(-a, a) with a = sqrt(6 / fanIn), so Var(w) = 2 / fanIn. */
    public static Initializer heUniform() {
        return named("heUniform", (m, fanIn, fanOut, rng) -> {
            checkFans("heUniform", fanIn, fanOut);
            float a = (float) Math.sqrt(6.0 / fanIn);
            fillUniform(m, -a, a, rng);
        });
    }

    /** He/Kaiming normal: N(0, s^2) with s = sqrt(2 / fanIn). */
    public static Initializer heNormal() {
        return named("heNormal", (m, fanIn, fanOut, rng) -> {
            checkFans("heNormal", fanIn, fanOut);
            float s = (float) Math.sqrt(2.0 / fanIn);
            fillNormal(m, 0f, s, rng);
        });
    }

    private static void fillUniform(FMatrixRMaj m, float lo, float hi, Random rng) {
        float width = hi - lo;
        int n = m.getNumElements();
        for (int i = 0; i < n; i++) {
            m.data[i] = lo + width * rng.nextFloat();
        }
    }

    private static void fillNormal(FMatrixRMaj m, float mean, float std, Random rng) {
        int n = m.getNumElements();
        for (int i = 0; i < n; i++) {
            m.data[i] = mean + std * (float) rng.nextGaussian();
        }
    }

    private static void checkFans(String scheme, int fanIn, int fanOut) {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException(scheme + ": fanIn and fanOut must be >= 1, got fanIn=" + fanIn
                    + ", fanOut=" + fanOut);
        }
    }

    private static void checkFinite(String scheme, String what, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(scheme + ": " + what + " must be a finite number, got " + value);
        }
    }

    /** Wraps an initializer so that it prints its name (models print their set-up). */
    private static Initializer named(String name, Initializer body) {
        return new Initializer() {
            @Override
            public void fill(FMatrixRMaj m, int fanIn, int fanOut, Random rng) {
                body.fill(m, fanIn, fanOut, rng);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
