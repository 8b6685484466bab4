package org.paramlab.compress;

import static org.paramlab.core.Language.label;

import org.paramlab.core.Parameter;
import org.paramlab.layers.Layer;
import org.paramlab.summary.SmallTable;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/**
 * How sparse (稀疏) a model is: its numbers that are exactly zero, counted from the values themselves
 * (after {@link Pruning} or {@link StructuredPruning}, or in any model).
 */
public final class Sparsity {

    private Sparsity() { }

    /**
     * Sparsity per parameter of a model, counted from the values themselves (exact zeros), with the
     * total: parameter, shape, numbers, zeros, sparsity.
     */
    public static Table table(Layer model) {
        if (model == null) {
            throw new IllegalArgumentException("sparsity: the model is null");
        }
        SmallTable table = SmallTable.of(label("sparsity of %s", model.name()),
                        label("parameter"), label("shape"), label("numbers"), label("zeros"), label("sparsity"))
                .typed(ColumnType.STRING, ColumnType.STRING, ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.DOUBLE);
        long allNumbers = 0;
        long allZeros = 0;
        for (Parameter p : model.parameters()) {
            int z = zeros(p);
            table.row(p.name(), p.shape(), p.count(), z, (double) z / p.count());
            allNumbers += p.count();
            allZeros += z;
        }
        return table.row(label("total"), "", allNumbers, allZeros, allNumbers == 0 ? 0.0 : (double) allZeros / allNumbers).table();
    }

    /** How many numbers of {@code p} are exactly zero. */
    public static int zeros(Parameter p) {
        int z = 0;
        float[] v = p.value().data;
        for (int i = 0; i < p.count(); i++) {
            if (v[i] == 0f) z++;
        }
        return z;
    }

    /** How many parameters of the model are not zero: what a sparse format has to store. */
    public static long nonZeros(Layer model) {
        long n = 0;
        for (Parameter p : model.parameters()) {
            n += p.count() - zeros(p);
        }
        return n;
    }
}
