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

    /** What the kernel shows as text/plain: Tablesaw's own print, unchanged for a table without Chinese. */
    @Test
    void printedIsTablesawsPrintForATableWithoutChinese() {
        Table plain = SmallTable.readable(table());
        assertEquals(plain.printAll(), TextTable.printed(plain));
        Table formatted = SmallTable.of("a title longer than all of the columns put together", "layer", "share")
                .row("hidden", 0.25).row("output", 0.0125).table();
        SmallTable.percent(formatted, "share");
        assertEquals(formatted.printAll(), TextTable.printed(formatted));
        Table many = Table.create("many", IntColumn.create("i", java.util.stream.IntStream.range(0, 40).toArray()));
        assertEquals(many.print(10), TextTable.printed(many, 10));
        Table untitled = Table.create(IntColumn.create("i", 1, 2));
        assertEquals(untitled.printAll(), TextTable.printed(untitled));
    }

    /** In Chinese every row ends its columns at the same place on screen (a Chinese character is two columns). */
    @Test
    void printedLinesUpChineseCells() {
        Table t = SmallTable.of("文件的各个部分", "部分", "字节数", "占比")
                .row("文件头：魔数、版本、长度、个数", 24L, 0.0021)
                .row("hidden1.weights：2048 个数值（64x32，float32）", 8192L, 0.726)
                .row("校验和：CRC32", 4L, 0.00035).table();
        String text = TextTable.printed(t);
        String[] lines = text.split("\n");
        assertEquals(6, lines.length, text);   // title, header, rule, 3 rows
        int width = TextTable.displayWidth(lines[1]);
        for (int i = 1; i < lines.length; i++) {
            assertEquals(width, TextTable.displayWidth(lines[i]), "line " + i + " of\n" + text);
        }
        for (int i = 3; i < lines.length; i++) {        // the bars between columns are at the same screen columns
            assertEquals(bars(lines[1]), bars(lines[i]), "line " + i + " of\n" + text);
        }
        assertEquals(java.util.List.of("8,192", "0.726"), java.util.List.of(lines[4].split("\\|")[1].strip(), lines[4].split("\\|")[2].strip()));
        assertEquals(-1, text.indexOf('\uE000'), "no width mark is left in the text");
    }

    private static java.util.List<Integer> bars(String line) {
        java.util.List<Integer> at = new java.util.ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '|') {
                at.add(TextTable.displayWidth(line.substring(0, i)));
            }
        }
        return at;
    }
}
