package org.paramlab.data;

import java.util.List;
import java.util.TreeSet;

import org.ejml.data.FMatrixRMaj;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * One-hot encoding: class {@code c} of {@code k} classes becomes a row of k numbers with a single 1
 * at position c, e.g. class 2 of 4 is {@code [0, 0, 1, 0]}. Networks predict one score per class,
 * and softmax cross-entropy compares those scores with such rows.
 */
public final class OneHot {

    private OneHot() { }

    /** One row per label with a 1 in column {@code labels[i]}. */
    public static FMatrixRMaj encode(int[] labels, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("one-hot encoding needs at least 1 class, got " + numClasses);
        }
        FMatrixRMaj rows = new FMatrixRMaj(labels.length, numClasses);
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("label " + c + " at index " + i + " is outside the classes 0.."
                        + (numClasses - 1));
            }
            rows.unsafe_set(i, c, 1f);
        }
        return rows;
    }

    /** The inverse of {@link #encode}: per row, the column with the largest value (argmax). */
    public static int[] decode(FMatrixRMaj rows) {
        int[] labels = new int[rows.numRows];
        for (int i = 0; i < rows.numRows; i++) {
            labels[i] = argmaxOfRow(rows, i);
        }
        return labels;
    }

    /** The column with the largest value in row {@code i}; the first one on ties. */
    public static int argmaxOfRow(FMatrixRMaj m, int i) {
        int best = 0;
        int offset = i * m.numCols;
        float bestValue = m.data[offset];
        for (int j = 1; j < m.numCols; j++) {
            if (m.data[offset + j] > bestValue) {
                bestValue = m.data[offset + j];
                best = j;
            }
        }
        return best;
    }

    /**
     * Replaces a text column of a table by one 0/1 column per distinct value, named
     * {@code column=value} (sorted), so the table can become features. Returns a new table;
     * the input is unchanged.
     */
    public static Table columns(Table table, String column) {
        if (!table.containsColumn(column)) {
            throw new IllegalArgumentException("column '" + column + "' is not in table '" + table.name()
                    + "'; its columns are " + table.columnNames());
        }
        Column<?> source = table.column(column);
        TreeSet<String> values = new TreeSet<>();
        for (int i = 0; i < source.size(); i++) {
            if (source.isMissing(i)) {
                throw new IllegalArgumentException("column '" + column + "' has a missing value in row " + i);
            }
            values.add(source.getString(i));
        }
        Table result = table.copy();
        int position = result.columnIndex(column);
        result.removeColumns(column);
        List<String> sorted = List.copyOf(values);
        for (int v = sorted.size() - 1; v >= 0; v--) {
            String value = sorted.get(v);
            double[] indicator = new double[source.size()];
            for (int i = 0; i < source.size(); i++) {
                indicator[i] = source.getString(i).equals(value) ? 1 : 0;
            }
            result.insertColumn(position, DoubleColumn.create(column + "=" + value, indicator));
        }
        return result;
    }
}
