package org.paramlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The caller and the helpers take a product's bands from one counter: every band is computed exactly once, all
 * are done when {@link ProductThreads#run} returns, and the caller never waits for a band nobody started. Helpers
 * are made slow (they sleep after taking a band) or absent (they block before taking any): a caller that waited
 * for an absent helper would hang (the timeout fails the test), one that returned before a slow helper's band
 * was done would find it missing.
 */
class ProductThreadsTest {

    /** Counts, per band, how often it was computed and which thread did it last. */
    private static class Recorder implements ProductThreads.Bands {
        final AtomicIntegerArray times;
        final AtomicIntegerArray by;

        Recorder(int bands) {
            times = new AtomicIntegerArray(Math.max(bands, 1));
            by = new AtomicIntegerArray(Math.max(bands, 1));
        }

        @Override
        public void compute(int band, int thread) {
            by.set(band, thread);
            times.incrementAndGet(band);
        }

        void assertEachOnce(int bands, String what) {
            for (int band = 0; band < bands; band++) {
                assertEquals(1, times.get(band), what + ": band " + band + " of " + bands + " computed "
                        + times.get(band) + " times (by the time run() returned)");
            }
        }
    }

    /** A team of {@code threads}: helpers "fast" (as they are), "slow" (jittered up to 300 µs) or "absent". */
    static ProductThreads team(String helpers, int threads) {
        return switch (helpers) {
            case "slow" -> new ProductThreads(threads, jitter(threads, 300));
            case "absent" -> new ProductThreads(threads, absent());
            default -> new ProductThreads(threads);
        };
    }

    /** Sleeps up to {@code maxMicros} before and after a helper takes a band (seeded), to vary the interleaving. */
    static ProductThreads.Pace jitter(long seed, int maxMicros) {
        Random rng = new Random(seed);
        return new ProductThreads.Pace() {
            private void sleep() {
                int micros;
                synchronized (rng) {
                    micros = rng.nextInt(maxMicros + 1);
                }
                LockSupport.parkNanos(micros * 1000L);
            }

            @Override
            public void beforeTaking(int thread) {
                sleep();
            }

            @Override
            public void afterTaking(int thread, int band) {
                sleep();
            }
        };
    }

    /** Helpers that block before they take any band, for good: as if they never got a core. */
    static ProductThreads.Pace absent() {
        CountDownLatch never = new CountDownLatch(1);
        return new ProductThreads.Pace() {
            @Override
            public void beforeTaking(int thread) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyBandIsComputedExactlyOnceOnAnyThreadCount() {
        for (int threads = 1; threads <= 4; threads++) {
            ProductThreads plain = new ProductThreads(threads);
            ProductThreads jittery = new ProductThreads(threads, jitter(threads, 200));
            for (int bands = 0; bands <= 40; bands++) {
                for (int repeat = 0; repeat < 20; repeat++) {       // the same threads, product after product
                    for (ProductThreads team : new ProductThreads[] {plain, jittery}) {
                        if (team == jittery && repeat >= 3) {
                            continue;
                        }
                        Recorder r = new Recorder(bands);
                        team.run(bands, r);
                        r.assertEachOnce(bands, threads + " threads" + (team == jittery ? ", jittery helpers" : ""));
                    }
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theCallerWaitsForABandAHelperIsInTheMiddleOf() throws InterruptedException {
        // the helper takes a band, then sleeps 20 ms before computing it; the caller's own first band waits until
        // the helper has taken one, so every product has a helper's band still running when the caller runs out
        ProductThreads.Pace slow = new ProductThreads.Pace() {
            @Override
            public void afterTaking(int thread, int band) {
                took.countDown();
                LockSupport.parkNanos(20_000_000L);
            }
        };
        ProductThreads team = new ProductThreads(2, slow);
        for (int product = 0; product < 10; product++) {
            took = new CountDownLatch(1);
            CountDownLatch helperTook = took;
            Recorder r = new Recorder(8) {
                @Override
                public void compute(int band, int thread) {
                    if (thread == 0) {
                        try {
                            helperTook.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    super.compute(band, thread);
                }
            };
            team.run(8, r);
            r.assertEachOnce(8, "a slow helper");
            int byHelper = 0;
            for (int band = 0; band < 8; band++) {
                byHelper += r.by.get(band);
            }
            assertTrue(byHelper >= 1, "the slow helper computed a band of product " + product);
        }
    }

    private static volatile CountDownLatch took = new CountDownLatch(1);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withAbsentHelpersTheCallerComputesEveryBandAlone() {
        for (int threads = 2; threads <= 4; threads++) {
            ProductThreads team = new ProductThreads(threads, absent());
            for (int bands : new int[] {1, 2, 3, 8, 33}) {
                Recorder r = new Recorder(bands);
                team.run(bands, r);
                r.assertEachOnce(bands, threads + " threads, helpers absent");
                int[] by = new int[bands];
                for (int band = 0; band < bands; band++) {
                    by[band] = r.by.get(band);
                }
                assertEquals(Arrays.toString(new int[bands]), Arrays.toString(by), "every band by the caller (thread 0)");
            }
        }
    }

    /**
     * A helper that read the counter of a finished product, and is held there until the caller has written the
     * next product's fields (but not yet published it), must not take a band of the next product with the old
     * counter. Before the fix it did: it compared band 2 with the new product's 8 bands, its compare-and-set on
     * the old counter succeeded, and it computed the new product's band 2 before the product began; the caller
     * then counted one band too many and could return before every band was done (seen once in CI:
     * "band 1 of 20 computed 0 times").
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHelperHeldOnAFinishedProductTakesNoBandOfTheNext() {
        CountDownLatch helperTookBand1 = new CountDownLatch(1);
        CountDownLatch helperReadSpentCounter = new CountDownLatch(1);
        CountDownLatch nextProductsFieldsWritten = new CountDownLatch(1);
        ProductThreads.Pace held = new ProductThreads.Pace() {
            private int reads;

            @Override
            public void afterTaking(int thread, int band) {
                helperTookBand1.countDown();
            }

            @Override
            public void afterReadingNext(int thread) {
                if (++reads == 2) {                    // the read after band 1 of the first product: 2 of 2 taken
                    helperReadSpentCounter.countDown();
                    await(nextProductsFieldsWritten);
                }
            }

            @Override
            public void beforePublishing() {
                if (helperReadSpentCounter.getCount() == 0 && nextProductsFieldsWritten.getCount() == 1) {
                    nextProductsFieldsWritten.countDown();
                    LockSupport.parkNanos(100_000_000L);    // time for the held helper to try its old counter
                }
            }
        };
        ProductThreads team = new ProductThreads(2, held);
        Recorder first = new Recorder(2) {
            @Override
            public void compute(int band, int thread) {
                if (thread == 0) {
                    await(helperTookBand1);             // so the helper computes band 1
                }
                super.compute(band, thread);
            }
        };
        team.run(2, first);
        first.assertEachOnce(2, "the first product");
        await(helperReadSpentCounter);
        Recorder second = new Recorder(8);
        team.run(8, second);
        second.assertEachOnce(8, "the product after a helper was held on the finished one");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(20, TimeUnit.SECONDS), "a test latch was never opened");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
