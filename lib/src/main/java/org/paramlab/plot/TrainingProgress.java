package org.paramlab.plot;

import static org.paramlab.core.Language.label;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.paramlab.train.EpochInfo;
import org.paramlab.train.History;
import org.paramlab.train.StepInfo;
import org.paramlab.train.TrainingListener;

/**
 * A live progress bar for a training run: epoch, step, loss, elapsed time and ETA, redrawn
 * in one notebook output while the loop runs.
 *
 * <pre>{@code
 * var progress = new TrainingProgress();
 * String id = display(progress.view());              // an empty bar, shown once
 * progress.onUpdate(view -> updateDisplay(id, view)); // later views replace it in place
 * History history = trainer.listener(progress).fit(train, validation);
 * }</pre>
 * The trainer calls {@link #onEnd(History)} when the run ends, which shows the final state (also
 * after an early stop); calling {@link #finish(History)} yourself as well does no harm.
 *
 * <p>Updates are throttled: at most one every 100 ms (changeable), plus always the last step,
 * the last epoch and {@link #finish(History)}, so the final picture is complete.
 * Each update is an {@link HtmlView}. Times appear only in its HTML; its plain text is the same
 * on every run, so notebook text outputs stay reproducible.
 */
public final class TrainingProgress extends LiveDisplay implements TrainingListener {

    /** Default pause between two display updates. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    private StepInfo lastStep;
    private EpochInfo lastEpoch;
    private String endStatus;  // null while running, then "finished" or "stopped (diverged)", in the current language
    private boolean stoppedEarly;
    private String endMessage;

    /** A progress bar whose updates go nowhere until {@link #onUpdate(Consumer)} is called. */
    public TrainingProgress() {
        this(null, DEFAULT_INTERVAL);
    }

    /** A progress bar that hands each new view to {@code show}, e.g. {@code view -> updateDisplay(id, view)}. */
    public TrainingProgress(Consumer<Object> show) {
        this(show, DEFAULT_INTERVAL);
    }

    public TrainingProgress(Consumer<Object> show, Duration minInterval) {
        this(show, minInterval, System::nanoTime);
    }

    /** With an injected clock (nanoseconds), so the throttle can be tested without waiting. */
    TrainingProgress(Consumer<Object> show, Duration minInterval, LongSupplier nanoClock) {
        super(show, minInterval, nanoClock);
    }

    /** Where new views go from now on. */
    public TrainingProgress onUpdate(Consumer<Object> show) {
        showWith(show);
        return this;
    }

    @Override
    public void onStep(StepInfo step) {
        lastStep = step;
        update(step.epoch() == step.epochs() && step.step() == step.stepsPerEpoch());
    }

    @Override
    public void onEpoch(EpochInfo epoch) {
        lastEpoch = epoch;
        if (epoch.epoch() == epoch.epochs()) {
            endStatus = label("finished");
        }
        update(epoch.epoch() == epoch.epochs());
    }

    /** Called by the trainer at the end of every run: shows how it ended. */
    @Override
    public void onEnd(History history) {
        finish(history);
    }

    /**
     * Shows how the run ended, from the trainer's history: completed, or stopped early
     * (diverged, interrupted) with the trainer's explanation. Sent unless the display already
     * shows exactly this, so calling it twice sends one update.
     */
    public void finish(History history) {
        stoppedEarly = !history.completed();
        endStatus = stoppedEarly ? label("stopped (%s)", label(history.stopReason().name().toLowerCase(Locale.ROOT)))
                : label("finished");
        endMessage = history.completed() ? null : history.message();
        push();
    }

    /** The current state as HTML (with times) and plain text (without). */
    public HtmlView view() {
        return new HtmlView(html(), text());
    }

    @Override
    Object currentView() {
        return view();
    }

    /** The view itself: an HtmlView is a record, equal views are equal. */
    @Override
    Object state() {
        return view();
    }

