package org.paramlab.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.paramlab.core.Language;

import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Margin;

/**
 * A picture of a computation (计算图): boxes for the values, blue arrows for the forward pass
 * labelled with the values that flow, red arrows back along the same edges labelled with the
 * gradients — backpropagation drawn as the chain rule walking the graph in reverse.
 *
 * <pre>{@code
 * new ComputationGraph("ŷ = w·x + b, L = (ŷ − y)²")
 *         .node("w", 0, 1, "w = 0.5").node("x", 0, 0, "x = 5").node("mul", 1, 0.5, "w·x")
 *         .edge("w", "mul", "0.5", "∂L/∂w = −103")
 *         .edge("x", "mul", "5", "")
 *         .figure()
 * }</pre>
 * Node positions are in grid units (x to the right, y up); the figure scales them to fit.
 */
public final class ComputationGraph {

    private record Node(String id, double x, double y, String label) { }

    private record Edge(String from, String to, String forward, String backward) { }

    private final String title;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    public ComputationGraph(String title) {
        this.title = title;
    }

    /** A value or an operation, drawn as a labelled box at (x, y). */
    public ComputationGraph node(String id, double x, double y, String label) {
        if (nodes.containsKey(id)) {
            throw new IllegalArgumentException("ComputationGraph '" + title + "': node '" + id + "' exists already");
        }
        nodes.put(id, new Node(id, x, y, label));
        return this;
    }

    /**
     * An edge from one node to another: {@code forward} is written above the blue forward arrow,
     * {@code backward} (a gradient, or empty) below the red arrow pointing back.
     */
    public ComputationGraph edge(String from, String to, String forward, String backward) {
        for (String id : new String[] {from, to}) {
            if (!nodes.containsKey(id)) {
                throw new IllegalArgumentException("ComputationGraph '" + title + "': edge " + from + " -> " + to
                        + " names node '" + id + "', which does not exist; nodes are " + nodes.keySet());
            }
        }
        edges.add(new Edge(from, to, forward, backward));
        return this;
    }

    public Figure figure() {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("ComputationGraph '" + title + "' has no nodes: call node(...) first");
        }
        List<Object> annotations = new ArrayList<>();
        for (Edge e : edges) {
            Node a = nodes.get(e.from());
            Node b = nodes.get(e.to());
            double dx = b.x() - a.x();
            double dy = b.y() - a.y();
            double length = Math.hypot(dx, dy);
            // stop short of the boxes, and draw the way back slightly below the way forward
            double trim = Math.min(0.28, length / 3) / length;
            double nx = -dy / length * 0.07;
            double ny = dx / length * 0.07;
            double x0 = a.x() + dx * trim;
            double y0 = a.y() + dy * trim;
            double x1 = b.x() - dx * trim;
            double y1 = b.y() - dy * trim;
            annotations.add(arrow(x0 + nx, y0 + ny, x1 + nx, y1 + ny, FORWARD));
            annotations.add(label((x0 + x1) / 2 + 3 * nx, (y0 + y1) / 2 + 3 * ny, e.forward(), FORWARD));
            if (!e.backward().isEmpty()) {
                annotations.add(arrow(x1 - nx, y1 - ny, x0 - nx, y0 - ny, BACKWARD));
                annotations.add(label((x0 + x1) / 2 - 3.5 * nx, (y0 + y1) / 2 - 3.5 * ny, e.backward(), BACKWARD));
            }
        }
        double[] xs = nodes.values().stream().mapToDouble(Node::x).toArray();
        double[] ys = nodes.values().stream().mapToDouble(Node::y).toArray();
        PlotlyTrace boxes = new PlotlyTrace("scatter")
                .set("mode", "markers+text")
                .set("x", xs)
                .set("y", ys)
                .set("text", nodes.values().stream().map(Node::label).toList())
                .set("textposition", "middle center")
                .set("hoverinfo", "text")
                .set("showlegend", false)
                .set("marker", Charts.attrs("symbol", "square", "size", 58, "color", "#f7f7f7",
                        "line", Charts.attrs("color", "#555555", "width", 1.5)));
        Layout layout = Layout.builder()
                .title(title + "<br><sub><span style='color:" + FORWARD + "'>" + Language.label("→ forward: values") + "</span>   "
                        + "<span style='color:" + BACKWARD + "'>" + Language.label("← backward: gradients ∂L/∂·") + "</span></sub>")
                .width(Charts.WIDTH)
                .height(Charts.HEIGHT)
                .margin(Margin.builder().top(70).bottom(20).left(20).right(20).build())
                .xAxis(Axis.builder().visible(false).build())
                .yAxis(Axis.builder().visible(false).build())
                .showLegend(false)
                .build();
        double pad = 0.5;
        return new PlotlyFigure(layout, Charts.attrs(
                "annotations", annotations,
                "xaxis", Charts.attrs("range", new double[] {min(xs) - pad, max(xs) + pad}, "zeroline", false, "showgrid", false),
                "yaxis", Charts.attrs("range", new double[] {min(ys) - pad, max(ys) + pad}, "zeroline", false, "showgrid", false)),
                boxes);
    }

    private static final String FORWARD = "#1f77b4";
    private static final String BACKWARD = "#d62728";

    private static Map<String, Object> arrow(double fromX, double fromY, double toX, double toY, String color) {
        return Charts.attrs("x", toX, "y", toY, "ax", fromX, "ay", fromY, "xref", "x", "yref", "y",
                "axref", "x", "ayref", "y", "text", "", "showarrow", true, "arrowhead", 3, "arrowsize", 1.2,
                "arrowwidth", 2, "arrowcolor", color);
    }

    private static Map<String, Object> label(double x, double y, String text, String color) {
        return Charts.attrs("x", x, "y", y, "xref", "x", "yref", "y", "text", text, "showarrow", false,
                "font", Charts.attrs("color", color, "size", 13));
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }
}
