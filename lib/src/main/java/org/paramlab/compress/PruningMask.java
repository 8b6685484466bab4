package org.paramlab.compress;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.List;

import org.paramlab.core.Parameter;
import org.paramlab.summary.SmallTable;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/**
 * Which numbers of some parameters are kept and which are pruned (剪枝): one true/false per number.
 * <pre>
 *   apply():          w_i = 0           for every pruned i      (the weight is gone)
 *   maskGradients():  grad_i = 0        for every pruned i      (and nothing pushes it back)
 * </pre>
 * Made by {@link Pruning}; kept applied during fine-tuning by {@link MaskedOptimizer}.
 */
public final class PruningMask {

    private final List<Parameter> parameters;
    private final boolean[][] kept;

    /** A mask over {@code parameters}; {@code kept[k][i]} says whether number i of parameter k stays. */
    PruningMask(List<Parameter> parameters, boolean[][] kept) {
        this.parameters = List.copyOf(parameters);
        this.kept = kept;
    }

    /** The parameters this mask covers (a model's weights, usually not its biases). */
    public List<Parameter> parameters() { return parameters; }

    /** Whether number {@code i} (row-major) of {@code parameter} is kept. */
    public boolean isKept(Parameter parameter, int i) {
        return kept[indexOf(parameter)][i];
    }

    /** Sets every pruned number to exactly zero. */
    public void apply() {
        for (int k = 0; k < parameters.size(); k++) {
            zeroPruned(parameters.get(k).value().data, kept[k]);
        }
    }

    /** Sets the gradient of every pruned number to zero, so an update cannot move it. */
    public void maskGradients() {
        for (int k = 0; k < parameters.size(); k++) {
            zeroPruned(parameters.get(k).grad().data, kept[k]);
        }
    }

    private static void zeroPruned(float[] values, boolean[] keep) {
        for (int i = 0; i < keep.length; i++) {
            if (!keep[i]) {
                values[i] = 0f;
            }
        }
    }

    /** How many numbers the mask covers. */
    public long count() {
        long n = 0;
        for (boolean[] k : kept) {
            n += k.length;
        }
        return n;
    }

    /** How many of them are pruned. */
    public long prunedCount() {
        long n = 0;
        for (boolean[] k : kept) {
            for (boolean keep : k) {
                if (!keep) n++;
            }
        }
        return n;
    }

    /** Pruned / covered, 0..1. */
    public double sparsity() {
        return (double) prunedCount() / count();
    }

    /** How many numbers of {@code parameter} are pruned. */
    public int prunedCount(Parameter parameter) {
        int n = 0;
        for (boolean keep : kept[indexOf(parameter)]) {
            if (!keep) n++;
        }
        return n;
    }

    /** One row per parameter, and the total: numbers, pruned, sparsity. */
    public Table table() {
        SmallTable table = SmallTable.of(label("pruning mask"), label("parameter"), label("numbers"), label("pruned"), label("sparsity"))
                .typed(ColumnType.STRING, ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.DOUBLE);
        for (Parameter p : parameters) {
            table.row(p.name(), p.count(), prunedCount(p), (double) prunedCount(p) / p.count());
        }
        return table.row(label("total"), count(), prunedCount(), sparsity()).table();
    }

    private int indexOf(Parameter parameter) {
        for (int k = 0; k < parameters.size(); k++) {
            if (parameters.get(k) == parameter) {
                return k;
            }
        }
        List<String> names = new ArrayList<>();
        for (Parameter p : parameters) {
            names.add(p.name());
        }
        throw new IllegalArgumentException("pruning mask: it does not cover " + (parameter == null ? "null" : parameter.name())
                + "; it covers " + names);
    }

    @Override
    public String toString() {
        return label("PruningMask(%d parameters, %,d of %,d numbers pruned, sparsity %.1f%%)",
                parameters.size(), prunedCount(), count(), 100 * sparsity());
    }
}