    /** Fraction of the run done, 0..1. */
    double fractionDone() {
        if (lastStep != null) {
            double byStep = lastStep.progress();
            if (lastEpoch != null) {
                return Math.max(byStep, (double) lastEpoch.epoch() / lastEpoch.epochs());
            }
            return byStep;
        }
        return lastEpoch == null ? 0 : (double) lastEpoch.epoch() / lastEpoch.epochs();
    }

    private String text() {
        if (endStatus == null) {
            return label("training… (live progress is shown as HTML)");
        }
        StringBuilder text = new StringBuilder(label("training %s", endStatus));
        if (lastEpoch != null) {
            text.append(label(": %d/%d epochs · ", lastEpoch.epoch(), lastEpoch.epochs())).append(epochSummary(lastEpoch));
        }
        if (endMessage != null) {
            text.append(lastEpoch == null ? ": " : " — ").append(endMessage);
        }
        return text.toString();
    }

    private String html() {
        double done = fractionDone();
        int percent = (int) Math.floor(done * 100);
        String color = stoppedEarly ? "#d62728" : "#1f77b4";
        StringBuilder html = new StringBuilder()
                .append("<div class=\"paramlab-progress\" style=\"font-family:monospace;font-size:13px;line-height:1.5\">")
                .append("<div style=\"display:flex;align-items:center;gap:8px\">")
                .append("<div style=\"width:320px;height:12px;background:#e5e5e5;border-radius:3px;overflow:hidden\">")
                .append("<div style=\"width:").append(percent).append("%;height:100%;background:").append(color)
                .append("\"></div></div>")
                .append("<span>").append(percent).append("%</span>")
                .append("<span>").append(escape(endStatus == null ? label("training…") : label("training %s", endStatus))).append("</span>")
                .append("</div>");
        if (lastStep != null) {
            html.append("<div>").append(escape(label("epoch %d/%d · step %d/%d · batch loss %s", lastStep.epoch(),
                    lastStep.epochs(), lastStep.step(), lastStep.stepsPerEpoch(), number(lastStep.loss())))).append("</div>");
        }
        if (lastEpoch != null) {
            html.append("<div>").append(escape(label("after epoch %d: ", lastEpoch.epoch()) + epochSummary(lastEpoch)))
                    .append("</div>");
        }
        if (endMessage != null) {
            html.append("<div style=\"color:#d62728\">").append(escape(endMessage)).append("</div>");
        }
        Duration elapsed = lastStep != null ? lastStep.elapsed() : lastEpoch != null ? lastEpoch.elapsed() : null;
        if (lastEpoch != null && lastStep != null && lastEpoch.elapsed().compareTo(elapsed) > 0) {
            elapsed = lastEpoch.elapsed();
        }
        if (elapsed != null) {
            html.append("<div style=\"color:#666\">").append(escape(label("elapsed %s", clock(elapsed))));
            if (endStatus == null && done > 0 && done < 1) {
                // time left ≈ time so far × (work left / work done)
                long etaNanos = (long) (elapsed.toNanos() * (1 - done) / done);
                html.append(escape(label(" · ETA %s", clock(Duration.ofNanos(etaNanos)))));
            }
            html.append("</div>");
        }
        return html.append("</div>").toString();
    }

    private static String epochSummary(EpochInfo e) {
        StringBuilder s = new StringBuilder(label("train loss %s", number(e.trainLoss())));
        if (!Double.isNaN(e.validationLoss())) {
            s.append(label(" · validation loss %s", number(e.validationLoss())));
        }
        if (e.metricName() != null) {
            if (!Double.isNaN(e.trainMetric())) {
                s.append(label(" · train %s %s", label(e.metricName()), number(e.trainMetric())));
            }
            if (!Double.isNaN(e.validationMetric())) {
                s.append(label(" · validation %s %s", label(e.metricName()), number(e.validationMetric())));
            }
        }
        return s.toString();
    }

    /** 4 decimals for ordinary losses, scientific notation for very small or large ones. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        if (!Double.isFinite(value) || magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e5)) {
            return String.format(Locale.ROOT, "%.4f", value);
        }
        return String.format(Locale.ROOT, "%.3e", value);
    }

    /** 75 s → "1:15", 3,725 s → "1:02:05". */
    static String clock(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
