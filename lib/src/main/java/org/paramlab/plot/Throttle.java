package org.paramlab.plot;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lets an action through at most once per interval, so a training loop doing thousands of
 * steps per second sends the notebook a handful of display updates, not thousands.
 */
final class Throttle {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastNanos;
    private boolean never = true;

    Throttle(Duration interval, LongSupplier nanoClock) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("update interval must be >= 0, got " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** True (and the time is remembered) if this is the first call or the interval has passed since the last yes. */
    boolean tryPass() {
        long now = nanoClock.getAsLong();
        if (never || now - lastNanos >= intervalNanos) {
            never = false;
            lastNanos = now;
            return true;
        }
        return false;
    }

    /** Records an update that went through regardless (e.g. the final one). */
    void mark() {
        never = false;
        lastNanos = nanoClock.getAsLong();
    }
}
