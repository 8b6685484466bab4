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
        MagicRegistry registry = ParamLabMagics.registry();
        assertEquals(List.of("System.out.println(\"a  b\")"), registry.arguments("time", " System.out.println(\"a  b\") "));
        assertEquals(List.of(), registry.arguments("time", "  "));
        assertEquals(List.of("a.jar", "b c.jar"), registry.arguments("jars", "a.jar 'b c.jar'"));
    }
}
