package org.paramlab.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.paramlab.train.History;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;

/**
 * Loss per epoch for one or several training runs on one chart: each run has its own colour,
 * training loss drawn solid and validation loss dashed, so over-fitting shows as the dashed
 * line turning up while the solid one keeps falling.
 *
 * <pre>{@code
 * Figure f = new LossCurves("Three learning rates")
 *         .add("lr 0.001", slow.trainLoss(), slow.validationLoss())
 *         .add("lr 0.1",   good.trainLoss(), good.validationLoss())
 *         .logScale()
 *         .figure();
 * }</pre>
 * Missing values ({@code NaN}, e.g. no validation in an epoch) leave a gap in the line.
 */
public final class LossCurves {

    private final String title;
    private String yLabel = "loss";
    private boolean logScale;
    private final List<PlotlyTrace> traces = new ArrayList<>();
    private int runs;

    public LossCurves(String title) {
        this.title = title;
    }

    /** One run with its training and validation loss per epoch ({@code validation} may be null). */
    public LossCurves add(String run, double[] train, double[] validation) {
        if (train == null) {
            throw new IllegalArgumentException("run '" + run + "': training loss is null");
        }
        Charts.requireNonEmpty("run '" + run + "': training loss", train.length);
        String color = Charts.color(runs);
        traces.add(line(run, "train", train, color, "solid"));
        if (validation != null && validation.length > 0) {
            traces.add(line(run, "validation", validation, color, "dash"));
        }
        runs++;
        return this;
    }

    /** One run with only a training loss. */
    public LossCurves add(String run, double[] train) {
        return add(run, train, null);
    }

    /** Same as {@link #add(String, double[], double[])} for float series. */
    public LossCurves add(String run, float[] train, float[] validation) {
        return add(run, train == null ? null : Charts.toDouble(train),
                validation == null ? null : Charts.toDouble(validation));
    }

    /** One run from the trainer's history (validation loss only if the run had a validation set). */
    public LossCurves add(String run, History history) {
        return add(run, history.trainLoss(), history.hasValidation() ? history.validationLoss() : null);
    }

    /** Several runs at once, e.g. {@code Charts.attrs("lr 0.1", losses)}; map order = colour order. */
    public LossCurves addAll(Map<String, double[]> trainLossByRun) {
        trainLossByRun.forEach(this::add);
        return this;
    }

    /** Logarithmic loss axis: differences between small losses become visible. */
    public LossCurves logScale() {
        this.logScale = true;
        return this;
    }

    /** The y-axis label, "loss" unless changed (e.g. "cross-entropy"). */
    public LossCurves yLabel(String label) {
        this.yLabel = label;
        return this;
    }

    /** How many runs were added. */
    public int runs() {
        return runs;
    }

    public Figure figure() {
        if (traces.isEmpty()) {
            throw new IllegalStateException("LossCurves '" + title + "' has no runs: call add(run, train, validation) first");
        }
        Layout layout = Charts.layout(title, "epoch", yLabel).yAxis(Charts.axis(yLabel, logScale)).showLegend(true).build();
        return new Figure(layout, traces.toArray(new PlotlyTrace[0]));
    }

    /** A single run from its history: the quickest way to look at one training. */
    public static Figure of(String title, History history) {
        return new LossCurves(title).add("run", history).figure();
    }

    /** A single run: the quickest way to look at one training. */
    public static Figure of(String title, double[] train, double[] validation) {
        return new LossCurves(title).add("run", train, validation).figure();
    }

    private static PlotlyTrace line(String run, String split, double[] loss, String color, String dash) {
        return new PlotlyTrace("scatter")
                .set("name", run + " · " + split)
                .set("legendgroup", run)
                .set("mode", loss.length <= 30 ? "lines+markers" : "lines")
                .set("x", Charts.oneToN(loss.length))
                .set("y", loss)
                .set("line", Charts.attrs("color", color, "dash", dash, "width", 2));
    }
}
