package org.paramlab.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TextTableTest {

    private static Table table() {
        return Table.create("t",
                StringColumn.create("name", "dense1", "relu", "total"),
                IntColumn.create("n", 3, 12, 15),
                LongColumn.create("bytes", 1_628_200L, 0L, 1_628_200L),
                DoubleColumn.create("loss", 0.5, Double.NaN, 12.25));
    }

    @Test
    void textLeftNumbersRightThousandsSeparatedMissingBlank() {
        assertEquals("""
                name     n      bytes       loss
                dense1   3  1,628,200   0.500000
                relu    12          0
                total   15  1,628,200  12.250000
                """, TextTable.of(table()));
    }

    @Test
    void aTotalRowGetsRulesLikeASumOnPaper() {
        assertEquals("""
                name     n      bytes       loss
                --------------------------------
                dense1   3  1,628,200   0.500000
                relu    12          0
                --------------------------------
                total   15  1,628,200  12.250000
                """, TextTable.of(table(), true));
    }

    @Test
    void anEmptyTableIsItsHeader() {
        assertEquals("epoch  loss\n", TextTable.of(Table.create("h", IntColumn.create("epoch"), DoubleColumn.create("loss"))));
    }
}
