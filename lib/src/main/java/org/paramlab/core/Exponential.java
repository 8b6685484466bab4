package org.paramlab.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x for floats, many at a time, with the same bits on every CPU. The softmax needs one e^x per logit: 513,024
 * of them in each step of notebook 10's language model, where the scalar {@code Math.exp} took about half the
 * step. {@code Math.exp} cannot be vectorized, and its last bit may differ between JVMs; this one is written in
 * plain float operations, so every vector width (SSE, AVX2, AVX-512) and the scalar tail give the same float.
 * <pre>
 *   x = k·ln 2 + r,   k = round(x / ln 2),   |r| ≤ ln 2 / 2
 *   e^x = 2^k · e^r,  e^r ≈ 1 + r + r²·P(r)        P: a degree-5 polynomial (Cephes' expf coefficients)
 * </pre>
 * Every step is a float multiply, add or fused multiply-add, rounded the IEEE way; 2^k is built from the exponent
 * bits. Error: at most 1 ulp from {@code (float) Math.exp(x)}, measured once over all 1.1 billion floats from -104
 * to 89 ({@code ExponentialTest} checks every 101st). Below x = -104, e^x rounds to 0; above 89, to infinity; NaN
 * stays NaN.
 */
public final class Exponential {

    private static final float LOG2_E = 1.44269504088896341f;   // 1 / ln 2
    private static final float LN2_HI = 0.693359375f;           // ln 2 = LN2_HI + LN2_LO; LN2_HI has 9 bits, so
    private static final float LN2_LO = -2.12194440e-4f;        // k·LN2_HI is exact and r keeps its low bits
    private static final float ROUND = 12582912f;               // 1.5·2^23: x + ROUND - ROUND rounds x to an integer
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final float LOWEST = -104f;                  // e^-104 < half the smallest float: rounds to 0
    private static final float HIGHEST = 89f;                   // e^89 > the largest float: infinity

    private static final float P0 = 1.9875691500e-4f;           // P(r) = P0 r^5 + ... + P5, close to
    private static final float P1 = 1.3981999507e-3f;           // (e^r - 1 - r) / r²
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    /** Floats and ints in the same register width: AVX (without AVX2) has 256-bit floats but 128-bit ints. */
    private static final VectorSpecies<Float> F = floatSpecies();

    /** Without a hardware FMA the vector code would box every vector: take the scalar path there. */
    private static final boolean VECTORS = ExactFma.HARDWARE;

    private Exponential() {
    }

    /** e^x: the same bits as each lane of {@link #exp(float[], int, int, float, float, float[], int)}. */
    public static float exp(float x) {
        float v = Math.min(Math.max(x, LOWEST), HIGHEST);
        float k = fma(v, LOG2_E, ROUND) - ROUND;                 // k = round(x / ln 2)
        float r = fma(k, -LN2_HI, v);                            // r = x - k·ln 2, in two exact-ish steps
        r = fma(k, -LN2_LO, r);
        float p = fma(P0, r, P1);
        p = fma(p, r, P2);
        p = fma(p, r, P3);
        p = fma(p, r, P4);
        p = fma(p, r, P5);
        float y = fma(p, r * r, r) + 1f;                         // e^r = 1 + r + r²·P(r)
        int ki = (int) k;
        int half = ki >> 1;                                      // 2^k = 2^half · 2^(k - half): each a normal float
        return y * powerOfTwo(half) * powerOfTwo(ki - half);
    }

    /**
     * {@code out[outStart + i] = e^(x[start + i]·scale - shift)} for {@code i < n}. The softmax calls it with the
     * row maximum as {@code shift}, so every exponent is ≤ 0 and nothing overflows.
     */
    public static void exp(float[] x, int start, int n, float scale, float shift, float[] out, int outStart) {
        int i = 0;
        if (VECTORS) {
            int lanes = F.length();
            for (; i <= n - lanes; i += lanes) {
                FloatVector v = FloatVector.fromArray(F, x, start + i).mul(scale).sub(shift);
                v = v.max(LOWEST).min(HIGHEST);
                FloatVector rounded = v.fma(LOG2_E, ROUND);     // ROUND + k: its low bits hold k itself
                FloatVector k = rounded.sub(ROUND);
                FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_HI), v);
                r = k.fma(FloatVector.broadcast(F, -LN2_LO), r);
                FloatVector p = r.fma(P0, P1);                   // P0·r + P1: the same product as fma(P0, r, P1)
                p = p.fma(r, FloatVector.broadcast(F, P2));
                p = p.fma(r, FloatVector.broadcast(F, P3));
                p = p.fma(r, FloatVector.broadcast(F, P4));
                p = p.fma(r, FloatVector.broadcast(F, P5));
                FloatVector y = p.fma(r.mul(r), r).add(1f);
                IntVector ki = rounded.reinterpretAsInts().sub(ROUND_BITS);   // k as an int, without a conversion
                IntVector half = ki.lanewise(VectorOperators.ASHR, 1);
                // 2^half · 2^(k - half), each built from its exponent bits: (e + 127) << 23. Written out here, not
                // in a method: a vector passed to a method the JIT does not inline is boxed (an allocation)
                FloatVector twoToHalf = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                FloatVector twoToRest = ki.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                y.mul(twoToHalf).mul(twoToRest).intoArray(out, outStart + i);
            }
        }
        for (; i < n; i++) {
            out[outStart + i] = exp(x[start + i] * scale - shift);
        }
    }

    private static float powerOfTwo(int k) {
        return Float.intBitsToFloat((k + 127) << 23);
    }

    private static float fma(float a, float b, float c) {
        return VECTORS ? Math.fma(a, b, c) : ExactFma.fma(a, b, c);
    }

    private static VectorSpecies<Float> floatSpecies() {
        int bits = Math.min(FloatVector.SPECIES_PREFERRED.vectorBitSize(), IntVector.SPECIES_PREFERRED.vectorBitSize());
        return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }
}
