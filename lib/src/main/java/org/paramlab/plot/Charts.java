package org.paramlab.plot;

import java.util.LinkedHashMap;
import java.util.Map;

import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Margin;

/** Shared bits of every chart: the colour cycle, the standard layout, number conversions. */
final class Charts {

    /** Plotly's default colour cycle, so runs and classes get the colours people expect. */
    static final String[] COLORS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
    };

    static final int WIDTH = 760;
    static final int HEIGHT = 420;

    private Charts() {
    }

    static String color(int index) {
        return COLORS[Math.floorMod(index, COLORS.length)];
    }

    static Axis axis(String title) {
        return axis(title, false);
    }

    /** An axis with a title, logarithmic when {@code log} (for values spanning orders of magnitude). */
    static Axis axis(String title, boolean log) {
        Axis.AxisBuilder axis = Axis.builder().title(title == null ? "" : title);
        if (log) {
            axis.type(Axis.Type.LOG);
        }
        return axis.build();
    }

    static Layout.LayoutBuilder layout(String title, String xLabel, String yLabel) {
        return Layout.builder()
                .title(title == null ? "" : title)
                .width(WIDTH)
                .height(HEIGHT)
                .margin(Margin.builder().top(50).bottom(50).left(60).right(20).build())
                .xAxis(axis(xLabel))
                .yAxis(axis(yLabel));
    }

    /** Plotly attributes in a fixed order ({@code Map.of} would change order from run to run). */
    static Map<String, Object> attrs(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** 1, 2, ..., n: epochs are counted from 1. */
    static double[] oneToN(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i + 1;
        }
        return out;
    }

    static void requireNonEmpty(String what, int length) {
        if (length == 0) {
            throw new IllegalArgumentException(what + " is empty: nothing to plot");
        }
    }
}
