package org.paramlab.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How long it takes to hand 3.2 MB of freshly written numbers from one core to the other: two threads take turns
 * adding 1 to every cache line of one array, so each turn must first fetch the lines the other core just wrote.
 * A product split over two threads pays this when one thread reads what the other wrote (the SGD update writes W1 on
 * the calling thread, then the helper reads its half in the next forward product).
 *
 * <p>On the 2-core VM of 2026-12-06 a turn took 27-29 µs in some minutes and 75-110 µs in others, switching while a
 * JVM ran (the host, we take it, placing the two virtual cores nearer or further apart); 784-512-10 at batch 32 on two
 * threads ran at 5,400-5,900 steps/s in the first case and 2,700-3,300 in the second, in the same JVM, with the bands
 * shared evenly between the threads in both. A two-thread FMA probe read the same in both. So the two-thread runs
 * of {@code make bench} print this figure, at their start and their end (lib/README.md, "Two threads, and how far
 * apart the cores are").
 */
public final class CrossCoreTransfer {

    /** 3.2 MB: W1 and dW1 of 784-512-10, more than a core's L2 (1 MB here). */
    static final int FLOATS = 800_000;
    private static final int FLOATS_PER_LINE = 16;

    private CrossCoreTransfer() {
    }

    /** Microseconds per turn, the median of {@code rounds} turns of each thread after {@code rounds} to warm up. */
    public static double microsPerTurn(int rounds) {
        float[] data = new float[FLOATS];
        AtomicInteger turn = new AtomicInteger();
        int turns = 4 * rounds;                     // half to warm up, half timed; even turns are this thread's
        long[] ended = new long[turns];
        Thread other = new Thread(() -> takeTurns(data, turn, 1, turns, ended), "cross-core-transfer");
        other.setDaemon(true);
        other.start();
        takeTurns(data, turn, 0, turns, ended);
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
        double[] micros = new double[turns / 2];
        for (int t = turns / 2; t < turns; t++) {
            micros[t - turns / 2] = (ended[t] - ended[t - 1]) / 1e3;
        }
        Arrays.sort(micros);
        return micros[micros.length / 2];
    }

    /** This thread's turns: first, t, t + 2, ...; each waits for the one before it, touches every line, passes on. */
    private static void takeTurns(float[] data, AtomicInteger turn, int first, int turns, long[] ended) {
        for (int t = first; t < turns; t += 2) {
            while (turn.get() != t) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < data.length; i += FLOATS_PER_LINE) {
                data[i] += 1f;                      // one write per 64-byte line: the line must come to this core
            }
            ended[t] = System.nanoTime();
            turn.set(t + 1);
        }
    }

    /** The line the two-thread benchmarks print. */
    static String describe(double startMicros, double endMicros) {
        return String.format(java.util.Locale.ROOT, "handing 3.2 MB from core to core: %.0f µs at the start, %.0f at the"
                + " end (CrossCoreTransfer; the VM of 2026-12-06 read 27-29, or 75-110 while two-thread steps at batch 32"
                + " ran at half speed)",
                startMicros, endMicros);
    }

    public static void main(String[] args) {
        System.out.println(describe(microsPerTurn(200), microsPerTurn(200)));
    }
}
