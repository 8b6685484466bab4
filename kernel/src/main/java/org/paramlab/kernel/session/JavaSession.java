package org.paramlab.kernel;

import org.paramlab.kernel.cell.Cell;
import org.paramlab.kernel.eval.CellError;
import org.paramlab.kernel.eval.CellResult;
import org.paramlab.kernel.eval.JavaEvaluator;
import org.paramlab.kernel.magic.MagicRegistry;
import org.paramlab.kernel.magic.ParamLabMagics;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The notebook's Java session: JShell (started on its own thread as soon as the JVM is up), the
 * magics, and what they may change (the classpath). Every cell, and every cell a magic runs
 * ({@code %load}, {@code %%time}), goes through {@link #runCell}: one path for all Java.
 */
final class JavaSession implements KernelServices {

    private final CompletableFuture<JavaEvaluator> evaluator;
    private final MagicRegistry magics = ParamLabMagics.registry();
    private final List<Path> addedClasspath = new CopyOnWriteArrayList<>();
    private final Path workingDirectory = Path.of("").toAbsolutePath();
    /** The name errors use for the running cell, e.g. "In [3]". */
    private volatile String cellName = "code";

    private JavaSession(CompletableFuture<JavaEvaluator> evaluator) {
        this.evaluator = evaluator;
    }

    /**
     * Starts JShell with the start-up imports on a new thread and returns at once: JShell's start is
     * the longest part of a kernel's start, so it overlaps with binding the sockets and the
     * kernel_info handshake.
     */
    static JavaSession start(PrintStream log) {
        CompletableFuture<JavaEvaluator> evaluator = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                JavaEvaluator java = new JavaEvaluator(System.getProperty("java.class.path"));
                StartTimeline.mark("jshell created");
                for (String failed : java.importAll(StartupImports.lines())) {
                    log.println("paramlab kernel: start-up import failed: " + failed);
                }
                StartTimeline.mark("imports");
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
    JavaEvaluator java() {
        return evaluator.join();
    }

    boolean isStarted() {
        return evaluator.isDone();
    }

    MagicRegistry magics() {
        return magics;
    }

    void setCellName(String name) {
        cellName = name;
    }

    // ---- KernelServices ------------------------------------------------------------------------

    @Override
    public CellResult runCell(String cell) throws Exception {
        return Cell.parse(cell).run(this, magics);
    }

    @Override
    public CellResult runJava(String code) throws CellError {
        CellResult result = java().eval(code, cellName);
        if (!result.notes().isEmpty()) {
            System.out.flush(); // what the cell printed comes before the notes about it
            for (String note : result.notes()) {
                System.err.println("Note: " + note);
            }
        }
        return result;
    }

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
}
