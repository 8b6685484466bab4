package org.paramlab.plot;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.data.OneHot;
import org.paramlab.layers.Layer;
import org.paramlab.metrics.Metrics;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;

/**
 * Points with two features, coloured by their true class, on top of the classes a model
 * predicts everywhere in the plane: you see the model's decision boundary and which points
 * fall on the wrong side of it.
 *
 * <pre>{@code
 * Figure f = new DecisionRegions("What the network learned")
 *         .points(x, labels, "rain", "sun")        // x: n x 2, labels 0..k-1
 *         .model(model)                          // a Layer, or any FMatrixRMaj -> FMatrixRMaj
 *         .axes("temp_max (°C)", "precipitation (mm)")
 *         .resolution(120)
 *         .figure();
 * }</pre>
 *
 * <p>If the model was trained on standardized features, keep the points in their real units
 * (°C, mm) for readable axes and standardize inside the model function:
 * {@code .model(x -> model.predict(standardizer.transform(x)))}.
 *
 * <p>The model receives a (resolution² × 2) matrix of grid points, one per row, and returns
 * one row per point: with k ≥ 2 columns the predicted class is the column with the largest
 * score (argmax); with 1 column it is class 1 when the output is above {@link #threshold(float)}
 * (0.5 for a sigmoid probability, use 0 for a raw logit).
 */
public final class DecisionRegions {

    /**
     * The predicted class at each grid point: {@code classes[j][i]} belongs to the point
     * ({@code xs[i]}, {@code ys[j]}) — rows run along y, as Plotly's heatmap expects.
     */
    public record Grid(float[] xs, float[] ys, int[][] classes) { }

    private final String title;
    private FMatrixRMaj points;
    private int[] labels;
    private List<String> classNames = List.of();
    private Function<FMatrixRMaj, FMatrixRMaj> model;
    private int resolution = 100;
    private float threshold = 0.5f;
    private String xLabel = label("feature 1");
    private String yLabel = label("feature 2");

    public DecisionRegions(String title) {
        this.title = title;
    }

