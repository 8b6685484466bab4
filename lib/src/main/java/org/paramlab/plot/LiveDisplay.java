package org.paramlab.plot;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What {@link TrainingProgress} and {@link LiveLossPlot} share: a display callback (the kernel's
 * {@code updateDisplay}) fed at most once per interval, plus forced updates at the end of a run
 * that are skipped when the display already shows the same thing.
 */
abstract class LiveDisplay {

    private final Throttle throttle;
    private Consumer<Object> show;
    private long updatesSent;
    private Object shownState;   // state() when the last view was sent (null: nothing sent yet)

    LiveDisplay(Consumer<Object> show, Duration minInterval, LongSupplier nanoClock) {
        this.show = show;
        this.throttle = new Throttle(minInterval, nanoClock);
    }

    /** What the display gets (an HtmlView, a Figure). */
    abstract Object currentView();

    /** Equal states mean the display would not change (a Figure has no equals of its own). */
    abstract Object state();

    final void showWith(Consumer<Object> show) {
        this.show = show;
    }

    /** How many views were handed to the display so far. */
    public long updatesSent() {
        return updatesSent;
    }

    /** A routine update: sent only if the interval has passed since the last one. */
    final void offer() {
        if (throttle.tryPass()) {
            send();
        }
    }

    /** A forced update (last step, last epoch, end of run): sent unless the display already shows it. */
    final void push() {
        throttle.mark();
        if (!Objects.equals(state(), shownState)) {
            send();
        }
    }

    /** The last update of a run is always shown; the ones before it only as often as the throttle allows. */
    final void update(boolean lastOfRun) {
        if (lastOfRun) {
            push();
        } else {
            offer();
        }
    }

    private void send() {
        if (show != null) {
            shownState = state();
            show.accept(currentView());
            updatesSent++;
        }
    }
}
