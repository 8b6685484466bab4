package org.paramlab.io;

/**
 * IEEE 754 half precision (FP16, 半精度): 1 sign bit, 5 exponent bits, 10 fraction bits, so about
 * 3 significant decimal digits between 6.1e-5 and 65504. Java 17 has no {@code float16}, so the
 * conversion is written out here: the bits of a float are cut to the half's fields, rounding to
 * the nearest half (ties to the even one), as hardware does.
 */
public final class Half {

    /** The largest finite half: 65504. */
    public static final float MAX = 65504f;

    private Half() { }

    /** The half nearest to {@code value}, as its 16 bits (beyond ±65504: ±infinity). */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;         // float: bias 127
        int fraction = bits & 0x7F_FFFF;             // 23 bits
        if (exponent == 0xFF) {                      // infinity or NaN stay so
            return (short) (sign | 0x7C00 | (fraction != 0 ? 0x200 | (fraction >>> 13) : 0));
        }
        int e = exponent - 127 + 15;                 // half: bias 15
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);          // too large: infinity
        }
        if (e <= 0) {                                // a subnormal half (or zero): no implicit leading 1
            if (e < -10) {
                return (short) sign;
            }
            return (short) (sign | roundedShift(fraction | 0x80_0000, 14 - e));
        }
        // normal: keep the top 10 of 23 fraction bits; a carry out of the fraction correctly bumps the exponent
        return (short) (sign | roundedShift((e << 23) | fraction, 13));
    }

    /** {@code value >> shift}, rounded to nearest, ties to even. */
    private static int roundedShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || rest == half && (kept & 1) != 0) {
            kept++;
        }
        return kept;
    }

    /** The float a half's 16 bits stand for (exact: every half is a float). */
    public static float toFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int fraction = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (fraction << 13));
        }
        if (exponent == 0) {                          // subnormal: fraction · 2^-24
            float v = fraction * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (fraction << 13));
    }

    /** {@code value} rounded to the nearest half, as a float. */
    public static float round(float value) {
        return toFloat(fromFloat(value));
    }

    /**
     * The smallest half that is {@code >= value} (for {@code value >= 0}). A quantization scale is
     * rounded <em>up</em> to FP16, so that the largest weight still fits in the integer range.
     */
    public static short ceil(float value) {
        if (!(value >= 0) || value > MAX) {
            throw new IllegalArgumentException("a scale must be between 0 and " + MAX + " (the largest FP16), got " + value);
        }
        short h = fromFloat(value);
        if (toFloat(h) < value) {
            h++;                                      // for positive halves the next bit pattern is the next number up
        }
        return h;
    }
}
