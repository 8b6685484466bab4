package org.paramlab.plot;

import java.util.ArrayList;
import java.util.List;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;

/**
 * Lines (with markers) of y against x, for curves that are not per-epoch losses:
 * accuracy against parameter count, accuracy against sparsity, error against bits.
 *
 * <pre>{@code
 * Figure f = new LineChart("Bigger is not always better", "parameters", "accuracy")
 *         .line("train", params, trainAcc)
 *         .line("test", params, testAcc)
 *         .logX()
 *         .figure();
 * }</pre>
 */
public final class LineChart {

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<PlotlyTrace> traces = new ArrayList<>();
    private boolean logX;
    private boolean logY;

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart line(String name, double[] x, double[] y) {
        return add(name, x, y, "lines+markers");
    }

    public LineChart line(String name, float[] x, float[] y) {
        return line(name, Charts.toDouble(x), Charts.toDouble(y));
    }

    /** Points without connecting lines. */
    public LineChart points(String name, double[] x, double[] y) {
        return add(name, x, y, "markers");
    }

    public LineChart logX() {
        this.logX = true;
        return this;
    }

    public LineChart logY() {
        this.logY = true;
        return this;
    }

    public Figure figure() {
        if (traces.isEmpty()) {
            throw new IllegalStateException("LineChart '" + title + "' has no lines: call line(name, x, y) first");
        }
        Layout layout = Charts.layout(title, xLabel, yLabel)
                .xAxis(Charts.axis(xLabel, logX))
                .yAxis(Charts.axis(yLabel, logY))
                .showLegend(traces.size() > 1)
                .build();
        return new PlotlyFigure(layout, traces.toArray(new PlotlyTrace[0]));
    }

    private LineChart add(String name, double[] x, double[] y, String mode) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("LineChart '" + title + "' line '" + name + "': " + x.length
                    + " x values but " + y.length + " y values");
        }
        Charts.requireNonEmpty("LineChart '" + title + "' line '" + name + "'", x.length);
        traces.add(new PlotlyTrace("scatter")
                .set("name", name)
                .set("mode", mode)
                .set("x", x.clone())
                .set("y", y.clone())
                .set("line", Charts.attrs("color", Charts.color(traces.size()), "width", 2))
                .set("marker", Charts.attrs("color", Charts.color(traces.size()), "size", 7)));
        return this;
    }
}
