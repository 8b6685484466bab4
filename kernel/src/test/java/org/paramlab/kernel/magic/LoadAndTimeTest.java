package org.paramlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paramlab.kernel.eval.CellResult;

class LoadAndTimeTest {

    @TempDir
    Path dir;

    /** The magics a loaded notebook runs, recorded; %load itself is the real LoadMagic. */
    final List<String> calls = new ArrayList<>();
    final LoadMagic load = new LoadMagic();

    /** A fake kernel whose registry has the real %load and magics that only record their calls. */
    private FakeKernel kernel() {
        FakeKernel kernel = new FakeKernel(dir);
        MagicRegistry magics = new MagicRegistry();
        magics.line("load", (k, args) -> load.run(k, args, kernel.out));
        magics.line("jars", (k, args) -> record("%jars " + args));
        magics.lineWithCode("time", (k, args) -> record("%time " + args));
        magics.cell("time", (k, args, body) -> record("%%time " + args + " body=" + body));
        kernel.magics = magics;
        return kernel;
    }

    private CellResult record(String call) {
        calls.add(call);
        return new CellResult(true, "magic " + call, List.of());
    }

    /** A notebook in nbformat 4; a String[] gives a cell's source as a list of lines. */
    private Path notebook(String name, Object... codeCells) throws IOException {
        StringBuilder cells = new StringBuilder("{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"# Title\\n%load x.jsh\"}");
        for (Object cell : codeCells) {
            String source;
            if (cell instanceof String[] lines) {
                List<String> quoted = new ArrayList<>();
                for (String line : lines) {
                    quoted.add(json(line));
                }
                source = "[" + String.join(", ", quoted) + "]";
            } else {
                source = json((String) cell);
            }
            cells.append(",\n{\"cell_type\": \"code\", \"execution_count\": null, \"metadata\": {}, \"outputs\": [], \"source\": ")
                    .append(source).append('}');
        }
        Path path = dir.resolve(name);
        Files.writeString(path, "{\"cells\": [" + cells + "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        return path;
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void loadsAJshFileAsOneCell() throws Exception {
        Files.writeString(dir.resolve("helpers.jsh"), "int twice(int x) { return 2 * x; }\ntwice(21)\n");
        FakeKernel kernel = kernel();
        CellResult value = load.run(kernel, List.of("helpers.jsh"), kernel.out);
        assertEquals(List.of("int twice(int x) { return 2 * x; }\ntwice(21)\n"), kernel.evaluated);
        assertEquals("value of: int twice(int x) { return 2 * x; }\ntwice(21)", value.value());
    }

    @Test
    void loadsAJavaFileWithoutItsPackageLine() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/Point.java"), "package org.example.geo;\n\nimport java.util.*;\npublic record Point(int x, int y) {}\n");
        FakeKernel kernel = kernel();
        load.run(kernel, List.of("src/Point.java"), kernel.out);
        assertEquals(List.of("\n\nimport java.util.*;\npublic record Point(int x, int y) {}\n"), kernel.evaluated);
    }

    @Test
    void onlyThePackageLineIsRemovedSoLineNumbersStay() {
        assertEquals("// Point\n\n\nclass Point {}", LoadMagic.withoutPackageLine("// Point\n\npackage a.b;\nclass Point {}"));
        assertEquals("class NoPackage {}", LoadMagic.withoutPackageLine("class NoPackage {}"));
    }

    @Test
    void loadsANotebooksCodeCellsWithTheirMagics() throws Exception {
        notebook("setup.ipynb",
                "int a = 1;",
                new String[] {"%jars lib/*.jar\n", "int b = a + 1;\n", "%time b * 2\n", "b"},
                "%%time\nThread.sleep(1);",
                "   ",
                "String s = \"done\";");
        FakeKernel kernel = kernel();
        CellResult value = load.run(kernel, List.of("setup.ipynb"), kernel.out);

        // code between magics keeps its line numbers: blank lines stand in for the lines above it
        assertEquals(List.of("int a = 1;", "\nint b = a + 1;\n", "\n\n\nb\n", "String s = \"done\";"), kernel.evaluated);
        assertEquals(List.of("%jars [lib/*.jar]", "%time [b * 2]", "%%time [] body=Thread.sleep(1);"), calls);
        assertEquals("value of: String s = \"done\";", value.value());
    }

    @Test
    void aCellThatWouldLoadTheNotebookAgainIsSkipped() throws Exception {
        notebook("self.ipynb", "int a = 1;", "%load self.ipynb\nint never = 0;", "int c = 3;");
        FakeKernel kernel = kernel();
                load.run(kernel, List.of("self.ipynb"), kernel.out);

        assertEquals(List.of("int a = 1;", "int c = 3;"), kernel.evaluated);
        assertTrue(kernel.output().contains("Skipped cell 2 of self.ipynb"), kernel.output());
    }

    @Test
    void notebooksMayLoadOtherNotebooksButNotInACycle() throws Exception {
        notebook("a.ipynb", "int a = 1;", "%load b.ipynb", "int a2 = 2;");
        notebook("b.ipynb", "int b = 1;", "%load a.ipynb");
        FakeKernel kernel = kernel();
                load.run(kernel, List.of("a.ipynb"), kernel.out);

        assertEquals(List.of("int a = 1;", "int b = 1;", "int a2 = 2;"), kernel.evaluated);
        assertTrue(kernel.output().contains("Skipped cell 2 of b.ipynb"), kernel.output());
    }

    @Test
    void anErrorInANotebookCellSaysWhichCell() throws Exception {
        notebook("bad.ipynb", "int a = 1;", "throw new RuntimeException();", "int never = 2;");
        FakeKernel kernel = kernel();
        MagicException e = assertThrows(MagicException.class,
                () -> load.run(kernel, List.of("bad.ipynb"), kernel.out));
        assertTrue(e.getMessage().contains("error in cell 2 of bad.ipynb: boom from: throw new RuntimeException();"), e.getMessage());
        assertEquals(2, kernel.evaluated.size(), "cells after the failing one do not run");
    }

    @Test
    void badFilesGiveClearErrors() throws IOException {
        FakeKernel kernel = kernel();
                
        MagicException missing = assertThrows(MagicException.class, () -> load.run(kernel, List.of("nope.jsh"), kernel.out));
        assertTrue(missing.getMessage().contains("no such file: nope.jsh"), missing.getMessage());

        Files.writeString(dir.resolve("data.csv"), "a,b");
        MagicException csv = assertThrows(MagicException.class, () -> load.run(kernel, List.of("data.csv"), kernel.out));
        assertTrue(csv.getMessage().contains("expected a .jsh, .java or .ipynb file"), csv.getMessage());

        Files.writeString(dir.resolve("broken.ipynb"), "{\"cells\": [");
        MagicException json = assertThrows(MagicException.class, () -> load.run(kernel, List.of("broken.ipynb"), kernel.out));
        assertTrue(json.getMessage().contains("is not a valid notebook"), json.getMessage());

        assertThrows(MagicException.class, () -> load.run(kernel, List.of(), kernel.out));
    }

    @Test
    void timeLinePrintsTheWallTimeAndReturnsTheValue() throws Exception {
        FakeKernel kernel = kernel();
        CellResult value = new TimeMagic().timeLine(kernel, List.of("fib(20)"), kernel.out);
        assertEquals("value of: fib(20)", value.value());
        assertEquals(List.of("fib(20)"), kernel.evaluated);
        assertTrue(kernel.output().matches("Wall time: \\d+(\\.\\d+)? (µs|ms|s)\\R"), kernel.output());
    }

    @Test
    void timeCellTimesTheBody() throws Exception {
        FakeKernel kernel = kernel();
                new TimeMagic().timeCell(kernel, "int x = 1;\n%jars lib\nx + 1", kernel.out);
        assertEquals(List.of("int x = 1;\n", "\n\nx + 1\n"), kernel.evaluated);
        assertEquals(List.of("%jars [lib]"), calls, "line magics inside a %%time cell run too");
        assertTrue(kernel.output().startsWith("Wall time: "), kernel.output());
    }

    @Test
    void timePrintsTheTimeEvenWhenTheCodeFails() {
        FakeKernel kernel = kernel();
        assertThrows(IllegalStateException.class,
                () -> new TimeMagic().timeLine(kernel, List.of("throw new Error()"), kernel.out));
        assertTrue(kernel.output().startsWith("Wall time: "), kernel.output());
    }

    @Test
    void timeWithoutCodeIsAnError() {
        FakeKernel kernel = kernel();
        MagicException line = assertThrows(MagicException.class, () -> new TimeMagic().timeLine(kernel, List.of(), kernel.out));
        assertTrue(line.getMessage().contains("%%time"), line.getMessage());
        assertThrows(MagicException.class, () -> new TimeMagic().timeCell(kernel, "  \n", kernel.out));
    }

    @Test
    void durationsUseAReadableUnit() {
        assertEquals("850 µs", TimeMagic.formatDuration(850_000));
        assertEquals("12.3 ms", TimeMagic.formatDuration(12_300_000));
        assertEquals("1.00 s", TimeMagic.formatDuration(999_990_000)); // rounds up into seconds, not "1000.0 ms"
        assertEquals("4.56 s", TimeMagic.formatDuration(4_560_000_000L));
        assertEquals("2 min 5.0 s", TimeMagic.formatDuration(125_000_000_000L));
    }
}
