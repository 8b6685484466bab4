package org.paramlab.core;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads a product shares its work among: the calling thread and {@code threads - 1} helpers. The product
 * is cut into bands, more bands than threads, and every thread, the caller too, takes the next band nobody has
 * taken yet from one shared counter until none is left ("work stealing", in its simplest form):
 * <pre>
 *   caller:   post the product; wake the helpers; take bands until none is left;
 *             wait for the bands a helper is still computing
 *   helper:   wake; take bands until none is left; sleep
 * </pre>
 * So the caller never waits for a band that nobody has started. On a machine busier than its cores a helper
 * may get no core for a while: the caller then computes the bands the helper would have taken, and waits at
 * most for one band a helper is in the middle of. Extra threads cost a wake-up, never a stall.
 *
 * <p>Which thread computes a band changes no number: every band is computed the same way by any thread, with
 * that thread's own buffers ({@code thread} 0 is the caller, 1 ... are the helpers).
 *
 * <p>Nothing is allocated per product: the bands are described by an object the caller keeps and reuses.
 */
final class ProductThreads {

    /** The work of one product: compute band {@code band} (0 ... bands-1) with the buffers of {@code thread}. */
    interface Bands {
        void compute(int band, int thread);
    }

    /**
     * For tests: what a helper does just before it tries to take a band, just after it read which band is next,
     * and just after it took one (sleep, to be slow; block, to be absent); and what the caller does after it wrote
     * a product's fields and before it publishes the product.
     */
    interface Pace {
        Pace NONE = new Pace() { };

        default void beforeTaking(int thread) {
        }

        default void afterReadingNext(int thread) {
        }

        default void beforePublishing() {
        }

        default void afterTaking(int thread, int band) {
        }
    }

    /** Spins (about 50 µs) before a waiting thread parks: the next product of a training step usually comes sooner. */
    private static final int SPINS = 2000;
    /** Spins (about 1 ms) before the caller parks while a helper finishes its band. */
    private static final int CALLER_SPINS = 20_000;
    /** The band counter of a finished product: more than any product's bands. */
    private static final int CLOSED = Integer.MAX_VALUE;

    private final Thread[] helpers;
    private final Pace pace;

    // The product being computed. `next` holds its number in the high 32 bits and the next band to take in the
    // low 32: a helper that saw an older product can never take a band of this one (its compare-and-set fails).
    private final AtomicLong next = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();   // bands of this product computed so far
    private final AtomicReference<Throwable> failure = new AtomicReference<>();   // the first band that threw
    private volatile Bands work;
    private volatile int bands;
    private volatile Thread caller;
    private int product;                                         // this product's number (the caller's count)

    ProductThreads(int threads) {
        this(threads, Pace.NONE);
    }

    ProductThreads(int threads, Pace pace) {
        if (threads < 1) {
            throw new IllegalArgumentException("matrix products: threads must be >= 1, got " + threads);
        }
        this.pace = pace;
        this.helpers = new Thread[threads - 1];
        for (int t = 1; t < threads; t++) {
            int thread = t;
            helpers[t - 1] = new Thread(() -> help(thread), "paramlab-products-" + t);
            helpers[t - 1].setDaemon(true);
            helpers[t - 1].start();
        }
    }

    /** The caller and the helpers. */
    int threads() {
        return helpers.length + 1;
    }

    /** The helpers' thread ids (the tests count what they allocate). */
    long[] helperIds() {
        long[] ids = new long[helpers.length];
        for (int t = 0; t < helpers.length; t++) {
            ids[t] = helpers[t].getId();
        }
        return ids;
    }

    /**
     * Computes bands 0 ... bands-1 of a product, each exactly once, on this thread and the helpers; returns when
     * all are done. One product at a time (the caller synchronises).
     */
    void run(int bands, Bands work) {
        if (helpers.length == 0 || bands <= 1) {
            for (int band = 0; band < bands; band++) {
                work.compute(band, 0);
            }
            return;
        }
        this.work = work;
        this.bands = bands;
        this.caller = Thread.currentThread();
        finished.set(0);
        int number = ++product;
        pace.beforePublishing();
        // publishes the product (a volatile write after the fields above), with band 0 taken by the caller: a helper
        // that wakes on this core and runs first finds work beside the caller's, not the caller's own
        next.set((long) number << 32 | 1);
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        compute(work, 0, 0);
        finished.incrementAndGet();
        take(number, 0);
        // only bands a helper has started are left: wait for them, spinning longer than a helper waits for work (a
        // parked caller may wait milliseconds for a core once the helper wakes it)
        for (int spin = 0; finished.get() != bands; spin++) {
            if (spin < CALLER_SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        // closes the product before its fields change: a helper that read its counter while bands were left, and
        // reads the next product's `work` and `bands` only now, fails its compare-and-set instead of taking a band
        // of the next product before it starts (that band would be computed twice and counted once too often)
        next.set((long) number << 32 | CLOSED);
        this.work = null;                       // keep no reference to the product's matrices
        // a band that threw (a piece of a pass given a bad class id) throws here, in the caller, once all are done
        Throwable thrown = failure.getAndSet(null);
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
    }

    /**
     * Computes one band; what it throws is kept for the caller to throw. A helper must not die of it (the caller
     * would wait for its band for ever) and every band must still be counted.
     */
    private void compute(Bands w, int band, int thread) {
        try {
            w.compute(band, thread);
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Takes and computes bands of product {@code number} until none is left. */
    private void take(int number, int thread) {
        while (true) {
            if (thread != 0) {
                pace.beforeTaking(thread);
            }
            long at = next.get();
            if ((int) (at >>> 32) != number) {
                return;                         // a later product has started: this one is done
            }
            int band = (int) at;
            if (thread != 0) {
                pace.afterReadingNext(thread);
            }
            // read after seeing this product's number: if they belonged to a later product, this one would be
            // done and the compare-and-set below would fail
            Bands w = work;
            int count = bands;
            if (band >= count) {
                return;
            }
            if (!next.compareAndSet(at, at + 1)) {
                continue;                       // another thread took this band first
            }
            if (thread != 0) {
                pace.afterTaking(thread, band);
            }
            compute(w, band, thread);
            if (finished.incrementAndGet() == count && thread != 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** A helper's life: wait for a new product, take its bands, wait again. */
    private void help(int thread) {
        int seen = 0;
        while (true) {
            int number;
            for (int spin = 0; (number = (int) (next.get() >>> 32)) == seen; spin++) {
                if (spin < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = number;
            take(number, thread);
        }
    }
}
