package org.paramlab.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Margin;

/**
 * A chart with a slider under it: every position of the slider shows its own precomputed
 * lines (or histograms), so a learner can drag a setting — a weight, a spread, a learning rate —
 * and watch the picture change. Nothing is computed in the browser: all steps are in the figure
 * (Plotly's {@code layout.sliders} switching trace visibility), so the notebook stays deterministic
 * and the figure works offline.
 *
 * <pre>{@code
 * var chart = new SliderChart("p(picnic) vs chance of rain", "chance of rain", "p(picnic)", "rain weight")
 *         .yRange(0, 1)
 *         .fixed("threshold 0.6", new double[] {0, 1}, new double[] {0.6, 0.6});
 * for (double rw : new double[] {-0.6, -1.2, -2.4})
 *     chart.step(String.valueOf(rw)).line("p(picnic)", rain, p(rw, rain));
 * chart.active(0).figure()
 * }</pre>
 */
public final class SliderChart {

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final String sliderLabel;
    private final List<PlotlyTrace> fixed = new ArrayList<>();
    private final List<String> stepLabels = new ArrayList<>();
    private final List<List<PlotlyTrace>> steps = new ArrayList<>();
    private int active;
    private boolean logX;
    private boolean logY;
    private double[] xRange;
    private double[] yRange;

    /** {@code sliderLabel} names the setting the slider moves, e.g. "learning rate". */
    public SliderChart(String title, String xLabel, String yLabel, String sliderLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.sliderLabel = sliderLabel;
    }

    /** A line shown at every position of the slider (a threshold, a reference). */
    public SliderChart fixed(String name, double[] x, double[] y) {
        fixed.add(scatter(name, x, y, "lines", Charts.color(7)).set("line", Charts.attrs("color", "#7f7f7f", "width", 2, "dash", "dot")));
        return this;
    }

    /** Starts the next position of the slider; the lines added after it belong to it. */
    public SliderChart step(String label) {
        stepLabels.add(label);
        steps.add(new ArrayList<>());
        return this;
    }

    /** A line (with markers) of the current step. */
    public SliderChart line(String name, double[] x, double[] y) {
        current("line '" + name + "'").add(scatter(name, x, y, "lines+markers", Charts.color(current("").size())));
        return this;
    }

    /** A histogram of the current step's values (bins of equal width, {@code bins} of them over the x range). */
    public SliderChart histogram(String name, double[] values, double start, double end, int bins) {
        Charts.requireNonEmpty("SliderChart '" + title + "' histogram '" + name + "'", values.length);
        current("histogram '" + name + "'").add(new PlotlyTrace("histogram")
                .set("name", name)
                .set("x", values.clone())
                .set("xbins", Charts.attrs("start", start, "end", end, "size", (end - start) / bins))
                .set("marker", Charts.attrs("color", Charts.color(current("").size()))));
        return this;
    }

    /** The step shown first (0 = the first step). */
    public SliderChart active(int index) {
        this.active = index;
        return this;
    }

    public SliderChart logX() {
        this.logX = true;
        return this;
    }

    public SliderChart logY() {
        this.logY = true;
        return this;
    }

    /** A fixed x range, so the axis does not jump as the slider moves (data units, also for a log axis). */
    public SliderChart xRange(double from, double to) {
        this.xRange = new double[] {from, to};
        return this;
    }

    /** A fixed y range (data units, also for a log axis). */
    public SliderChart yRange(double from, double to) {
        this.yRange = new double[] {from, to};
        return this;
    }

    /** How many positions the slider has. */
    public int steps() {
        return steps.size();
    }

    public Figure figure() {
        if (steps.isEmpty()) {
            throw new IllegalStateException("SliderChart '" + title + "' has no steps: call step(label) and line(...) first");
        }
        if (active < 0 || active >= steps.size()) {
            throw new IllegalStateException("SliderChart '" + title + "': active step " + active + " but there are "
                    + steps.size() + " steps");
        }
        List<PlotlyTrace> traces = new ArrayList<>(fixed);
        List<int[]> ranges = new ArrayList<>();   // [first, end) of each step's traces
        for (List<PlotlyTrace> step : steps) {
            if (step.isEmpty()) {
                throw new IllegalStateException("SliderChart '" + title + "': step '" + stepLabels.get(ranges.size())
                        + "' has no lines");
            }
            ranges.add(new int[] {traces.size(), traces.size() + step.size()});
            traces.addAll(step);
        }
        List<Object> sliderSteps = new ArrayList<>();
        for (int s = 0; s < steps.size(); s++) {
            boolean[] visible = new boolean[traces.size()];
            for (int t = 0; t < traces.size(); t++) {
                visible[t] = t < fixed.size() || (t >= ranges.get(s)[0] && t < ranges.get(s)[1]);
            }
            if (s == active) {
                for (int t = 0; t < traces.size(); t++) {
                    traces.get(t).set("visible", visible[t]);
                }
            }
            sliderSteps.add(Charts.attrs("label", stepLabels.get(s), "method", "restyle",
                    "args", List.of(Charts.attrs("visible", visible))));
        }
        Layout layout = Charts.layout(title, xLabel, yLabel)
                .height(Charts.HEIGHT + 90)
                .margin(Margin.builder().top(50).bottom(130).left(60).right(20).build())
                .xAxis(Charts.axis(xLabel, logX))
                .yAxis(Charts.axis(yLabel, logY))
                .showLegend(true)
                .build();
        Map<String, Object> extras = Charts.attrs("sliders", List.of(Charts.attrs(
                "active", active,
                "currentvalue", Charts.attrs("prefix", sliderLabel + " = ", "font", Charts.attrs("size", 14)),
                "pad", Charts.attrs("t", 60),
                "steps", sliderSteps)));
        extras.put("xaxis", axisExtras(xRange, logX));
        extras.put("yaxis", axisExtras(yRange, logY));
        return new PlotlyFigure(layout, extras, traces.toArray(new PlotlyTrace[0]));
    }

    /** A fixed range if one was given; powers of ten written as 10⁻⁶, not Plotly's SI "1µ", on a log axis. */
    private static Map<String, Object> axisExtras(double[] range, boolean log) {
        Map<String, Object> axis = Charts.attrs();
        if (range != null) {
            axis.put("range", range(range, log));
            axis.put("autorange", false);
        }
        if (log) {
            axis.put("exponentformat", "power");
        }
        return axis;
    }

    /** Plotly's range of a log axis is in powers of ten. */
    private static double[] range(double[] r, boolean log) {
        return log ? new double[] {Math.log10(r[0]), Math.log10(r[1])} : r.clone();
    }

    private List<PlotlyTrace> current(String what) {
        if (steps.isEmpty()) {
            throw new IllegalStateException("SliderChart '" + title + "': call step(label) before adding " + what);
        }
        return steps.get(steps.size() - 1);
    }

    private PlotlyTrace scatter(String name, double[] x, double[] y, String mode, String color) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("SliderChart '" + title + "' line '" + name + "': " + x.length
                    + " x values but " + y.length + " y values");
        }
        Charts.requireNonEmpty("SliderChart '" + title + "' line '" + name + "'", x.length);
        return new PlotlyTrace("scatter")
                .set("name", name)
                .set("mode", mode)
                .set("x", x.clone())
                .set("y", y.clone())
                .set("line", Charts.attrs("color", color, "width", 2))
                .set("marker", Charts.attrs("color", color, "size", 6));
    }
}