    /** The data: {@code x} has one point per row and two columns; {@code labels[i]} is its class 0..k-1. */
    public DecisionRegions points(FMatrixRMaj x, int[] labels, String... classNames) {
        if (x.numCols != 2) {
            throw new IllegalArgumentException("DecisionRegions '" + title + "' needs points with 2 features (n x 2), got "
                    + x.numRows + "x" + x.numCols);
        }
        if (labels.length != x.numRows) {
            throw new IllegalArgumentException("DecisionRegions '" + title + "': " + x.numRows + " points but "
                    + labels.length + " labels");
        }
        Charts.requireNonEmpty("DecisionRegions '" + title + "' points", x.numRows);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label of point " + i + " is " + labels[i] + "; classes are 0, 1, 2, ...");
            }
        }
        this.points = x;
        this.labels = labels.clone();
        this.classNames = List.of(classNames);
        return this;
    }

    /** The model as a function from a batch of points (n x 2) to scores (n x k, or n x 1). */
    public DecisionRegions model(Function<FMatrixRMaj, FMatrixRMaj> model) {
        this.model = model;
        return this;
    }

    /** A layer or whole network; it is run in evaluation mode (no dropout) and its mode restored after. */
    public DecisionRegions model(Layer layer) {
        return model(x -> Metrics.predict(layer, x));
    }

    /** Grid points per axis (default 100, i.e. 10,000 predictions). */
    public DecisionRegions resolution(int pointsPerAxis) {
        if (pointsPerAxis < 2) {
            throw new IllegalArgumentException("resolution must be at least 2 points per axis, got " + pointsPerAxis);
        }
        this.resolution = pointsPerAxis;
        return this;
    }

    /** For a model with one output column: class 1 where output > threshold (default 0.5). */
    public DecisionRegions threshold(float threshold) {
        this.threshold = threshold;
        return this;
    }

    public DecisionRegions axes(String xLabel, String yLabel) {
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        return this;
    }

    /** Evaluates the model on a resolution × resolution grid covering the points plus a 5% margin. */
    public Grid grid() {
        requireReady();
        float[] xs = axis(0);
        float[] ys = axis(1);
        FMatrixRMaj grid = new FMatrixRMaj(resolution * resolution, 2);
        for (int j = 0; j < resolution; j++) {
            for (int i = 0; i < resolution; i++) {
                int row = j * resolution + i;
                grid.set(row, 0, xs[i]);
                grid.set(row, 1, ys[j]);
            }
        }
        FMatrixRMaj scores = model.apply(grid);
        if (scores == null || scores.numRows != grid.numRows) {
            throw new IllegalStateException("DecisionRegions '" + title + "': the model was given " + grid.numRows
                    + "x2 grid points and returned " + (scores == null ? "null" : scores.numRows + "x" + scores.numCols)
                    + "; it must return one row per point");
        }
        int[][] classes = new int[resolution][resolution];
        for (int j = 0; j < resolution; j++) {
            for (int i = 0; i < resolution; i++) {
                classes[j][i] = predictedClass(scores, j * resolution + i);
            }
        }
        return new Grid(xs, ys, classes);
    }

    public Figure figure() {
        Grid grid = grid();
        int k = numberOfClasses(grid);
        List<PlotlyTrace> traces = new ArrayList<>();
        traces.add(new PlotlyTrace("heatmap")
                .set("name", label("predicted class"))
                .set("x", grid.xs())
                .set("y", grid.ys())
                .set("z", grid.classes())
                .set("zmin", -0.5)
                .set("zmax", k - 0.5)
                .set("colorscale", stepColors(k)) // class c gets colour c, the same as its points
                .set("opacity", 0.35)
                .set("showscale", false)
                .set("hoverinfo", "skip"));
        for (int c = 0; c < k; c++) {
            List<Float> px = new ArrayList<>();
            List<Float> py = new ArrayList<>();
            for (int n = 0; n < labels.length; n++) {
                if (labels[n] == c) {
                    px.add(points.get(n, 0));
                    py.add(points.get(n, 1));
                }
            }
            traces.add(new PlotlyTrace("scatter")
                    .set("name", className(c))
                    .set("mode", "markers")
                    .set("x", px)
                    .set("y", py)
                    .set("marker", Charts.attrs("color", Charts.color(c), "size", 6,
                            "line", Charts.attrs("color", "white", "width", 0.5))));
        }
        Layout layout = Charts.layout(title, xLabel, yLabel).showLegend(true).build();
        return new PlotlyFigure(layout, traces.toArray(new PlotlyTrace[0]));
    }

    private int predictedClass(FMatrixRMaj scores, int row) {
        if (scores.numCols == 1) {
            return scores.get(row, 0) > threshold ? 1 : 0;
        }
        return OneHot.argmaxOfRow(scores, row);          // the class with the largest score
    }

    private float[] axis(int column) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int n = 0; n < points.numRows; n++) {
            min = Math.min(min, points.get(n, column));
            max = Math.max(max, points.get(n, column));
        }
        double margin = max > min ? 0.05 * (max - min) : 0.5;
        double lo = min - margin;
        double step = (max + margin - lo) / (resolution - 1);
        float[] values = new float[resolution];
        for (int i = 0; i < resolution; i++) {
            values[i] = (float) (lo + i * step);
        }
        return values;
    }

    private int numberOfClasses(Grid grid) {
        int k = Math.max(2, classNames.size());
        k = Math.max(k, Arrays.stream(labels).max().orElse(0) + 1);
        for (int[] row : grid.classes()) {
            k = Math.max(k, Arrays.stream(row).max().orElse(0) + 1);
        }
        return k;
    }

    private String className(int c) {
        return c < classNames.size() ? classNames.get(c) : label("class %d", c);
    }

    /** A colour scale with one flat band per class over z = -0.5 .. k-0.5. */
    private static List<List<Object>> stepColors(int k) {
        List<List<Object>> scale = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            scale.add(List.of((double) c / k, Charts.color(c)));
            scale.add(List.of((double) (c + 1) / k, Charts.color(c)));
        }
        return scale;
    }

    private void requireReady() {
        if (points == null) {
            throw new IllegalStateException("DecisionRegions '" + title + "': call points(x, labels) first");
        }
        if (model == null) {
            throw new IllegalStateException("DecisionRegions '" + title + "': call model(...) first");
        }
        for (int n = 0; n < points.numRows; n++) {
            if (!Float.isFinite(points.get(n, 0)) || !Float.isFinite(points.get(n, 1))) {
                throw new IllegalArgumentException("DecisionRegions '" + title + "': point " + n + " is ("
                        + points.get(n, 0) + ", " + points.get(n, 1) + "); all coordinates must be finite");
            }
        }
    }
}
