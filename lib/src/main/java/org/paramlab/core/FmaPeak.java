package org.paramlab.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FP32 limit of one core, measured: 12 independent chains {@code a = a·m + c} of fused multiply-adds
 * on the widest vectors the JVM offers. Twelve chains are more than (FMA latency) x (FMA units), so the
 * units never wait for a result; nothing is loaded from memory. Loaded by name from
 * {@link MatrixProducts#measuredPeakGflops} only when the JVM has {@code jdk.incubator.vector}.
 */
final class FmaPeak {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private FmaPeak() {
    }

    /** How it is measured, in a few words (for reports). */
    static final String HOW = ExactFma.HARDWARE
            ? "12 independent FMA chains of " + S.length() + " floats on one thread, thread CPU time"
            : "12 independent multiply-add chains of " + S.length() + " floats (no FMA in this CPU: a multiply, then an add)"
                    + " on one thread, thread CPU time";

    /** The best of 5 runs of {@code steps} steps (each 12 FMAs of L floats), in GFLOP/s of this thread's CPU time. */
    static double gflops(long steps) {
        ThreadMXBean thread = ManagementFactory.getThreadMXBean();
        float sink = 0;
        for (int i = 0; i < 20; i++) {          // until the JIT has compiled the chains
            sink += chains(100_000);
        }
        double best = 0;
        for (int rep = 0; rep < 5; rep++) {
            long start = thread.getCurrentThreadCpuTime();
            sink += chains(steps);
            double seconds = (thread.getCurrentThreadCpuTime() - start) / 1e9;
            best = Math.max(best, steps * 12.0 * 2 * S.length() / seconds / 1e9);   // 2 flops per lane per FMA
        }
        return sink == 12345.678f ? -best : best;   // keeps the JIT from dropping the chains
    }

    private static float chains(long steps) {
        FloatVector m = FloatVector.broadcast(S, 0.999f);
        FloatVector c = FloatVector.broadcast(S, 0.001f);
        FloatVector a0 = FloatVector.broadcast(S, 0f), a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3);
        FloatVector a4 = a0.add(4), a5 = a0.add(5), a6 = a0.add(6), a7 = a0.add(7);
        FloatVector a8 = a0.add(8), a9 = a0.add(9), a10 = a0.add(10), a11 = a0.add(11);
        if (!ExactFma.HARDWARE) {   // the Vector API's fma would box every vector here: the CPU's own mul and add
            for (long i = 0; i < steps; i++) {
                a0 = a0.mul(m).add(c);
                a1 = a1.mul(m).add(c);
                a2 = a2.mul(m).add(c);
                a3 = a3.mul(m).add(c);
                a4 = a4.mul(m).add(c);
                a5 = a5.mul(m).add(c);
                a6 = a6.mul(m).add(c);
                a7 = a7.mul(m).add(c);
                a8 = a8.mul(m).add(c);
                a9 = a9.mul(m).add(c);
                a10 = a10.mul(m).add(c);
                a11 = a11.mul(m).add(c);
            }
        }
        for (long i = 0; i < steps && ExactFma.HARDWARE; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
