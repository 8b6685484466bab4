package org.paramlab.kernel.eval;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaEvaluatorTest {

    private static JavaEvaluator java;

    @BeforeAll
    static void startJShell() {
        java = new JavaEvaluator(System.getProperty("java.class.path"));
    }

    @AfterAll
    static void closeJShell() {
        java.close();
    }

    private static Object value(String code) throws CellError {
        CellResult result = java.eval(code, "test");
        assertTrue(result.hasValue(), "expected a value from: " + code);
        return result.value();
    }

    @Test
    void importsGoInAsOneSnippetThatACellsOwnImportsDoNotReplace() throws CellError {
        try (JavaEvaluator fresh = new JavaEvaluator(System.getProperty("java.class.path"))) {
            assertEquals(List.of(), fresh.importAll(List.of("import java.math.*;", "import java.util.regex.*;")));
            fresh.eval("import java.math.*;", "test");
            fresh.eval("import java.lang.Object;", "test"); // the one snippet's own first import
            CellResult result = fresh.eval("BigInteger.TWO.toString() + Pattern.matches(\"a+\", \"aa\")", "test");
            assertEquals("2true", result.value());
            List<String> failed = fresh.importAll(List.of("import java.time.*;", "import no.such.pkg.*;"));
            assertEquals(1, failed.size(), "a bad line is reported, the others still imported: " + failed);
            assertTrue(failed.get(0).startsWith("import no.such.pkg.*;"), failed.get(0));
            assertEquals(Duration.ofSeconds(2), fresh.eval("Duration.ofSeconds(2)", "test").value());
        }
    }

    @Test
    void lastExpressionIsTheValueAsARealObject() throws CellError {
        assertEquals(4, value("2 + 2"));
        assertEquals("abc", value("\"ab\" + \"c\""));
        assertInstanceOf(java.util.ArrayList.class, value("new java.util.ArrayList<String>()"));
    }

    @Test
    void multiSnippetCellRunsEverySnippetInOrder() throws CellError {
        Object v = value("int m1 = 20;\nint m2 = m1 + 1;\nm1 * m2");
        assertEquals(420, v);
    }

    @Test
    void aDeclarationThatWaitsForAnotherComesBackWithANote() throws CellError {
        CellResult result = java.eval("void waits() { later(); }\n2 + 3", "test");
        assertEquals(5, result.value());
        assertEquals(List.of("waits cannot be used until method later() is declared"), result.notes());
        assertEquals(List.of(), java.eval("void later() { }", "test").notes());
    }

    @Test
    void declarationsAndTrailingSemicolonShowNoValue() throws CellError {
        assertFalse(java.eval("int quiet = 3;", "test").hasValue());
        assertFalse(java.eval("quiet + 1;", "test").hasValue());
        assertEquals(4, value("quiet + 1"));
    }

    @Test
    void aVariableNameShowsItsObject() throws CellError {
        java.eval("Table shown = Table.create(\"shown\");".replace("Table", "tech.tablesaw.api.Table"), "test");
        assertInstanceOf(Table.class, value("shown"));
    }

    @Test
    void redefinitionReplacesVariablesMethodsAndClasses() throws CellError {
        java.eval("int r = 1;", "test");
        java.eval("String r = \"now a string\";", "test");
        assertEquals("now a string", value("r"));

        java.eval("int twice(int a) { return 2 * a; }", "test");
        assertEquals(6, value("twice(3)"));
        java.eval("int twice(int a) { return a + a + 1; }", "test");
        assertEquals(7, value("twice(3)"));
    }

    @Test
    void classDeclarationsCanBeUsedInLaterCells() throws CellError {
        java.eval("class Point {\n  final int x, y;\n  Point(int x, int y) { this.x = x; this.y = y; }\n"
                + "  int sum() { return x + y; }\n}", "test");
        assertEquals(7, value("new Point(3, 4).sum()"));
        java.eval("record Pair(String a, String b) {}", "test");
        assertEquals("x", value("new Pair(\"x\", \"y\").a()"));
    }

    @Test
    void compileErrorNamesLineAndColumnAndMarksTheCode() {
        CellError error = assertThrows(CellError.class,
                () -> java.eval("int ok = 1;\nint bad = undefinedName + 1;", "test"));
        assertEquals("CompileError", error.name());
        assertTrue(error.value().startsWith("line 2, column 11: cannot find symbol"), error.value());
        assertTrue(error.traceback().contains("int bad = undefinedName + 1;"), error.traceback().toString());
        assertTrue(error.traceback().contains("          ^^^^^^^^^^^^^"), error.traceback().toString());
    }

    @Test
    void runtimeErrorNamesTheExceptionAndTheCellLine() {
        CellError error = assertThrows(CellError.class,
                () -> java.eval("int zero = 0;\n\nint q = 10 / zero;", "In [7]"));
        assertEquals("java.lang.ArithmeticException", error.name());
        assertEquals("/ by zero", error.value());
        assertTrue(error.traceback().get(0).contains("java.lang.ArithmeticException: / by zero"));
        assertTrue(error.traceback().get(1).contains("line 3 of this cell"), error.traceback().toString());
    }

    @Test
    void errorInAMethodFromAnEarlierCellPointsAtThatCell() throws CellError {
        java.eval("void explode() {\n  throw new IllegalStateException(\"boom\");\n}", "In [1]");
        CellError error = assertThrows(CellError.class, () -> java.eval("explode();", "In [2]"));
        assertEquals("boom", error.value());
        String trace = String.join("\n", error.traceback());
        assertTrue(trace.contains("explode (line 2 of In [1])"), trace);
        assertTrue(trace.contains("(line 1 of this cell)"), trace);
    }

    @Test
    void finishedCellsLeaveNoSnippetOriginsBehind() throws CellError {
        java.eval("int counted = 0;", "test");
        int before = java.rememberedOrigins();
        for (int i = 1; i <= 60; i++) {
            java.eval(switch (i % 4) {
                case 0 -> "1 + " + i;                                  // an expression ($N, dropped)
                case 1 -> "int counted = " + i + ";";                  // a redefined variable
                case 2 -> "System.out.print(\"\");";                   // a statement
                default -> "void helper() { counted += " + i + "; }";  // a redefined method
            }, "In [" + i + "]");
        }
        // at most the new helper() is remembered; every replaced or finished snippet is forgotten
        assertTrue(java.rememberedOrigins() <= before + 1,
                "origins grew from " + before + " to " + java.rememberedOrigins() + " over 60 cells");
    }

    @Test
    void finishedCellsLeaveNoThreadGroupsBehind() throws CellError {
        for (int i = 0; i < 20; i++) {
            java.eval("int grouped = " + i + ";", "test");
        }
        System.gc(); // from JDK 19 on a parent holds its groups weakly: collected ones are not listed
        ThreadGroup parent = Thread.currentThread().getThreadGroup();
        ThreadGroup[] children = new ThreadGroup[parent.activeGroupCount() + 4];
        int count = parent.enumerate(children, false);
        long cellGroups = Arrays.stream(children, 0, count)
                .filter(g -> g.getName().equals("JShell process local execution"))
                .count();
        // at most the last cell's group, which JShell's execution control still refers to
        assertTrue(cellGroups <= 1, cellGroups + " thread groups of finished cells are still held by " + parent.getName());
    }

    @Test
    void stackOverflowIsReportedAndTheStateIsKept() throws CellError {
        java.eval("int kept = 41;", "test");
        java.eval("int down(int n) { return down(n + 1) + 1; }", "test");
        CellError error = assertThrows(CellError.class, () -> java.eval("down(0)", "test"));
        assertEquals("java.lang.StackOverflowError", error.name());
        assertTrue(error.traceback().size() < 40, "repeated frames are folded");
        assertEquals(42, value("kept + 1"));
    }

    @Test
    void outOfMemoryIsReportedAndTheStateIsKept() throws CellError {
        java.eval("int survivor = 5;", "test");
        CellError error = assertThrows(CellError.class,
                () -> java.eval("long[][] hog = new long[1_000_000][]; for (int i = 0; i < hog.length; i++) hog[i] = new long[1_000_000];", "test"));
        assertEquals("java.lang.OutOfMemoryError", error.name());
        java.eval("hog = null;", "test");
        assertEquals(5, value("survivor"));
    }

    @Test
    void systemExitBecomesAnErrorInsteadOfEndingTheKernel() throws CellError {
        CellError error = assertThrows(CellError.class, () -> java.eval("System.exit(3);", "test"));
        assertTrue(error.name().endsWith("ExitAttempted"), error.name());
        assertTrue(error.value().contains("System.exit(3)"));
        assertEquals(2, value("1 + 1"));
    }

    @Test
    void aStopThatComesBeforeACellsJavaRunsStillEndsTheCell() throws CellError {
        try {
            java.cellStarts();
            java.stop(); // the interrupt came as the cell began, or between two of its parts
            CellError error = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(CellError.class, () -> java.eval("Thread.sleep(120_000);", "In [9]")));
            assertEquals("Interrupted", error.name());
            assertEquals(4, java.evalExpression("2 + 2"), "an expression after the cell is not stopped");
            java.stop(); // came as the cell ended: not for the next one
        } finally {
            java.cellStarts();
        }
        assertFalse(java.eval("Thread.sleep(10);", "In [10]").hasValue());
    }
}
