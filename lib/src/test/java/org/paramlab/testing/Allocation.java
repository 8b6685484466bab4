package org.paramlab.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

/**
 * What a piece of code allocates per run once the JIT has compiled it, counted by the JVM's per-thread allocation
 * counters: a count of bytes, not a timing. Until C2 compiles a loop, the Vector API boxes its vectors and
 * escape analysis has not removed short-lived objects, so a first measurement proves nothing; how long compiling
 * takes depends on how busy the machine is. So the code runs in rounds (warm-up runs, then counted runs) until a
 * round allocates less than the limit, or a deadline passes: only code that keeps allocating reaches it.
 */
public final class Allocation {

    /** Rounds stop after this long: far more than C2 needs on a loaded 2-core machine (seconds). */
    private static final long DEADLINE_NANOS = 30_000_000_000L;

    private Allocation() {
    }

    /**
     * Fails unless {@code work}, once warm, allocates less than {@code limit} bytes per run, counted on the given
     * threads together (the caller and any helper threads the work uses; none given: this thread). It runs in
     * rounds of 4 x {@code countedRuns} warm-up runs and {@code countedRuns} counted ones, until a round allocates
     * less than {@code limit} bytes per run or the deadline passes; the last round's figure is the one judged.
     */
    public static void assertBelowOnceWarm(String what, long limit, int countedRuns, Runnable work, long... threadIds) {
        long[] counted = threadIds.length > 0 ? threadIds : new long[] {Thread.currentThread().getId()};
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        long perRun;
        do {
            for (int i = 0; i < 4 * countedRuns; i++) {
                work.run();
            }
            long before = allocatedBytes(counted);
            for (int i = 0; i < countedRuns; i++) {
                work.run();
            }
            perRun = (allocatedBytes(counted) - before) / countedRuns;
        } while (perRun >= limit && System.nanoTime() < deadline);
        assertTrue(perRun < limit, what + " allocated " + perRun + " bytes per run once warm (limit " + limit + ")");
    }

    private static long allocatedBytes(long... threadIds) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bytes = 0;
        for (long id : threadIds) {
            bytes += threads.getThreadAllocatedBytes(id);
        }
        return bytes;
    }
}
