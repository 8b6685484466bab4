package org.paramlab.kernel.session;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paramlab.kernel.eval.CellError;
import org.paramlab.kernel.eval.CellResult;
import org.paramlab.kernel.eval.CodeCompleteness;
import org.paramlab.kernel.eval.Completion;
import org.paramlab.kernel.magic.MagicException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one way a cell runs: its parts in order, Java on JShell, magics through the registry. */
class JavaSessionTest {

    private static final List<String> steps = new ArrayList<>();
    private static JavaSession session;

    @BeforeAll
    static void start() {
        session = JavaSession.start(System.err, steps::add);
    }

    @Test
    void theStartReportsItsStepsAndImportsTheLibrary() throws Exception {
        assertEquals(3, session.run("new Dense(\"d\", 1, 3, 1L).outputs()", "In [1]").value());
        assertEquals(List.of("jshell created", "imports"), steps);
    }

    @Test
    void aCellsPartsRunInOrderAndBringBackTheLastValueWithEveryNote() throws Exception {
        CellResult result = session.run(
                "void waits() { later(); }\n%classpath\nvoid alsoWaits() { soon(); }\n6 * 7", "In [2]");
        assertEquals(42, result.value());
        assertEquals(List.of("waits cannot be used until method later() is declared",
                "alsoWaits cannot be used until method soon() is declared"), result.notes());
        assertFalse(session.cellRunning());
    }

    @Test
    void javaInAMagicRunsAsACellsJavaDoes() throws Exception {
        CellResult timed = session.run("%time void timedWaits() { notYet(); }", "In [3]");
        assertEquals(List.of("timedWaits cannot be used until method notYet() is declared"), timed.notes());
        assertEquals(10, session.run("%%time\nint ten = 10;\nten", "In [4]").value());
        CellError error = assertThrows(CellError.class, () -> session.run("int ok = 1;\n%time 1 / 0", "In [5]"));
        assertEquals("java.lang.ArithmeticException", error.name());
    }

    @Test
    void theFirstFailingPartStopsTheCell() throws Exception {
        assertThrows(MagicException.class, () -> session.run("int before = 1;\n%nosuchmagic\nint after = 2;", "In [6]"));
        assertEquals(1, session.run("before", "In [7]").value());
        assertThrows(CellError.class, () -> session.run("after", "In [8]"));
    }

    @Test
    void aRunningCellCanBeStopped() throws Exception {
        assertFalse(session.stopCell(), "nothing runs: nothing to stop");
        CompletableFuture<Exception> failure = CompletableFuture.supplyAsync(() -> {
            try {
                session.run("int slept = 0;\nThread.sleep(120_000);", "In [9]");
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!session.cellRunning() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(session.stopCell());
        CellError error = assertInstanceOf(CellError.class, failure.get(60, TimeUnit.SECONDS));
        assertEquals("Interrupted", error.name());
        assertFalse(session.cellRunning());
    }

    @Test
    void theEditorSeesMagicNamesOnMagicLinesAndJavaElsewhere() {
        assertEquals(new Completion(0, 3, List.of("%classpath")), session.complete("%cl", 3));
        String cell = "%jars lib\nMath.ab";
        Completion java = session.complete(cell, cell.length());
        assertEquals(cell.length() - 2, java.start());
        assertTrue(java.matches().contains("abs("), java.matches().toString());
        assertEquals(new CodeCompleteness("complete", ""), session.isComplete("%%time\nfor ("));
        assertEquals(new CodeCompleteness("incomplete", "    "), session.isComplete("%jars lib\nif (true) {"));
        // inspect is left to EditorHelpTest: in one JVM only the first JShell that is asked for
        // documentation finds any on JDK 17 (not on 25); a kernel has one JShell
    }
}
