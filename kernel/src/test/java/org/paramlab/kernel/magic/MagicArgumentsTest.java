package org.paramlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MagicArgumentsTest {

    @Test
    void spacesSeparateArguments() {
        assertEquals(List.of("a.jar", "lib/*.jar"), MagicArguments.split("  a.jar   lib/*.jar "));
    }

    @Test
    void quotesKeepSpacesInsideOneArgument() {
        assertEquals(List.of("my libs/*.jar", "it's"), MagicArguments.split("\"my libs/*.jar\" \"it's\""));
        assertEquals(List.of("a b"), MagicArguments.split("'a b'"));
    }

    @Test
    void backslashEscapesTheNextCharacter() {
        assertEquals(List.of("a b", "\"q\""), MagicArguments.split("a\\ b \\\"q\\\""));
    }

    @Test
    void emptyTextGivesNoArguments() {
        assertEquals(List.of(), MagicArguments.split("   "));
        assertEquals(List.of(""), MagicArguments.split("\"\""));
    }

    @Test
    void unclosedQuoteIsAnError() {
        MagicException e = assertThrows(MagicException.class, () -> MagicArguments.split("\"lib/*.jar"));
        assertTrue(e.getMessage().contains("Unclosed \" quote"), e.getMessage());
    }

    @Test
    void timeGetsTheWholeLineWithItsQuotes() {
        assertEquals(List.of("System.out.println(\"a  b\")"),
                ParamLabMagics.lineMagicArguments("time", " System.out.println(\"a  b\") "));
        assertEquals(List.of(), ParamLabMagics.lineMagicArguments("time", "  "));
        assertEquals(List.of("a.jar", "b c.jar"), ParamLabMagics.lineMagicArguments("jars", "a.jar 'b c.jar'"));
    }

    @Test
    void magicCallsAreParsed() {
        MagicCall line = MagicCall.parseLine("  %jars lib/*.jar extra.jar");
        assertEquals("jars", line.name());
        assertEquals("lib/*.jar extra.jar", line.arguments());

        MagicCall cell = MagicCall.parseCell("%%time\nint x = 1;\nx + 1");
        assertEquals("time", cell.name());
        assertEquals("", cell.arguments());
        assertEquals("int x = 1;\nx + 1", cell.body());
        assertTrue(cell.cell());

        assertTrue(MagicCall.isLineMagic("%lsmagic"));
        assertTrue(!MagicCall.isLineMagic("%%time") && !MagicCall.isLineMagic("x % 2") && !MagicCall.isLineMagic("%"));
    }
}
