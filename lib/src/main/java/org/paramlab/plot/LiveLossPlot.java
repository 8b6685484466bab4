package org.paramlab.plot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.paramlab.train.EpochInfo;
import org.paramlab.train.History;
import org.paramlab.train.TrainingListener;

import tech.tablesaw.plotly.components.Figure;

/**
 * A loss chart that grows one point per epoch while training runs.
 *
 * <pre>{@code
 * var live = new LiveLossPlot("Loss while training");
 * String id = display(live.figure());               // empty axes, shown once
 * live.onUpdate(figure -> updateDisplay(id, figure));
 * History history = trainer.listener(live).fit(train, validation);
 * live.finish(history);
 * }</pre>
 * Redraws are throttled like {@link TrainingProgress} (at most every 100 ms by default; the
 * last epoch and {@link #finish(History)} always redraw).
 */
public final class LiveLossPlot implements TrainingListener {

    private final String title;
    private final Throttle throttle;
    private Consumer<Object> show;
    private final List<Double> train = new ArrayList<>();
    private final List<Double> validation = new ArrayList<>();
    private long updatesSent;

    public LiveLossPlot(String title) {
        this(title, null, TrainingProgress.DEFAULT_INTERVAL, System::nanoTime);
    }

    public LiveLossPlot(String title, Consumer<Object> show) {
        this(title, show, TrainingProgress.DEFAULT_INTERVAL, System::nanoTime);
    }

    LiveLossPlot(String title, Consumer<Object> show, Duration minInterval, LongSupplier nanoClock) {
        this.title = title;
        this.show = show;
        this.throttle = new Throttle(minInterval, nanoClock);
    }

    /** Where new figures go from now on, e.g. {@code figure -> updateDisplay(id, figure)}. */
    public LiveLossPlot onUpdate(Consumer<Object> show) {
        this.show = show;
        return this;
    }

    @Override
    public void onEpoch(EpochInfo epoch) {
        train.add(epoch.trainLoss());
        validation.add(epoch.validationLoss());
        if (epoch.epoch() == epoch.epochs()) {
            throttle.mark();
            send();
        } else if (throttle.tryPass()) {
            send();
        }
    }

    /** Redraws with every finished epoch, also after an early stop. */
    public void finish(History history) {
        throttle.mark();
        send();
    }

    public long updatesSent() {
        return updatesSent;
    }

    /** The chart so far: train solid, validation dashed (if the run has a validation set). */
    public Figure figure() {
        if (train.isEmpty()) {
            return new Figure(Charts.layout(title, "epoch", "loss").build(),
                    new PlotlyTrace("scatter").set("name", "train").set("x", new double[0]).set("y", new double[0]));
        }
        double[] trainLoss = train.stream().mapToDouble(Double::doubleValue).toArray();
        double[] validationLoss = validation.stream().mapToDouble(Double::doubleValue).toArray();
        boolean anyValidation = validation.stream().anyMatch(v -> !v.isNaN());
        return new LossCurves(title).add("run", trainLoss, anyValidation ? validationLoss : null).figure();
    }

    private void send() {
        if (show != null) {
            show.accept(figure());
            updatesSent++;
        }
    }
}
