package org.paramlab.core;

/**
 * How many bits one parameter takes when it is stored.
 * The article's arithmetic: FP32 = 4 bytes, FP16 = 2 bytes, INT8 = 1 byte, INT4 = half a byte.
 */
public enum Precision {
    FP32(32), FP16(16), INT8(8), INT4(4);

    private final int bits;

    Precision(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    /** Bytes needed for {@code count} parameters, rounded up to whole bytes (two INT4 values share a byte). */
    public long bytes(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("parameter count must be >= 0, got " + count);
        }
        return (count * bits + 7) / 8;
    }
}
