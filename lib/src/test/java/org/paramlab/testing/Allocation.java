package org.paramlab.testing;

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

    /** Bytes per run of {@code work} on this thread, once below {@code limit} or after the deadline. */
    public static long perRunOnceWarm(Runnable work, int countedRuns, long limit) {
        return perRunOnceWarm(work, countedRuns, limit, Thread.currentThread().getId());
    }

    /**
     * Bytes per run of {@code work}, counted on the given threads together (the caller and any helper threads the
     * work uses): rounds of 4 x {@code countedRuns} warm-up runs and {@code countedRuns} counted ones, until a round
     * allocates less than {@code limit} bytes per run or the deadline passes; returns the last round's figure.
     */
    public static long perRunOnceWarm(Runnable work, int countedRuns, long limit, long... threadIds) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        long perRun;
        do {
            for (int i = 0; i < 4 * countedRuns; i++) {
                work.run();
            }
            long before = allocatedBytes(threadIds);
            for (int i = 0; i < countedRuns; i++) {
                work.run();
            }
            perRun = (allocatedBytes(threadIds) - before) / countedRuns;
        } while (perRun >= limit && System.nanoTime() < deadline);
        return perRun;
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
