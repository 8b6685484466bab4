package org.paramlab.plot;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.paramlab.summary.Numbers;
import org.paramlab.train.History;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Margin;

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
    private String yLabel = label("loss");
    private boolean logScale;
    private double clipAbove = Double.NaN;
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
        traces.add(line(run, label("train"), train, color, "solid"));
        if (validation != null && validation.length > 0) {
            traces.add(line(run, label("validation"), validation, color, "dash"));
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

    /**
     * Cuts the loss axis at {@code max}: a run that diverges (loss 1e34, then NaN) would squash
     * every other curve flat. Points above {@code max} are drawn on the top edge as ▲ marks whose
     * hover text gives the real value, and the title says so.
     */
    public LossCurves clipAbove(double max) {
        if (!(max > 0) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("LossCurves '" + title + "': clipAbove needs a positive finite loss, got " + max);
        }
        this.clipAbove = max;
        return this;
    }

    /** The y-axis label, "loss" (in Chinese 损失) unless changed (e.g. "cross-entropy"). */
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
        if (Double.isNaN(clipAbove)) {
            Layout layout = Charts.layout(title, label("epoch"), yLabel).yAxis(Charts.axis(yLabel, logScale)).showLegend(true).build();
            return new PlotlyFigure(layout, traces.toArray(new PlotlyTrace[0]));
        }
        List<PlotlyTrace> clipped = new ArrayList<>();
        boolean anyAbove = false;
        for (PlotlyTrace trace : traces) {
            double[] y = ((double[]) trace.attributes().get("y")).clone();
            double[] x = (double[]) trace.attributes().get("x");
            List<Double> markX = new ArrayList<>();
            List<String> markText = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] > clipAbove) {   // also +Infinity; NaN stays a gap
                    markX.add(x[i]);
                    markText.add(label("%s, epoch %d: loss %s (above the chart)", trace.name(), (int) x[i], Numbers.sig(y[i], 3)));
                    y[i] = clipAbove;
                }
            }
            PlotlyTrace copy = new PlotlyTrace("scatter");
            trace.attributes().forEach(copy::set);
            clipped.add(copy.set("y", y));
            if (!markX.isEmpty()) {
                anyAbove = true;
                Object color = ((Map<?, ?>) trace.attributes().get("line")).get("color");
                clipped.add(new PlotlyTrace("scatter")
                        .set("name", label("%s (off the chart)", trace.name()))
                        .set("legendgroup", trace.attributes().get("legendgroup"))
                        .set("showlegend", false)
                        .set("mode", "markers")
                        .set("x", markX.stream().mapToDouble(Double::doubleValue).toArray())
                        .set("y", markX.stream().mapToDouble(v -> clipAbove).toArray())
                        .set("text", markText)
                        .set("hoverinfo", "text")
                        .set("marker", Charts.attrs("color", color, "size", 12, "symbol", "triangle-up")));
            }
        }
        String note = anyAbove ? "<br><sub>" + label("▲ loss above %s, off the chart (hover for the value)", Numbers.sig(clipAbove, 3))
                + "</sub>" : "";
        Layout layout = Charts.layout(title + note, label("epoch"), yLabel).yAxis(Charts.axis(yLabel, logScale)).showLegend(true)
                .margin(Margin.builder().top(anyAbove ? 70 : 50).bottom(50).left(60).right(20).build())
                .build();
        // a fixed range: the lowest finite loss at the bottom, the clip line at the top
        double bottom = Double.POSITIVE_INFINITY;
        for (PlotlyTrace trace : clipped) {
            for (double v : (double[]) trace.attributes().get("y")) {
                if (Double.isFinite(v) && (!logScale || v > 0)) {
                    bottom = Math.min(bottom, v);
                }
            }
        }
        double[] range = logScale
                ? new double[] {Math.log10(bottom) - 0.1, Math.log10(clipAbove) + 0.1}
                : new double[] {Math.min(0, bottom), clipAbove * 1.05};
        Map<String, Object> extras = Charts.attrs("yaxis", Charts.attrs("range", range, "autorange", false));
        return new PlotlyFigure(layout, extras, clipped.toArray(new PlotlyTrace[0]));
    }

    /** A single run from its history: the quickest way to look at one training. */
    public static Figure of(String title, History history) {
        return new LossCurves(title).add(label("run"), history).figure();
    }

    /** A single run: the quickest way to look at one training. */
    public static Figure of(String title, double[] train, double[] validation) {
        return new LossCurves(title).add(label("run"), train, validation).figure();
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
