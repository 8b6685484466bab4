package org.paramlab.plot;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.Parameter;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;

/**
 * How many values fall into each interval (bin): e.g. the weights of a layer after
 * initialisation, after training, or the error that quantization adds.
 *
 * <p>The bins are counted here in Java and drawn as bars, so a figure of a million weights
 * stays small. Several series share the same bins and are drawn see-through on top of each
 * other. Values that are NaN or infinite cannot be binned: they are left out and the title
 * says how many.
 *
 * <pre>{@code
 * Figure f = HistogramChart.of(dense.weights());                 // one parameter
 * Figure g = new HistogramChart("Weights before and after training")
 *         .add("before", before).add("after", dense.weights()).bins(50).figure();
 * }</pre>
 */
public final class HistogramChart {

    /** Bin edges (bins + 1 of them) and the count in each bin. */
    public record Bins(double[] edges, long[] counts) {
        public int size() {
            return counts.length;
        }

        public double width() {
            return edges[1] - edges[0];
        }

        /** The middle of bin {@code i}: where its bar is drawn. */
        public double center(int i) {
            return (edges[i] + edges[i + 1]) / 2;
        }
    }

    private record Series(String name, double[] values) { }

    private final String title;
    private String xLabel = label("value");
    private int bins = 40;
    private final List<Series> series = new ArrayList<>();

    public HistogramChart(String title) {
        this.title = title;
    }

    public HistogramChart add(String name, double[] values) {
        if (values == null) {
            throw new IllegalArgumentException("histogram series '" + name + "' is null");
        }
        series.add(new Series(name, values.clone()));
        return this;
    }

    public HistogramChart add(String name, float[] values) {
        return add(name, values == null ? null : Charts.toDouble(values));
    }

    /** All numbers of a matrix (row by row). */
    public HistogramChart add(String name, FMatrixRMaj matrix) {
        float[] values = new float[matrix.getNumElements()];
        System.arraycopy(matrix.data, 0, values, 0, values.length);
        return add(name, values);
    }

    /** The current values of a parameter, named after it. */
    public HistogramChart add(Parameter parameter) {
        return add(parameter.name() + " (" + parameter.shape() + ")", parameter.value());
    }

    /** Number of bins (default 40). */
    public HistogramChart bins(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("a histogram needs at least 1 bin, got " + bins);
        }
        this.bins = bins;
        return this;
    }

    public HistogramChart xLabel(String label) {
        this.xLabel = label;
        return this;
    }

    public Figure figure() {
        if (series.isEmpty()) {
            throw new IllegalStateException("Histogram '" + title + "' has no data: call add(name, values) first");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long skipped = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                } else {
                    skipped++;
                }
            }
        }
        if (min > max) {
            throw new IllegalArgumentException("Histogram '" + title + "': no finite values to count (" + skipped
                    + " NaN or infinite)");
        }
        List<PlotlyTrace> traces = new ArrayList<>();
        boolean overlay = series.size() > 1;
        for (int s = 0; s < series.size(); s++) {
            Bins counted = count(series.get(s).values(), bins, min, max);
            double[] centers = new double[counted.size()];
            for (int i = 0; i < centers.length; i++) {
                centers[i] = counted.center(i);
            }
            traces.add(new PlotlyTrace("bar")
                    .set("name", series.get(s).name())
                    .set("x", centers)
                    .set("y", counted.counts())
                    .set("width", counted.width())
                    .set("opacity", overlay ? 0.55 : 0.9)
                    .set("marker", Charts.attrs("color", Charts.color(s))));
        }
        String fullTitle = skipped == 0 ? title : label("%s (%d NaN/infinite values left out)", title, skipped);
        Layout layout = Charts.layout(fullTitle, xLabel, label("count"))
                .barMode(Layout.BarMode.OVERLAY)
                .showLegend(overlay)
                .build();
        return new PlotlyFigure(layout, traces.toArray(new PlotlyTrace[0]));
    }

    /** The weights (or biases) of one parameter. */
    public static Figure of(Parameter parameter) {
        String role = label(parameter.role() == Parameter.Role.WEIGHT ? "weights" : "biases");
        return new HistogramChart(label("Histogram of %s %s (%d numbers)", parameter.name(), role, parameter.count()))
                .add(parameter).figure();
    }

    public static Figure of(String title, float[] values) {
        return new HistogramChart(title).add(label("values"), values).figure();
    }

    public static Figure of(String title, double[] values) {
        return new HistogramChart(title).add(label("values"), values).figure();
    }

    /**
     * Counts the finite values in {@code bins} equal bins from {@code min} to {@code max};
     * bin i holds {@code edges[i] <= v < edges[i+1]}, the last bin also holds {@code max}.
     * If all values are equal the range is widened to value ± 0.5 so the bar is visible.
     */
    public static Bins count(double[] values, int bins, double min, double max) {
        if (bins < 1) {
            throw new IllegalArgumentException("a histogram needs at least 1 bin, got " + bins);
        }
        if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("histogram range must be finite with min <= max, got [" + min + ", " + max + "]");
        }
        if (min == max) {
            min -= 0.5;
            max += 0.5;
        }
        double width = (max - min) / bins;
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = min + i * width;
        }
        long[] counts = new long[bins];
        for (double v : values) {
            if (!Double.isFinite(v) || v < min || v > max) {
                continue;
            }
            int bin = (int) ((v - min) / width); // which equal-width interval v falls in
            counts[Math.min(bin, bins - 1)]++;
        }
        return new Bins(edges, counts);
    }
}
