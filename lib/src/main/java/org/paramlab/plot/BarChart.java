package org.paramlab.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.paramlab.core.Language;
import org.paramlab.core.Parameter;
import org.paramlab.core.Precision;
import org.paramlab.layers.Layer;
import org.paramlab.layers.Sequential;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;

/**
 * Bars for named quantities: parameters per layer, bytes per precision, accuracy per model.
 * Several series side by side share the same categories.
 *
 * <pre>{@code
 * Figure f = new BarChart("Accuracy", "model", "accuracy")
 *         .categories("original", "pruned", "int8")
 *         .series("train", 0.99, 0.97, 0.98)
 *         .series("test", 0.95, 0.94, 0.95)
 *         .figure();
 * }</pre>
 */
public final class BarChart {

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private List<String> categories;
    private final List<PlotlyTrace> traces = new ArrayList<>();
    private boolean logScale;

    public BarChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** The names under the bars, in order. */
    public BarChart categories(String... names) {
        return categories(List.of(names));
    }

    public BarChart categories(List<String> names) {
        if (!traces.isEmpty()) {
            throw new IllegalStateException("BarChart '" + title + "': set categories before adding series");
        }
        Charts.requireNonEmpty("BarChart '" + title + "' categories", names.size());
        this.categories = List.copyOf(names);
        return this;
    }

    /** One value per category; each bar is labelled with its value. */
    public BarChart series(String name, double... values) {
        if (categories == null) {
            throw new IllegalStateException("BarChart '" + title + "': call categories(...) before series(...)");
        }
        if (values.length != categories.size()) {
            throw new IllegalArgumentException("BarChart '" + title + "' series '" + name + "' has " + values.length
                    + " values for " + categories.size() + " categories " + categories);
        }
        traces.add(new PlotlyTrace("bar")
                .set("name", name)
                .set("x", wrapped(categories))
                .set("y", values.clone())
                .set("text", formatted(values))
                .set("textposition", "auto")
                .set("marker", Charts.attrs("color", Charts.color(traces.size()))));
        return this;
    }

    /** A logarithmic value axis, for quantities that differ by orders of magnitude. */
    public BarChart logScale() {
        this.logScale = true;
        return this;
    }

    public Figure figure() {
        if (traces.isEmpty()) {
            throw new IllegalStateException("BarChart '" + title + "' has no series: call series(name, values...) first");
        }
        Layout layout = Charts.layout(title, xLabel, yLabel)
                .yAxis(Charts.axis(yLabel, logScale))
                .barMode(Layout.BarMode.GROUP)
                .showLegend(traces.size() > 1)
                .build();
        // labels stay horizontal (long ones are wrapped onto lines, see wrapped) and the margin grows
        // to fit them, so neither the labels nor the axis title below them are cut off
        return new PlotlyFigure(layout, Charts.attrs(
                "xaxis", Charts.attrs("tickangle", 0, "automargin", true, "type", "category"),
                "yaxis", Charts.attrs("automargin", true)),
                traces.toArray(new PlotlyTrace[0]));
    }

    /** Category names longer than a bar group is wide, broken onto lines ({@code <br>}) at spaces. */
    static List<String> wrapped(List<String> names) {
        int width = Math.max(8, 90 / names.size());   // about 90 characters fit across the chart
        List<String> out = new ArrayList<>();
        for (String name : names) {
            out.add(HeatmapChart.wrap(name, width));
        }
        return out;
    }

    /** The quickest bar chart: one value per name. */
    public static Figure of(String title, String xLabel, String yLabel, List<String> names, double... values) {
        return new BarChart(title, xLabel, yLabel).categories(names).series(yLabel, values).figure();
    }

    /** How many learned numbers each layer holds (activations hold none). */
    public static Figure parameterCounts(String title, List<? extends Layer> layers) {
        List<String> names = new ArrayList<>();
        double[] counts = new double[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            names.add(layer.name());
            for (Parameter p : layer.parameters()) {
                counts[i] += p.count();
            }
        }
        return of(title, Language.label("layer"), Language.label("parameters"), names, counts);
    }

    /** Parameters per layer of a network (its direct layers, in order). */
    public static Figure parameterCounts(String title, Sequential model) {
        return parameterCounts(title, model.layers());
    }

    /** Bytes needed to store {@code parameters} numbers at FP32, FP16, INT8 and INT4. */
    public static Figure bytesPerPrecision(String title, long parameters) {
        List<String> names = new ArrayList<>();
        double[] bytes = new double[Precision.values().length];
        for (Precision p : Precision.values()) {
            bytes[names.size()] = p.bytes(parameters);
            names.add(Language.label("%s (%d bits)", p.name(), p.bits()));
        }
        return of(title, Language.label("precision"), Language.label("bytes"), names, bytes);
    }

    /** The labels on the bars: see {@link #label(double)}. */
    private static String[] formatted(double[] values) {
        String[] text = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            text[i] = label(values[i]);
        }
        return text;
    }

    /**
     * A bar's value as a reader wants it: whole numbers with thousands separators ("2,684,000"),
     * others with at most 4 significant digits and no trailing zeros ("0.7", "0.037", "12.35"),
     * tiny or huge ones in scientific notation ("1.5e-07").
     */
    static String label(double v) {
        double magnitude = Math.abs(v);
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && magnitude < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (magnitude >= 1e-4 && magnitude < 1e15) {
            return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        // mantissa with up to 4 significant digits, trailing zeros dropped: 1.500e-07 -> 1.5e-07
        return String.format(Locale.ROOT, "%.3e", v).replaceFirst("\\.?0+e", "e");
    }
}
