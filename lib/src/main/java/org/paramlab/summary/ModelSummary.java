package org.paramlab.summary;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.paramlab.core.Parameter;
import org.paramlab.core.Precision;
import org.paramlab.layers.Layer;
import org.paramlab.layers.Sequential;
import org.paramlab.layers.Sum;

import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A model's parameters counted layer by layer, like Keras' {@code model.summary()}: how many
 * weights and biases each layer has, their total, and how many bytes they take when stored at
 * FP32 (4 bytes each), FP16 (2), INT8 (1) and INT4 (half a byte). The last row holds the totals.
 *
 * <pre>{@code
 * Table summary = ModelSummary.of(model);     // rendered as HTML in a notebook
 * System.out.println(ModelSummary.text(model));
 * }</pre>
 *
 * <p>Bytes count the numbers only; a real file adds a little for names and shapes (see
 * {@code io.ModelFile}). INT4 rounds up to whole bytes per parameter matrix.
 */
public final class ModelSummary {

    /** Column names of {@link #of}, in order, in English (in Chinese each is {@code Language.label(name)}). */
    public static final List<String> COLUMNS = List.of("layer", "type", "shapes", "weights", "biases",
            "parameters", "FP32 bytes", "FP16 bytes", "INT8 bytes", "INT4 bytes");

    private static final Precision[] PRECISIONS = {Precision.FP32, Precision.FP16, Precision.INT8, Precision.INT4};

    private ModelSummary() { }

    /**
     * One row per layer and a total row. Containers are opened: a {@link Sequential}'s layers and a
     * {@link Sum}'s branches (and the layers nested in those) each get their own row.
     */
    public static Table of(Layer model) {
        if (model == null) {
            throw new IllegalArgumentException("model summary: no model given (null)");
        }
        List<Layer> layers = new ArrayList<>();
        addLeaves(model, layers);
        StringColumn names = StringColumn.create(label(COLUMNS.get(0)));
        StringColumn types = StringColumn.create(label(COLUMNS.get(1)));
        StringColumn shapes = StringColumn.create(label(COLUMNS.get(2)));
        LongColumn[] numbers = new LongColumn[7];
        for (int c = 0; c < numbers.length; c++) {
            numbers[c] = LongColumn.create(label(COLUMNS.get(3 + c)));
        }
        long[] totals = new long[numbers.length];
        for (Layer layer : layers) {
            long[] row = new long[numbers.length];
            List<String> layerShapes = new ArrayList<>();
            for (Parameter p : layer.parameters()) {
                row[p.role() == Parameter.Role.WEIGHT ? 0 : 1] += p.count();
                row[2] += p.count();
                for (int k = 0; k < PRECISIONS.length; k++) {
                    row[3 + k] += p.bytes(PRECISIONS[k]);
                }
                layerShapes.add(p.shape());
            }
            names.append(layer.name());
            types.append(layer.getClass().getSimpleName());
            shapes.append(String.join(" + ", layerShapes));
            for (int c = 0; c < numbers.length; c++) {
                numbers[c].append(row[c]);
                totals[c] += row[c];
            }
        }
        names.append(label("total"));
        types.append("");
        shapes.append("");
        for (int c = 0; c < numbers.length; c++) {
            numbers[c].append(totals[c]);
        }
        Table table = Table.create(label("model summary: %,d parameters", totals[2]));
        table.addColumns(names, types, shapes);
        table.addColumns(numbers);
        return table;
    }

    /** The layers inside {@code layer}, in order, containers opened; a plain layer is its own leaf. */
    private static void addLeaves(Layer layer, List<Layer> leaves) {
        if (layer.children().isEmpty()) {
            leaves.add(layer);
        }
        for (Layer inner : layer.children()) {
            addLeaves(inner, leaves);
        }
    }

    /** The total number of learned numbers in the model. */
    public static long parameterCount(Layer model) {
        long n = 0;
        for (Parameter p : model.parameters()) {
            n += p.count();
        }
        return n;
    }

    /** The summary as aligned text, numbers with thousands separators, the total under a rule. */
    public static String text(Layer model) {
        return TextTable.of(of(model), true);
    }

    /** Bytes in decimal units as the article uses them: 1 KB = 1000 B, 1 GB = 10^9 B. */
    public static String humanBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
        }
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
