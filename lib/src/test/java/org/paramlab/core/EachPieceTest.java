package org.paramlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link MatrixProducts#eachPiece}: a pass over n numbers cut into pieces that the products' threads share. Every
 * number must be computed exactly once, whatever the cut and whichever thread takes a piece (a gap leaves a number
 * of an update unchanged, an overlap updates it twice); and a long pass must really be shared.
 */
class EachPieceTest {

    /** Counts how often each number was computed, and checks that pieces are runs of whole 16-float lines. */
    private static int[] coverage(MatrixProducts products, int n) {
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        List<String> misaligned = new ArrayList<>();
        products.eachPiece(n, (from, to) -> {
            if (from % 16 != 0 || from > to || to > n) {
                synchronized (misaligned) {
                    misaligned.add("[" + from + ", " + to + ")");
                }
            }
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
            }
        });
        assertTrue(misaligned.isEmpty(), "pieces of " + n + " numbers that do not start on a 16-float line or leave "
                + "0 ... n-1: " + misaligned + " (" + products.name() + ")");
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = seen.get(i);
        }
        return counts;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyNumberIsComputedExactlyOnceOnAnyCutAndThreads() {
        int[] lengths = {0, 1, 15, 16, 17, 33, 100, 1000, 4099, VectorProducts.SHARED_PASS + 5};
        for (String helpers : new String[] {"fast", "slow", "absent"}) {
            for (int threads = helpers.equals("fast") ? 1 : 2; threads <= 4; threads++) {
                ProductThreads team = ProductThreadsTest.team(helpers, threads);
                for (int pieces : new int[] {1, 2, 3, 5, 8}) {
                    MatrixProducts products = new VectorProducts(-1, pieces, team);
                    for (int n : lengths) {
                        int[] counts = coverage(products, n);
                        for (int i = 0; i < n; i++) {
                            assertEquals(1, counts[i], "number " + i + " of " + n + " computed " + counts[i] + " times, "
                                    + pieces + " pieces on " + threads + " threads, " + helpers + " helpers");
                        }
                    }
                }
            }
        }
    }

    /** A long pass is cut into one piece per thread, a short one stays whole on the calling thread. */
    @Test
    void aLongPassIsSharedAndAShortOneIsNot() {
        MatrixProducts two = new VectorProducts(2);
        int n = VectorProducts.SHARED_PASS;
        List<int[]> pieces = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        two.eachPiece(n, (from, to) -> {
            synchronized (pieces) {
                pieces.add(new int[] {from, to});
                threads.add(Thread.currentThread());
            }
        });
        assertEquals(2, pieces.size(), "a pass over " + n + " numbers on 2 threads is cut in two");
        pieces.clear();
        threads.clear();
        two.eachPiece(n - 1, (from, to) -> {
            synchronized (pieces) {
                pieces.add(new int[] {from, to});
                threads.add(Thread.currentThread());
            }
        });
        assertEquals(1, pieces.size(), "a pass over " + (n - 1) + " numbers stays whole");
        assertEquals(Thread.currentThread(), threads.get(0), "and runs on the calling thread");
        assertEquals(0, pieces.get(0)[0]);
        assertEquals(n - 1, pieces.get(0)[1]);
        List<int[]> ejml = new ArrayList<>();
        MatrixProducts.ejml().eachPiece(n * 4, (from, to) -> ejml.add(new int[] {from, to}));
        assertEquals(1, ejml.size(), "EJML has no threads: one piece");
    }

    /**
     * A piece that throws on a helper (a bad class id in a row of the loss) throws in the caller, once every piece is
     * done, instead of killing the helper and leaving the caller waiting for its piece for ever; the threads then
     * take the next pass as before.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPieceThatThrowsOnAHelperThrowsInTheCaller() {
        MatrixProducts products = new VectorProducts(-1, 4, new ProductThreads(2));
        Thread caller = Thread.currentThread();
        List<Thread> threw = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            int before = threw.size();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> products.eachPiece(4096,
                    (from, to) -> {
                        if (from == 0) {
                            LockSupport.parkNanos(30_000_000L);   // the caller's first piece is slow: the helper takes the rest
                            return;
                        }
                        if (Thread.currentThread() == caller) {
                            return;
                        }
                        synchronized (threw) {
                            threw.add(Thread.currentThread());
                        }
                        throw new IllegalArgumentException("bad number at " + from);
                    }));
            assertTrue(e.getMessage().startsWith("bad number at "), e.getMessage());
            assertTrue(threw.size() > before, "the helper took a piece and threw, round " + round);
            int[] counts = coverage(products, 1000);
            for (int i = 0; i < counts.length; i++) {
                assertEquals(1, counts[i], "after a piece threw, number " + i + " computed " + counts[i] + " times");
            }
        }
    }
}
