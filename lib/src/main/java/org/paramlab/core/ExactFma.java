package org.paramlab.core;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * A fused multiply-add, {@code a·b + c} rounded once to float, for CPUs without an FMA instruction (before
 * 2013: Sandy Bridge, Ivy Bridge; or a JVM started with {@code -XX:-UseFMA}). There the JDK's {@code Math.fma}
 * falls back on {@link java.math.BigDecimal} (slow, and it allocates), and the Vector API's {@code fma} boxes
 * every vector. The products use this instead, so that every CPU computes the same bits.
 *
 * <p>Why it is exact. The product of two floats (24 significant bits each) has at most 48 bits, so
 * {@code p = (double) a * b} is exact. The sum {@code s = p + c} in double is rounded once (to 53 bits), and
 * {@code (float) s} rounds a second time. Rounding twice gives a different float than rounding once only when
 * the first rounding lands exactly on a midpoint between two floats: any midpoint strictly between the exact
 * sum and {@code s} would be a double nearer to the sum than {@code s}. So in the rare case that {@code s} is
 * a midpoint (its 29 bits below float precision read 1000...0), the exact error {@code e} of the double sum is
 * computed (Knuth's TwoSum: six adds, no rounding error), and if it is not zero, {@code s} is moved one double
 * towards it: off the midpoint, to the side of the exact sum. Floats too small to be normal have fewer bits,
 * so there the same move is made whenever {@code s} is inexact and even ("round to odd", Boldo and Melquiond,
 * IEEE Trans. Computers 57(4), 2008: rounding to odd in 53 bits, then to nearest in 24, rounds correctly).
 */
final class ExactFma {

    /**
     * Whether this JVM has a hardware FMA for the Vector API and {@code Math.fma}: the HotSpot flag
     * {@code UseFMA}, off on CPUs without FMA and with {@code -XX:UseAVX=0}. Assumed on where it cannot be read.
     */
    static final boolean HARDWARE = hardware();

    private static final long BELOW_FLOAT = (1L << 29) - 1;   // the 29 bits of a double's 52 that a float lacks
    private static final long MIDPOINT = 1L << 28;            // those bits of a midpoint between two floats

    private ExactFma() {
    }

    /** {@code a·b + c} rounded once to the nearest float (ties to even), the same bits as {@code Math.fma}. */
    static float fma(float a, float b, float c) {
        double p = (double) a * b;                            // exact: 48 bits at most
        double s = p + c;                                     // rounded once, to 53 bits
        long bits = Double.doubleToRawLongBits(s);
        if ((bits & BELOW_FLOAT) == MIDPOINT || Math.abs(s) < Float.MIN_NORMAL) {
            double v = s - p;                                 // TwoSum: e = (p + c) - s exactly
            double e = (p - (s - v)) + (c - v);
            if (e != 0 && (bits & 1) == 0 && !Double.isNaN(e)) {
                s = Double.longBitsToDouble(bits + ((e > 0) == (s > 0) ? 1 : -1));   // one double towards p + c
            }
        }
        return (float) s;
    }

    private static boolean hardware() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm == null || !"false".equals(vm.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {   // not HotSpot, or no such flag on this CPU family
            return true;
        }
    }
}
