package org.paramlab.io;

/**
 * Integer codes of {@code bits} bits each (2 to 8), packed into bytes without gaps. Code {@code i}
 * occupies bits {@code i·bits … i·bits + bits − 1} of the byte stream, counting from the lowest
 * bit of the first byte. With 4 bits that is <b>two codes per byte, the first in the low nibble</b>;
 * with 8 bits, one byte per code; with 2 bits, four per byte; with 3 bits a code may straddle two bytes.
 */
public final class BitPacking {

    private BitPacking() { }

    /** Bytes needed for {@code count} codes of {@code bits} bits: {@code ceil(count · bits / 8)}. */
    public static long bytes(long count, int bits) {
        checkBits(bits);
        return (count * bits + 7) / 8;
    }

    /** Packs {@code codes} (each in 0 … 2^bits − 1) into {@code bytes(codes.length, bits)} bytes. */
    public static byte[] pack(int[] codes, int bits) {
        checkBits(bits);
        int max = (1 << bits) - 1;
        byte[] out = new byte[(int) bytes(codes.length, bits)];
        long bit = 0;
        for (int i = 0; i < codes.length; i++, bit += bits) {
            int code = codes[i];
            if (code < 0 || code > max) {
                throw new IllegalArgumentException("code " + i + " is " + code + " but " + bits + "-bit codes go from 0 to " + max);
            }
            int at = (int) (bit >>> 3);
            int shift = (int) (bit & 7);
            int word = code << shift;                 // at most 8 + 7 bits: spans one or two bytes
            out[at] |= (byte) word;
            if (shift + bits > 8) {
                out[at + 1] |= (byte) (word >>> 8);
            }
        }
        return out;
    }

    /** The {@code count} codes packed in {@code packed} (the inverse of {@link #pack}). */
    public static int[] unpack(byte[] packed, int count, int bits) {
        checkBits(bits);
        if (packed.length < bytes(count, bits)) {
            throw new IllegalArgumentException(count + " codes of " + bits + " bits need " + bytes(count, bits)
                    + " bytes, got " + packed.length);
        }
        int max = (1 << bits) - 1;
        int[] codes = new int[count];
        long bit = 0;
        for (int i = 0; i < count; i++, bit += bits) {
            int at = (int) (bit >>> 3);
            int shift = (int) (bit & 7);
            int word = packed[at] & 0xFF;
            if (shift + bits > 8) {
                word |= (packed[at + 1] & 0xFF) << 8;
            }
            codes[i] = (word >>> shift) & max;
        }
        return codes;
    }

    static void checkBits(int bits) {
        if (bits < 2 || bits > 8) {
            throw new IllegalArgumentException("integer codes have 2 to 8 bits, got " + bits);
        }
    }
}
