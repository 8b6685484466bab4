package org.paramlab.plot;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.Parameter;
import org.paramlab.summary.TextTable;

import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Margin;

/**
 * A matrix drawn as coloured cells, row 0 at the top like a printed matrix:
 * weight matrices (blue = negative, red = positive, white = zero, so sign and size show at a
 * glance), confusion matrices (counts written in the cells) and small images such as a digit.
 */
public final class HeatmapChart {

    /** Negative blue, zero white, positive red (explicit, since Plotly's named scales differ in direction). */
    private static final List<List<Object>> DIVERGING = List.of(
            List.of(0.0, "#2166ac"), List.of(0.5, "#f7f7f7"), List.of(1.0, "#b2182b"));
    /** Few = white, many = dark blue. */
    private static final List<List<Object>> WHITE_TO_BLUE = List.of(List.of(0.0, "#f7fbff"), List.of(1.0, "#08306b"));
    /** No ink = white, full ink = black. */
    private static final List<List<Object>> WHITE_TO_BLACK = List.of(List.of(0.0, "#ffffff"), List.of(1.0, "#000000"));

    private HeatmapChart() {
    }

    /** Any matrix on a red–blue scale centred at 0. */
    public static Figure of(String title, FMatrixRMaj matrix) {
        return of(title, toRows(matrix), label("column"), label("row"));
    }

    /**
     * A weight (or bias) matrix. With one example per row, Dense's W is inputs × outputs:
     * row i holds what input i contributes to each output unit.
     */
    public static Figure of(Parameter parameter) {
        String title = label("%s (%s, %d numbers)", parameter.name(), parameter.shape(), parameter.count());
        return of(title, toRows(parameter.value()), label("output unit (column)"), label("input (row)"));
    }

    /** Numbers on a red–blue scale centred at 0, with axis titles. {@code z[row][column]}. */
    public static Figure of(String title, double[][] z, String xLabel, String yLabel) {
        check(title, z);
        PlotlyTrace trace = new PlotlyTrace("heatmap")
                .set("z", z)
                .set("colorscale", DIVERGING)
                .set("zmid", 0) // zero sits in the white middle of the scale
                .set("hovertemplate", label("row %{y}, column %{x}: %{z}") + "<extra></extra>");
        return new PlotlyFigure(matrixLayout(title, xLabel, yLabel), trace);
    }

