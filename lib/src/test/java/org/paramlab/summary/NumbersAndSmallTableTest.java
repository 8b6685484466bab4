package org.paramlab.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class NumbersAndSmallTableTest {

    @Test
    void significantDigitsWithSeparatorsAndNoTrailingZeros() {
        assertEquals("0.00213", Numbers.sig(0.0021267168808152413, 3));
        assertEquals("2,684", Numbers.sig(2684.0, 4));
        assertEquals("2,730", Numbers.sig(2729.3, 3));
        assertEquals("1,234.6", Numbers.sig(1234.56, 5));
        assertEquals("-1,234.6", Numbers.sig(-1234.56, 5));
        assertEquals("0.5", Numbers.sig(0.5, 4));
        assertEquals("0", Numbers.sig(0, 3));
        assertEquals("2.41e-13", Numbers.sig(2.4133e-13, 3));
        assertEquals("1.2e+34", Numbers.sig(1.2e34, 3));
        assertEquals("NaN", Numbers.sig(Double.NaN, 3));
        assertThrows(IllegalArgumentException.class, () -> Numbers.sig(1, 0));
    }

    @Test
    void percentGroupedAndGigabytes() {
        assertEquals("0.21 %", Numbers.percent(0.0021267, 2));
        assertEquals("95.6 %", Numbers.percent(0.9556, 3));
        assertEquals("1,760,000,000,000", Numbers.grouped(1_760_000_000_000L));
        assertEquals("3.94 GB", Numbers.gigabytes(3.9375e9));
    }

    @Test
    void aSmallTableTakesColumnTypesFromTheFirstRowAndPrintsForPeople() {
        Table t = SmallTable.of("parameters by hand", "layer", "parameters", "share")
                .row("hidden1", 2080, 0.7487401)
                .row("output", 170L, 0.0611951)
                .table();
        assertEquals("parameters by hand", t.name());
        assertTrue(t.column(0) instanceof StringColumn);
        assertTrue(t.column(1) instanceof LongColumn);
        assertTrue(t.column(2) instanceof DoubleColumn);
        assertEquals("2,080", t.column(1).getString(0));
        assertEquals("0.7487", t.column(2).getString(0));
        assertEquals(0.7487401, t.doubleColumn(2).getDouble(0), 0, "the value itself is exact");
        assertTrue(t.printAll().contains("0.0612"), t.printAll());
    }

    @Test
    void readableFormatsAnExistingTableAndLeavesMissingValuesBlank() {
        Table t = Table.create("history", DoubleColumn.create("loss", 0.123456789, Double.NaN));
        SmallTable.readable(t);
        assertEquals("0.1235", t.column(0).getString(0));
        assertEquals("", t.column(0).getString(1));
    }

    @Test
    void errorsNameTheTableAndTheColumn() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SmallTable.of("t", "a", "b").row("x", 1).row("y", "two").table());
        assertTrue(e.getMessage().contains("column 'b'") && e.getMessage().contains("'two'"), e.getMessage());
        var wrongCount = assertThrows(IllegalArgumentException.class, () -> SmallTable.of("t", "a", "b").row("x"));
        assertTrue(wrongCount.getMessage().contains("row 1 has 1 values"), wrongCount.getMessage());
    }

    @Test
    void aMatrixReadsAsRowsAndSharesAsPercentages() {
        Table w = SmallTable.matrix("W", new org.ejml.data.FMatrixRMaj(new float[][] {{0.64371f, -1.5f}, {2f, 0.001234567f}}),
                "input", "output");
        assertEquals(java.util.List.of("input", "output 1", "output 2"), w.columnNames());
        assertEquals("input 2", w.column(0).getString(1));
        assertEquals("0.6437", w.column(1).getString(0));
        assertEquals("0.001235", w.column(2).getString(1));
        Table shares = SmallTable.percent(Table.create("file", DoubleColumn.create("share", 0.0021267168808152413)), "share");
        assertEquals("0.213 %", shares.column(0).getString(0));
        assertThrows(IllegalArgumentException.class, () -> SmallTable.percent(shares, "bytes"));
    }

    @Test
    void wholeColumnsKeepTheirOrderAndMustBeEquallyLong() {
        var columns = new java.util.LinkedHashMap<String, double[]>();
        columns.put("layer", new double[] {1, 2});
        columns.put("std", new double[] {0.0770123, 3.93e-13});
        Table t = SmallTable.columns("spread", columns);
        assertEquals(java.util.List.of("layer", "std"), t.columnNames());
        assertEquals("2", t.column(0).getString(1));
        assertEquals("3.93e-13", t.column(1).getString(1));
        columns.put("short", new double[] {1});
        var e = assertThrows(IllegalArgumentException.class, () -> SmallTable.columns("spread", columns));
        assertTrue(e.getMessage().contains("'short' has 1 values"), e.getMessage());
    }

    @Test
    void typedColumnsHaveTheirTypeAndPrintEveryDigit() {
        Table t = SmallTable.of("errors", "name", "values", "bytes", "rmse")
                .typed(ColumnType.STRING, ColumnType.INTEGER, ColumnType.LONG, ColumnType.DOUBLE)
                .row("w", 4736, 2368L, 1.0 / 3)
                .row("b", 12, 48, Double.NaN)
                .table();
        assertEquals(4736, t.intColumn("values").get(0), "an int column, as callers take it");
        assertEquals(48L, t.longColumn("bytes").get(1), "an int value in a LONG column is widened");
        assertTrue(t.printAll().contains("4736"), "no thousands separator: " + t.printAll());
        assertTrue(t.printAll().contains("0.3333333333333333"), "every digit: " + t.printAll());
        assertTrue(t.doubleColumn("rmse").isMissing(1), "NaN is Tablesaw's empty cell");
        var e = assertThrows(IllegalArgumentException.class, () -> SmallTable.of("t", "a", "b").typed(ColumnType.STRING));
        assertEquals("table 't' has 2 columns [a, b] but 1 column types were given", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SmallTable.of("t", "a").typed(ColumnType.INTEGER).row("x").table());
        assertEquals("table 't', column 'a' holds numbers, but one row has 'x' (String)", e.getMessage());
    }
}
