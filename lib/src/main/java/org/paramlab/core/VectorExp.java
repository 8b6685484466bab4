package org.paramlab.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x for float, many at a time, with the same bits on every machine and for any vector width.
 * <pre>
 *   x = k·ln2 + r          k = round(x / ln2),  |r| <= ln2/2    (ln2 = LN2_HI + LN2_LO: k·LN2_HI is exact)
 *   e^r ≈ 1 + r + r²·P(r)  P of degree 5 (Cephes' expf), by Horner's rule
 *   e^x = e^r · 2^k         2^k written straight into a float's exponent bits
 * </pre>
 * Accurate to about 1 ulp of {@link Math#exp} (ExpTest measures it on every float in [-104, 89]).
 * Every step is one IEEE float multiply or add, done lane by lane in the vectors and in the same order in
 * {@link #exp(float)}, which handles the tail: so a number's e^x does not depend on where it sits in the
 * array, on AVX2 or AVX-512, nor on the CPU. There is no fused multiply-add on purpose: a CPU without FMA
 * (the CI machine's) would fall back to {@code Math.fma}'s BigDecimal, a thousand times slower, and an FMA
 * where the hardware has one would give other bits.
 */
public final class VectorExp {

    /**
     * The vector shape: the widest whose integer vectors the CPU also has. Without AVX2 (only 128-bit integer
     * vectors), 256-bit floats would need 256-bit integers for the exponent bits, which JDK 17 emulates by
     * boxing; 128 bits is then fast and allocation-free, and gives the same bits.
     */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.vectorBitSize()
            <= IntVector.SPECIES_PREFERRED.vectorBitSize()
            ? FloatVector.SPECIES_PREFERRED
            : FloatVector.SPECIES_128;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, VectorShape.forBitSize(F.vectorBitSize()));

    /** Below this e^x rounds to 0, above the other it overflows to infinity: clamping x keeps k small. */
    static final float LOWEST = -104f;
    static final float HIGHEST = 89f;
    static final float LOG2E = 1.44269504088896341f;
    /** 1.5·2^23: adding it rounds a float of magnitude below 2^22 to an integer (round half to even). */
    static final float ROUNDER = 12582912f;
    static final float LN2_HI = 0.693359375f;     // 9 significant bits: k·LN2_HI is exact for |k| <= 2^15
    static final float LN2_LO = -2.12194440e-4f;   // ln2 - LN2_HI
    // Cephes expf: e^r ≈ 1 + r + r²·(P0 + r·(P1 + r·(P2 + r·(P3 + r·(P4 + r·P5)))))
    static final float P0 = 5.0000001201e-1f;
    static final float P1 = 1.6666665459e-1f;
    static final float P2 = 4.1665795894e-2f;
    static final float P3 = 8.3334519073e-3f;
    static final float P4 = 1.3981999507e-3f;
    static final float P5 = 1.9875691500e-4f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

    private VectorExp() { }

    /** e^x for one float: the lanes' steps, in order. NaN gives NaN, -infinity 0, +infinity +infinity. */
    public static float exp(float x) {
        x = Math.min(Math.max(x, LOWEST), HIGHEST);
        float shifted = x * LOG2E + ROUNDER;                         // k + 1.5·2^23, k = round(x / ln2)
        float k = shifted - ROUNDER;
        float r = (x - k * LN2_HI) - k * LN2_LO;                     // x - k·ln2, |r| <= ln2/2
        float p = ((((P5 * r + P4) * r + P3) * r + P2) * r + P1) * r + P0;
        float er = (p * (r * r) + r) + 1f;                           // e^r
        int ki = Float.floatToRawIntBits(shifted) - ROUNDER_BITS;    // k as an int, -150..129
        int k1 = ki >> 1;                                            // 2^k = 2^k1 · 2^k2: each a normal float,
        int k2 = ki - k1;                                            // so results down to 2^-149 round once
        return er * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k2 + 127) << 23);
    }

    /**
     * {@code out[outStart + i] = e^(x[start + i]·scale - shift)} for i in [0, n): the product and the
     * difference are each rounded to float, as {@code exp(x * scale - shift)} would be.
     */
    public static void exp(float[] x, int start, int n, float scale, float shift, float[] out, int outStart) {
        int i = 0;
        int upper = F.loopBound(n);
        FloatVector scales = FloatVector.broadcast(F, scale);
        FloatVector shifts = FloatVector.broadcast(F, shift);
        for (; i < upper; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, start + i).mul(scales).sub(shifts);
            exp(v).intoArray(out, outStart + i);
        }
        for (; i < n; i++) {
            out[outStart + i] = exp(x[start + i] * scale - shift);
        }
    }

    /** The vector form of {@link #exp(float)}, step for step. */
    private static FloatVector exp(FloatVector x) {
        x = x.max(LOWEST).min(HIGHEST);
        FloatVector shifted = x.mul(LOG2E).add(ROUNDER);
        FloatVector k = shifted.sub(ROUNDER);
        FloatVector r = x.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
        FloatVector p = r.mul(P5).add(P4).mul(r).add(P3).mul(r).add(P2).mul(r).add(P1).mul(r).add(P0);
        FloatVector er = p.mul(r.mul(r)).add(r).add(1f);
        IntVector ki = shifted.reinterpretAsInts().sub(ROUNDER_BITS);
        IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
        IntVector k2 = ki.sub(k1);
        FloatVector scale1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scale2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return er.mul(scale1).mul(scale2);
    }
}