    /**
     * A confusion matrix: {@code counts[true class][predicted class]}. The diagonal holds the
     * correct answers; every other cell is one kind of mistake, its count written in the cell.
     */
    public static Figure confusionMatrix(String title, int[][] counts, List<String> classNames) {
        double[][] z = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != counts.length) {
                throw new IllegalArgumentException("confusion matrix must be square: row " + i + " has "
                        + counts[i].length + " cells, expected " + counts.length);
            }
            z[i] = new double[counts[i].length];
            for (int j = 0; j < counts[i].length; j++) {
                z[i][j] = counts[i][j];
            }
        }
        if (classNames.size() != counts.length) {
            throw new IllegalArgumentException("confusion matrix is " + counts.length + "x" + counts.length
                    + " but " + classNames.size() + " class names were given: " + classNames);
        }
        check(title, z);
        PlotlyTrace trace = new PlotlyTrace("heatmap")
                .set("z", z)
                .set("x", classNames)
                .set("y", classNames)
                .set("colorscale", WHITE_TO_BLUE)
                .set("texttemplate", "%{z}")
                .set("hovertemplate", label("true %{y}, predicted %{x}: %{z}") + "<extra></extra>");
        Layout layout = matrixLayout(title, label("predicted class"), label("true class"));
        // category axes: every class gets its own label (numeric-looking names such as "0".."9"
        // would otherwise be read as numbers and labelled only every second one)
        return new PlotlyFigure(layout, Charts.attrs(
                "xaxis", Charts.attrs("type", "category", "dtick", 1),
                "yaxis", Charts.attrs("type", "category", "dtick", 1)), trace);
    }

    /** Same as {@link #confusionMatrix(String, int[][], List)} from a float matrix of counts. */
    public static Figure confusionMatrix(String title, FMatrixRMaj counts, List<String> classNames) {
        int[][] cells = new int[counts.numRows][counts.numCols];
        for (int i = 0; i < counts.numRows; i++) {
            for (int j = 0; j < counts.numCols; j++) {
                cells[i][j] = Math.round(counts.get(i, j));
            }
        }
        return confusionMatrix(title, cells, classNames);
    }

    /**
     * A small grey-scale image from pixels stored row by row, e.g. one 8×8 digit
     * ({@code image("digit 3", pixels, 8, 8)}): dark = much ink.
     */
    public static Figure image(String title, float[] pixels, int rows, int cols) {
        if (pixels.length != rows * cols) {
            throw new IllegalArgumentException("image '" + title + "' of " + rows + "x" + cols + " needs "
                    + rows * cols + " pixels, got " + pixels.length);
        }
        PlotlyTrace trace = new PlotlyTrace("heatmap")
                .set("z", toRows(FMatrixRMaj.wrap(rows, cols, pixels)))   // pixels are stored row by row
                .set("colorscale", WHITE_TO_BLACK)
                .set("showscale", false);
        // a small square picture: long titles are wrapped instead of widening (and stretching) it
        String wrapped = wrap(title, 32);
        int titleLines = wrapped.split("<br>", -1).length;
        int top = 24 + 20 * titleLines;
        Layout layout = Layout.builder().title(wrapped).width(280).height(250 + top)
                .margin(Margin.builder().top(top).bottom(30).left(30).right(10).build())
                .xAxis(Axis.builder().title("").showGrid(false).build())
                .yAxis(Axis.builder().title("").showGrid(false).autoRange(Axis.AutoRange.REVERSED).build())
                .build();
        return new PlotlyFigure(layout, trace);
    }

    /**
     * Breaks text into lines of at most about {@code width} columns (Plotly's line break is {@code <br>}):
     * at spaces, and between two Chinese characters, which take two columns each (Chinese has no spaces).
     */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int lineWidth = 0;
        for (String word : text.split(" ")) {
            boolean firstPiece = true;
            for (String piece : pieces(word)) {
                int gap = lineWidth > 0 && firstPiece ? 1 : 0;   // the space before a word
                int w = TextTable.displayWidth(piece);
                if (lineWidth > 0 && lineWidth + gap + w > width) {
                    out.append("<br>");
                    lineWidth = 0;
                } else if (gap > 0) {
                    out.append(' ');
                    lineWidth++;
                }
                out.append(piece);
                lineWidth += w;
                firstPiece = false;
            }
        }
        return out.toString();
    }

    /** A word cut before and after each wide (Chinese) character: "权重W1" → "权", "重", "W1". */
    private static List<String> pieces(String word) {
        List<String> pieces = new ArrayList<>();
        StringBuilder narrow = new StringBuilder();
        word.codePoints().forEach(c -> {
            if (TextTable.displayWidth(Character.toString(c)) == 2) {
                if (narrow.length() > 0) {
                    pieces.add(narrow.toString());
                    narrow.setLength(0);
                }
                pieces.add(Character.toString(c));
            } else {
                narrow.appendCodePoint(c);
            }
        });
        if (narrow.length() > 0 || pieces.isEmpty()) {
            pieces.add(narrow.toString());
        }
        return pieces;
    }

    private static Layout matrixLayout(String title, String xLabel, String yLabel) {
        return Charts.layout(title, xLabel, yLabel)
                .yAxis(Axis.builder().title(yLabel).autoRange(Axis.AutoRange.REVERSED).build())
                .build();
    }

    private static void check(String title, double[][] z) {
        if (z.length == 0 || z[0].length == 0) {
            throw new IllegalArgumentException("heatmap '" + title + "' has no cells");
        }
        for (int i = 1; i < z.length; i++) {
            if (z[i].length != z[0].length) {
                throw new IllegalArgumentException("heatmap '" + title + "': row " + i + " has " + z[i].length
                        + " cells but row 0 has " + z[0].length);
            }
        }
    }

    static double[][] toRows(FMatrixRMaj m) {
        double[][] rows = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                rows[i][j] = m.get(i, j);
            }
        }
        return rows;
    }
}
