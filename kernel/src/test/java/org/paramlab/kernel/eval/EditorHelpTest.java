package org.paramlab.kernel.eval;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Completion, documentation and is_complete, over a JShell that has run some cells. */
class EditorHelpTest {

    private static JavaEvaluator java;
    private static EditorHelp help;

    @BeforeAll
    static void startJShell() {
        java = new JavaEvaluator(System.getProperty("java.class.path"));
        help = java.editorHelp();
    }

    @AfterAll
    static void closeJShell() {
        java.close();
    }

    @Test
    void completionSuggestsMembersAndReplacesFromTheAnchor() {
        Completion completion = help.complete("Math.ab", 7);
        assertEquals(5, completion.start());
        assertEquals(7, completion.end());
        assertTrue(completion.matches().contains("abs("), completion.matches().toString());

        String cell = "int first = 1;\nString text = \"x\";\n\"abc\".toUpp";
        Completion inSecondSnippet = help.complete(cell, cell.length());
        assertEquals(cell.length() - "toUpp".length(), inSecondSnippet.start());
        assertTrue(inSecondSnippet.matches().contains("toUpperCase("), inSecondSnippet.matches().toString());
    }

    @Test
    void inspectShowsSignaturesForMethodsAndClasses() throws CellError {
        String max = help.inspect("Math.max(1, 2)", 6);
        assertNotNull(max);
        assertTrue(max.contains("max("), max);
        String math = help.inspect("Math", 2);
        assertNotNull(math);
        assertTrue(math.contains("java.lang.Math"), math);
        java.eval("int inspected = 12;", "test");
        String variable = help.inspect("inspected", 3);
        assertTrue(variable.contains("inspected") && variable.contains("int"), variable);
        assertNull(help.inspect("   ", 1));
    }

    @Test
    void isCompleteKnowsUnfinishedBlocksAndIndents() {
        assertEquals(new CodeCompleteness("complete", ""), help.isComplete("int a = 1;"));
        assertEquals("complete", help.isComplete("int a = 1").status());
        assertEquals(new CodeCompleteness("incomplete", "    "), help.isComplete("if (true) {"));
        assertEquals(new CodeCompleteness("incomplete", "        "), help.isComplete("class A {\n  void f() {"));
        assertEquals("incomplete", help.isComplete("int b = 3 +").status());
        assertEquals("invalid", help.isComplete("\"unterminated").status());
        assertEquals("complete", help.isComplete("int c = 1;\nint d = 2;").status());
    }

    @Test
    void theIndentFollowsOpenBracketsOrTheLastLine() {
        assertEquals("        ", EditorHelp.indentFor("f(a, new int[] {"));
        assertEquals("      ", EditorHelp.indentFor("int x =\n      1 +"));
        assertEquals("", EditorHelp.indentFor("}}"));
    }
}
