package org.paramlab.summary;

import java.util.ArrayList;
import java.util.List;

import org.ejml.data.FMatrixRMaj;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * A small table written row by row, so that a notebook cell reads as the idea and not as
 * column plumbing. Whole numbers show thousands separators, other numbers 4 significant digits.
 *
 * <pre>{@code
 * SmallTable.of("parameters by hand", "layer", "in × out + out", "parameters")
 *         .row("hidden1", "64 × 32 + 32", 2080)
 *         .row("relu1", "(none)", 0)
 *         .table()
 * }</pre>
 * Each column's type comes from its first value: whole numbers ({@code int}, {@code long}),
 * other numbers ({@code double}, {@code float}) or text (anything else, via {@code toString}).
 */
public final class SmallTable {

    private final String title;
    private final List<String> headers;
    private final List<Object[]> rows = new ArrayList<>();
    private ColumnType[] types;          // null: each column's type from its first value, numbers formatted for reading

    private SmallTable(String title, List<String> headers) {
        this.title = title;
        this.headers = headers;
    }

    /** A table with a title and its column headers. */
    public static SmallTable of(String title, String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("table '" + title + "' needs at least one column header");
        }
        return new SmallTable(title, List.of(headers));
    }

    /** One row: one value per header. */
    public SmallTable row(Object... values) {
        if (values.length != headers.size()) {
            throw new IllegalArgumentException("table '" + title + "' has " + headers.size() + " columns " + headers
                    + " but row " + (rows.size() + 1) + " has " + values.length + " values");
        }
        rows.add(values.clone());
        return this;
    }

    /**
     * Gives each column its Tablesaw type ({@code ColumnType.STRING}, {@code INTEGER}, {@code LONG} or
     * {@code DOUBLE}, one per header) and prints its numbers as Tablesaw does, every digit: for a library
     * table whose readers take a column by its type ({@code errors.longColumn("bytes")}) or quote its digits.
     */
    public SmallTable typed(ColumnType... columnTypes) {
        if (columnTypes.length != headers.size()) {
            throw new IllegalArgumentException("table '" + title + "' has " + headers.size() + " columns " + headers
                    + " but " + columnTypes.length + " column types were given");
        }
        for (ColumnType type : columnTypes) {
            if (type != ColumnType.STRING && type != ColumnType.INTEGER && type != ColumnType.LONG && type != ColumnType.DOUBLE) {
                throw new IllegalArgumentException("table '" + title + "': column type " + type
                        + " is not one of STRING, INTEGER, LONG, DOUBLE");
            }
        }
        types = columnTypes.clone();
        return this;
    }

    /** The Tablesaw table, numbers formatted for reading (the values themselves stay exact), or as {@link #typed} says. */
    public Table table() {
        Table table = Table.create(title);
        for (int c = 0; c < headers.size(); c++) {
            table.addColumns(types == null ? column(c) : column(c, types[c]));
        }
        return types == null ? readable(table) : table;
    }

    /** Column c as {@code type}: text, or numbers (each row's value must be a number). */
    private Column<?> column(int c, ColumnType type) {
        String header = headers.get(c);
        if (type == ColumnType.STRING) {
            StringColumn column = StringColumn.create(header);
            for (Object[] row : rows) {
                column.append(row[c] == null ? "" : row[c].toString());
            }
            return column;
        }
        if (type == ColumnType.INTEGER) {
            IntColumn column = IntColumn.create(header);
            for (Object[] row : rows) {
                column.append(number(row[c], header).intValue());
            }
            return column;
        }
        if (type == ColumnType.LONG) {
            LongColumn column = LongColumn.create(header);
            for (Object[] row : rows) {
                column.append(number(row[c], header).longValue());
            }
            return column;
        }
        DoubleColumn column = DoubleColumn.create(header);
        for (Object[] row : rows) {
            column.append(number(row[c], header).doubleValue());
        }
        return column;
    }

    /**
     * Formats every numeric column of {@code table} for people (in place, and returns it): whole
     * numbers with thousands separators, others with 4 significant digits. The numbers are not changed,
     * only how they print.
     */
    public static Table readable(Table table) {
        for (Column<?> column : table.columns()) {
            if (column instanceof DoubleColumn d) {
                d.setPrintFormatter(SIGNIFICANT);
            } else if (column instanceof FloatColumn f) {
                f.setPrintFormatter(SIGNIFICANT);
            } else if (column instanceof IntColumn i) {
                i.setPrintFormatter(GROUPED);
            } else if (column instanceof LongColumn l) {
                l.setPrintFormatter(GROUPED);
            }
        }
        return table;
    }

    /**
     * A matrix with its numbers rounded for reading, one table row per matrix row:
     * {@code matrix("weights W", w, "input", "output")} has columns "input", "output 1", "output 2"...
     * and rows "input 1", "input 2"... (counted from 1, as people count).
     */
    public static Table matrix(String title, FMatrixRMaj m, String rowName, String columnName) {
        String[] headers = new String[m.numCols + 1];
        headers[0] = rowName;
        for (int j = 0; j < m.numCols; j++) {
            headers[j + 1] = columnName + " " + (j + 1);
        }
        SmallTable table = of(title, headers);
        for (int i = 0; i < m.numRows; i++) {
            Object[] row = new Object[m.numCols + 1];
            row[0] = rowName + " " + (i + 1);
            for (int j = 0; j < m.numCols; j++) {
                row[j + 1] = (double) m.get(i, j);
            }
            table.row(row);
        }
        return table.table();
    }

    /**
     * A table from whole columns of numbers, in map order (use a {@code LinkedHashMap}), e.g. one column
     * per initializer: {@code columns("std per layer", Map.of("layer", layers, "Xavier", xavierStds))}.
     */
    public static Table columns(String title, java.util.Map<String, double[]> columns) {
        Table table = Table.create(title);
        int rows = -1;
        for (var e : columns.entrySet()) {
            if (rows >= 0 && e.getValue().length != rows) {
                throw new IllegalArgumentException("table '" + title + "': column '" + e.getKey() + "' has "
                        + e.getValue().length + " values but the columns before it have " + rows);
            }
            rows = e.getValue().length;
            table.addColumns(DoubleColumn.create(e.getKey(), e.getValue().clone()));
        }
        return readable(table);
    }

    /** Prints the named column of shares (0.25) as percentages ("25 %"), 3 significant digits. */
    public static Table percent(Table table, String column) {
        if (!table.containsColumn(column) || !(table.column(column) instanceof DoubleColumn d)) {
            throw new IllegalArgumentException("table '" + table.name() + "' has no number column '" + column
                    + "'; its columns are " + table.columnNames());
        }
        d.setPrintFormatter(new NumberColumnFormatter() {
            @Override
            public String format(double value) {
                return Double.isNaN(value) ? "" : Numbers.percent(value, 3);
            }
        });
        return table;
    }

    /** Column c with its type read from the first row: whole numbers as LONG, other numbers as DOUBLE, else text. */
    private Column<?> column(int c) {
        Object first = rows.isEmpty() ? "" : rows.get(0)[c];
        boolean whole = first instanceof Integer || first instanceof Long || first instanceof Short || first instanceof Byte;
        boolean real = first instanceof Double || first instanceof Float;
        return column(c, whole ? ColumnType.LONG : real ? ColumnType.DOUBLE : ColumnType.STRING);
    }

    private Number number(Object value, String header) {
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("table '" + title + "', column '" + header + "' holds numbers, but one row has "
                    + (value == null ? "null" : "'" + value + "' (" + value.getClass().getSimpleName() + ")"));
        }
        return n;
    }

    /** Prints doubles and floats with 4 significant digits (see {@link Numbers#sig(double, int)}). */
    private static final NumberColumnFormatter SIGNIFICANT = new NumberColumnFormatter() {
        @Override
        public String format(double value) {
            return Double.isNaN(value) ? "" : Numbers.sig(value, 4);   // NaN is Tablesaw's missing value
        }

        @Override
        public String format(float value) {
            return Float.isNaN(value) ? "" : Numbers.sig(value, 4);
        }
    };

    /** Prints whole numbers with thousands separators. */
    private static final NumberColumnFormatter GROUPED = new NumberColumnFormatter() {
        @Override
        public String format(long value) {
            return value == Long.MIN_VALUE ? "" : Numbers.grouped(value);   // MIN_VALUE is Tablesaw's missing value
        }

        @Override
        public String format(int value) {
            return value == Integer.MIN_VALUE ? "" : Numbers.grouped(value);
        }
    };
}
