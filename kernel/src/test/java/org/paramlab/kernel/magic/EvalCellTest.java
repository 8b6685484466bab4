package org.paramlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paramlab.kernel.KernelServices;

/** Cells with magics run through a real JJava MagicsRegistry and a minimal BaseKernel. */
class EvalCellTest {

    /** The smallest BaseKernel that is also KernelServices (which it hands to a FakeKernel). */
    static class TestKernel extends BaseKernel implements KernelServices {
        final FakeKernel fake;

        TestKernel(FakeKernel fake, MagicsRegistry registry) {
            super("test", "1", new LanguageInfo("java", "17", "text/x-java", ".jsh", "java", "java", "java"),
                    List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                    null, registry, false, new StringStyler("", "", "", i -> ""));
            this.fake = fake;
        }

        @Override public void addToClasspath(List<Path> paths) { fake.addToClasspath(paths); }
        @Override public List<Path> classpath() { return fake.classpath(); }
        @Override public Object evalCode(String code) { return fake.evalCode(code); }
        @Override public Path workingDirectory() { return fake.workingDirectory(); }
        @Override public Object evalRaw(String code) { return fake.evalCode(code); }
        @Override public DisplayData inspect(String code, int at, boolean extra) { return null; }
        @Override public ReplacementOptions complete(String code, int at) { return null; }
        @Override public String isComplete(String code) { return IS_COMPLETE_YES; }
    }

    @TempDir
    Path dir;
    MagicsRegistry registry;
    FakeKernel fake;
    TestKernel kernel;
    PrintStream originalOut;

    @BeforeEach
    void kernel() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/a.jar"), "x");
        registry = new MagicsRegistry();
        ParamLabMagics.registerAll(registry);
        fake = new FakeKernel(dir);
        kernel = new TestKernel(fake, registry);
        // the magics print to System.out as it is when they run; the kernel points it at the cell
        originalOut = System.out;
        System.setOut(fake.out);
    }

    @AfterEach
    void restoreOut() {
        System.setOut(originalOut);
    }

    @Test
    void plainJavaGoesToTheKernelUnchanged() throws Exception {
        assertEquals("value of: int x = 1;\nx + 1", ParamLabMagics.evalCell(kernel, registry, "int x = 1;\nx + 1"));
        assertEquals(List.of("int x = 1;\nx + 1"), fake.evaluated);
    }

    @Test
    void lineMagicsRunInOrderBetweenTheCode() throws Exception {
        Object value = ParamLabMagics.evalCell(kernel, registry, "int x = 1;\n%jars lib/*.jar\n%time String s = \"a  b\";\nx");
        assertEquals(List.of("int x = 1;\n", "String s = \"a  b\";", "\n\n\nx\n"), fake.evaluated);
        assertEquals(List.of(dir.resolve("lib/a.jar")), fake.classpath());
        assertEquals("value of: x", value);
        assertTrue(fake.output().matches("(?s)Added to the classpath: a.jar\\RWall time: .*"), fake.output());
    }

    @Test
    void cellMagicsTakeTheWholeCell() throws Exception {
        Object value = ParamLabMagics.evalCell(kernel, registry, "%%time\nint y = 2;\ny * 3");
        assertEquals(List.of("int y = 2;\ny * 3"), fake.evaluated);
        assertEquals("value of: int y = 2;\ny * 3", value);
        assertTrue(fake.output().startsWith("Wall time: "), fake.output());
    }

    @Test
    void aTimedCellMayFetchLibraries() throws Exception {
        ParamLabMagics.evalCell(kernel, registry, "%%time\n%jars lib\nint z = 3;");
        assertEquals(List.of(dir.resolve("lib/a.jar")), fake.classpath());
        assertEquals(List.of("\nint z = 3;\n"), fake.evaluated);
    }

    @Test
    void lsmagicPrintsTheList() throws Exception {
        ParamLabMagics.evalCell(kernel, registry, "%lsmagic");
        assertTrue(fake.output().startsWith("Line magics: %classpath, %jars"), fake.output());
    }

    @Test
    void unknownMagicsAreErrorsListingTheKnownOnes() {
        MagicException line = assertThrows(MagicException.class, () -> ParamLabMagics.evalCell(kernel, registry, "%mavn a:b:1"));
        assertEquals(ParamLabMagics.unknownMagicMessage("mavn", false, registry), line.getMessage());
        MagicException cell = assertThrows(MagicException.class, () -> ParamLabMagics.evalCell(kernel, registry, "%%nope\nx"));
        assertTrue(cell.getMessage().startsWith("Unknown cell magic %%nope."), cell.getMessage());
        assertEquals(List.of(), fake.evaluated);
    }

    @Test
    void aKernelWithoutKernelServicesGetsAClearError() {
        MagicException e = assertThrows(MagicException.class, () -> registry.evalLineMagic(new NotServices(registry), "jars", List.of("lib")));
        assertTrue(e.getMessage().contains("need a kernel that implements org.paramlab.kernel.KernelServices"), e.getMessage());
    }

    /** A BaseKernel that does not offer KernelServices. */
    static class NotServices extends BaseKernel {
        NotServices(MagicsRegistry registry) {
            super("plain", "1", new LanguageInfo("java", "17", "text/x-java", ".jsh", "java", "java", "java"),
                    List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                    null, registry, false, new StringStyler("", "", "", i -> ""));
        }

        @Override public Object evalRaw(String code) { return null; }
        @Override public DisplayData inspect(String code, int at, boolean extra) { return null; }
        @Override public ReplacementOptions complete(String code, int at) { return null; }
        @Override public String isComplete(String code) { return IS_COMPLETE_YES; }
    }
}
