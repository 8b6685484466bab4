package org.paramlab.kernel.session;

import org.paramlab.kernel.cell.Cell;
import org.paramlab.kernel.eval.CellError;
import org.paramlab.kernel.eval.CellResult;
import org.paramlab.kernel.eval.CodeCompleteness;
import org.paramlab.kernel.eval.Completion;
import org.paramlab.kernel.eval.EditorHelp;
import org.paramlab.kernel.eval.JavaEvaluator;
import org.paramlab.kernel.magic.KernelServices;
import org.paramlab.kernel.magic.MagicRegistry;
import org.paramlab.kernel.magic.ParamLabMagics;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The notebook's Java session, the one way a cell runs. A cell is read into its parts
 * ({@link Cell}), and the session runs them in order: Java on JShell ({@link JavaEvaluator}),
 * magics through their registry. A magic that runs code ({@code %load}, {@code %%time}) comes
 * back here through {@link KernelServices}, so its Java runs exactly as a cell's. What a cell
 * shows comes back as a {@link CellResult} (its value and notes), a failure as an exception;
 * the session prints nothing of its own and knows nothing of Jupyter's messages.
 *
 * <p>The editor's questions (completion, documentation, is_complete) are answered here too, on
 * the same reading of the cell. JShell starts on its own thread as soon as the JVM is up; a cell
 * or a question that comes sooner waits for it.
 */
public final class JavaSession implements KernelServices {

    private final CompletableFuture<JavaEvaluator> evaluator;
    private final MagicRegistry magics = ParamLabMagics.registry();
    private final List<Path> addedClasspath = new CopyOnWriteArrayList<>();
    private final Path workingDirectory = Path.of("").toAbsolutePath();
    /** The name errors use for the running cell, e.g. "In [3]". */
    private volatile String cellName = "code";
    private volatile boolean cellRunning;

    private JavaSession(CompletableFuture<JavaEvaluator> evaluator) {
        this.evaluator = evaluator;
    }

    /**
     * Starts JShell with the start-up imports on a new thread and returns at once: JShell's start is
     * the longest part of a kernel's start, so it overlaps with binding the sockets and the
     * kernel_info handshake. {@code startSteps} hears "jshell created" and "imports" as they finish.
     */
    public static JavaSession start(PrintStream log, Consumer<String> startSteps) {
        CompletableFuture<JavaEvaluator> evaluator = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                JavaEvaluator java = new JavaEvaluator(System.getProperty("java.class.path"));
                startSteps.accept("jshell created");
                for (String failed : java.importAll(StartupImports.lines())) {
                    log.println("paramlab kernel: start-up import failed: " + failed);
                }
                startSteps.accept("imports");
                evaluator.complete(java);
            } catch (Throwable t) {
                log.println("paramlab kernel: JShell did not start");
                t.printStackTrace(log);
                evaluator.completeExceptionally(t);
            }
        }, "jshell-start");
        starter.setDaemon(true);
        starter.start();
        return new JavaSession(evaluator);
    }

    /** JShell, waiting for it to start if needed. */
    private JavaEvaluator java() {
        return evaluator.join();
    }

    // ---- cells ----------------------------------------------------------------------------------

    /** Runs a notebook cell; {@code name} ("In [3]") is how errors in later cells point back at it. */
    public CellResult run(String cell, String name) throws Exception {
        cellName = name;
        java().cellStarts(); // before the cell counts as running, so a stop that comes at once is kept
        cellRunning = true;
        try {
            return runCell(cell);
        } finally {
            cellRunning = false;
        }
    }

    /** True while {@link #run} runs the cell (once JShell has started) until it ends. */
    public boolean cellRunning() {
        return cellRunning;
    }

    /**
     * Stops the running cell: its thread is interrupted, then JShell forces a stop where the JDK
     * can. Variables are kept. Returns false if there was nothing to stop: no cell running (a cell
     * that waits for JShell to start has not begun to run).
     */
    public boolean stopCell() {
        if (!cellRunning) {
            return false;
        }
        java().stop();
        return true;
    }

    /** The parts in order; the first error stops the cell. The value is the last part's, the notes are all parts'. */
    @Override
    public CellResult runCell(String text) throws Exception {
        CellResult result = CellResult.nothing();
        for (Cell.Part part : Cell.parse(text).parts()) {
            result = result.then(runPart(part));
        }
        return result;
    }

    private CellResult runPart(Cell.Part part) throws Exception {
        if (part instanceof Cell.Java java) {
            return runJava(java.code());
        } else if (part instanceof Cell.LineMagic line) {
            return magics.runLine(this, line.name(), line.arguments());
        }
        Cell.CellMagic magic = (Cell.CellMagic) part;
        return magics.runCell(this, magic.name(), magic.arguments(), magic.body());
    }

    @Override
    public CellResult runJava(String code) throws CellError {
        return java().eval(code, cellName);
    }

    /** The value of one expression (for user_expressions): not a cell, so no Out[n] and no history. */
    public Object evaluate(String expression) throws CellError {
        return java().evalExpression(expression);
    }

    // ---- what magics may change -----------------------------------------------------------------

    @Override
    public void addToClasspath(List<Path> paths) {
        List<String> entries = new ArrayList<>();
        for (Path path : paths) {
            Path absolute = workingDirectory.resolve(path).toAbsolutePath().normalize();
            addedClasspath.add(absolute);
            entries.add(absolute.toString());
        }
        if (!entries.isEmpty()) {
            java().addToClasspath(String.join(File.pathSeparator, entries));
        }
    }

    @Override
    public List<Path> classpath() {
        return List.copyOf(addedClasspath);
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }

    // ---- the editor's questions -----------------------------------------------------------------

    /** On a magic's name, the magics it may be ("%cl": "%classpath"); in Java, JShell's completions. */
    public Completion complete(String cell, int cursor) {
        String magicName = Cell.magicNameBefore(cell, cursor);
        if (magicName != null) {
            return new Completion(cursor - magicName.length(), cursor, magics.namesStartingWith(magicName));
        }
        return editorHelp().complete(Cell.parse(cell).javaView(), cursor);
    }

    /** The signature and documentation of what is at the cursor, or null. */
    public String inspect(String cell, int cursor) {
        return editorHelp().inspect(Cell.parse(cell).javaView(), cursor);
    }

    /** Whether Enter should run the cell; a cell magic's body is not Java, so such a cell is complete as typed. */
    public CodeCompleteness isComplete(String cell) {
        return Cell.isCellMagic(cell)
                ? new CodeCompleteness("complete", "")
                : editorHelp().isComplete(Cell.parse(cell).javaView());
    }

    private EditorHelp editorHelp() {
        return java().editorHelp();
    }
}
