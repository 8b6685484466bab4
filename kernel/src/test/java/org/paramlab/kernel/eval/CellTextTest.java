package org.paramlab.kernel.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lines and columns as errors name them, counted from 1. */
class CellTextTest {

    private static final String CELL = "int a = 1;\n\n  int b = a + 1;";

    @Test
    void linesAndColumnsCountFromOne() {
        int b = CELL.indexOf('b');
        assertEquals(1, CellText.lineOf(CELL, 0));
        assertEquals(3, CellText.lineOf(CELL, b));
        assertEquals(7, CellText.columnOf(CELL, b));
        assertEquals("  int b = a + 1;", CellText.lineText(CELL, b));
        assertEquals("", CellText.lineText(CELL, CELL.indexOf("\n\n") + 1), "the empty second line");
    }

    @Test
    void anOffsetPastTheEndIsTheEnd() {
        assertEquals(3, CellText.lineOf(CELL, 1000));
        assertEquals(CELL.length(), CellText.lineEnd(CELL, 1000));
        assertEquals("  int b = a + 1;", CellText.lineText(CELL, 1000));
    }

    @Test
    void theFirstCodeSkipsWhiteSpaceWithinItsRange() {
        assertEquals(CELL.indexOf("int b"), CellText.firstNonBlank(CELL, CELL.indexOf('\n'), CELL.length()));
        assertEquals(12, CellText.firstNonBlank(CELL, 10, 12), "nothing but spaces: the end of the range");
    }
}
