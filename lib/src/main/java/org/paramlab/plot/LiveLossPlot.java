package org.paramlab.plot;

import static org.paramlab.core.Language.label;

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
 * }</pre>
 * Redraws are throttled like {@link TrainingProgress} (at most every 100 ms by default); the last
 * epoch and the end of the run ({@link #onEnd(History)}, or {@link #finish(History)} called by
 * hand) always redraw, unless the chart on display already has every epoch.
 */
public final class LiveLossPlot extends LiveDisplay implements TrainingListener {

    private final String title;
    private final List<Double> train = new ArrayList<>();
    private final List<Double> validation = new ArrayList<>();

    public LiveLossPlot(String title) {
        this(title, null, TrainingProgress.DEFAULT_INTERVAL, System::nanoTime);
    }

    public LiveLossPlot(String title, Consumer<Object> show) {
        this(title, show, TrainingProgress.DEFAULT_INTERVAL, System::nanoTime);
    }

    LiveLossPlot(String title, Consumer<Object> show, Duration minInterval, LongSupplier nanoClock) {
        super(show, minInterval, nanoClock);
        this.title = title;
    }

    /** Where new figures go from now on, e.g. {@code figure -> updateDisplay(id, figure)}. */
    public LiveLossPlot onUpdate(Consumer<Object> show) {
        showWith(show);
        return this;
    }

    @Override
    public void onEpoch(EpochInfo epoch) {
        train.add(epoch.trainLoss());
        validation.add(epoch.validationLoss());
        update(epoch.epoch() == epoch.epochs());
    }

    /** Called by the trainer at the end of every run: the final chart. */
    @Override
    public void onEnd(History history) {
        finish(history);
    }

    /** Redraws with every finished epoch, also after an early stop; a second call sends nothing new. */
    public void finish(History history) {
        push();
    }

    /** The chart so far: train solid, validation dashed (if the run has a validation set). */
    public Figure figure() {
        if (train.isEmpty()) {
            return new PlotlyFigure(Charts.layout(title, label("epoch"), label("loss")).build(),
                    new PlotlyTrace("scatter").set("name", label("train")).set("x", new double[0]).set("y", new double[0]));
        }
        double[] trainLoss = train.stream().mapToDouble(Double::doubleValue).toArray();
        double[] validationLoss = validation.stream().mapToDouble(Double::doubleValue).toArray();
        boolean anyValidation = validation.stream().anyMatch(v -> !v.isNaN());
        return new LossCurves(title).add(label("run"), trainLoss, anyValidation ? validationLoss : null).figure();
    }

    @Override
    Object currentView() {
        return figure();
    }

    /** The chart changes only with the number of epochs drawn. */
    @Override
    Object state() {
        return train.size();
    }
}
