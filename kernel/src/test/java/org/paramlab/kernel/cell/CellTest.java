package org.paramlab.kernel.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the kernel reads in a cell: the one parser behind execute, is_complete, completion and %load. */
class CellTest {

    @Test
    void plainJavaIsOnePieceExactlyAsWritten() {
        Cell cell = Cell.parse("int x = 1;\nx + 1");
        assertEquals(List.of(new Cell.Java("int x = 1;\nx + 1")), cell.parts());
        assertFalse(cell.hasMagics());
        assertEquals("int x = 1;\nx + 1", cell.javaView());
    }

    @Test
    void lineMagicsSplitTheJavaKeepingItsLineNumbers() {
        Cell cell = Cell.parse("int x = 1;\n  %jars lib/*.jar\n%time String s = \"a  b\";\nx");
        assertEquals(List.of(
                new Cell.Java("int x = 1;\n"),
                new Cell.LineMagic("jars", "lib/*.jar"),
                new Cell.LineMagic("time", "String s = \"a  b\";"),
                new Cell.Java("\n\n\nx\n")), cell.parts());
        assertTrue(cell.hasMagics());
    }

    @Test
    void aFirstLineWithTwoPercentSignsMakesACellMagic() {
        Cell cell = Cell.parse("\n%%time  -q\nint y = 2;\n%jars lib\ny * 3");
        assertEquals(List.of(new Cell.CellMagic("time", "-q", "int y = 2;\n%jars lib\ny * 3")), cell.parts());
        assertEquals("", cell.javaView(), "a cell magic's body is not Java");
    }

    @Test
    void notMagics() {
        assertFalse(Cell.isLineMagic("x % 2"));
        assertFalse(Cell.isLineMagic("%"));
        assertFalse(Cell.isLineMagic("%%time"));
        assertTrue(Cell.isLineMagic("   %lsmagic"));
        assertEquals(List.of(), Cell.parse("  \n ").parts());
    }

    @Test
    void theMagicNameBeingTypedIsFoundOnItsOwnLineOnly() {
        assertEquals("%cl", Cell.magicNameBefore("%cl", 3));
        assertEquals("%%lo", Cell.magicNameBefore("int x = 1;\n  %%lo", 17));
        assertEquals("%", Cell.magicNameBefore("\n%", 2));
        assertNull(Cell.magicNameBefore("%jars lib", 9), "in the arguments: not a name");
        assertNull(Cell.magicNameBefore("x % 2", 5));
        assertNull(Cell.magicNameBefore("\n%cl", 0), "the cursor before the magic's line");
    }

    @Test
    void theJavaViewBlanksMagicLinesSoOffsetsStay() {
        String text = "%jars lib\nMath.ma";
        String view = Cell.parse(text).javaView();
        assertEquals("         \nMath.ma", view);
        assertEquals(text.length(), view.length());
    }
}
