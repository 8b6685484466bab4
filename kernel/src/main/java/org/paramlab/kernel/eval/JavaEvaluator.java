package org.paramlab.kernel.eval;

import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs Java cells on JShell, in this JVM. It knows nothing of the Jupyter protocol or of magics,
 * so it can be tested on its own. The work is shared with three helpers over the same JShell:
 * <pre>
 *   running a cell's snippets, their values      here
 *   errors and notes as the notebook shows them  {@link Tracebacks}
 *   completion, documentation, is_complete       {@link EditorHelp} ({@link #editorHelp()})
 *   lines and columns in a cell's text           {@link CellText}
 * </pre>
 * A cell may hold several snippets ({@code int x = 1; x + 1}, cut by {@link SnippetSplitter});
 * they run one after another and the first error stops the cell. Errors name the line (and
 * column) in the cell.
 */
public final class JavaEvaluator implements AutoCloseable {

    /** The start-up imports as one snippet (see {@link #importAll}), and its source; null if imported line by line. */
    private static final String STARTUP_LEAD = "import java.lang.Object;";

    private final JShell shell;
    private final KernelExecutionControl control;
    private final SnippetSplitter splitter;
    private final Tracebacks tracebacks;
    private final EditorHelp editorHelp;
    private volatile Snippet startupImports;
    private volatile String startupSource;
    private boolean startupImportsReplaced;
    /** Set by {@link #stop()}: the running cell ends with an "Interrupted" error. */
    private volatile boolean stopRequested;

    public JavaEvaluator(String classpath) {
        KernelExecutionControl.Provider provider = new KernelExecutionControl.Provider();
        this.shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .fileManager(ClassPathJars::new) // the class path's jars indexed quickly (see there)
                .compilerOptions("-Xlint:none")
                .build();
        this.control = provider.created();
        // javac works out its class path lazily, on the first thread that asks for it. JShell's
        // source analysis asks from its indexing thread as soon as it exists, and a late answer
        // there overwrote a class path set meanwhile: a jar added at once went missing ("package
        // does not exist"). So the class path is set here, before the analysis and its thread.
        shell.addToClasspath(classpath == null || classpath.isBlank() ? System.getProperty("java.class.path") : classpath);
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        this.splitter = new SnippetSplitter(analysis);
        this.tracebacks = new Tracebacks(shell);
        this.editorHelp = new EditorHelp(shell, analysis, splitter);
    }

    /** Completion, documentation and is_complete for the code of this session. */
    public EditorHelp editorHelp() {
        return editorHelp;
    }

    /** Adds jars or class folders (separated by the platform's path separator) for later cells. */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /**
     * Imports every line ("import java.util.*;") at once, in one JShell snippet: one compile
     * instead of one per line, the largest part of JShell's start. JShell names an import snippet
     * after its first import, and a later snippet with the same name replaces it; so the snippet
     * leads with an import no cell writes ({@code java.lang.Object}, imported anyway), and a
     * cell's own {@code import java.util.*;} adds to these instead of replacing them all (a cell
     * that does write {@code import java.lang.Object;} has them put back at once).
     * If the snippet is rejected, each line is imported on its own. Returns the lines that failed.
     */
    public List<String> importAll(List<String> importLines) {
        String source = STARTUP_LEAD + " " + String.join(" ", importLines);
        List<SnippetEvent> together = shell.eval(source);
        if (together.size() == 1 && together.get(0).status() == Snippet.Status.VALID) {
            startupImports = together.get(0).snippet();
            startupSource = source;
            return List.of();
        }
        List<String> failed = new ArrayList<>();
        for (String line : importLines) {
            for (SnippetEvent event : shell.eval(line)) {
                if (event.causeSnippet() == null && event.status() == Snippet.Status.REJECTED) {
                    failed.add(line + " (" + shell.diagnostics(event.snippet()).map(d -> d.getMessage(Locale.ROOT))
                            .collect(Collectors.joining("; ")) + ")");
                }
            }
        }
        return failed;
    }

    /**
     * A new cell begins: a stop asked for before this moment was meant for an earlier cell. Called
     * before the cell counts as running, so a stop that comes at once is kept: a cell runs its Java
     * in one or more calls of {@link #eval} (a magic's Java is a call of its own), and a stop that
     * comes before or between them still ends the cell.
     */
    public void cellStarts() {
        stopRequested = false;
        control.cellStarts();
    }

    /**
     * Runs Java as part of the current cell. {@code cellName} (e.g. "In [3]") is used when later
     * errors point back at it.
     */
    public CellResult eval(String code, String cellName) throws CellError {
        List<Snippet> ran = new ArrayList<>();
        try {
            return evalSnippets(code, cellName, ran);
        } finally {
            forgetOriginsOfFinished(ran);
            if (startupImportsReplaced) {
                // the cell wrote the lead import: the start-up imports, which include it, take its place
                startupImportsReplaced = false;
                startupImports = shell.eval(startupSource).get(0).snippet();
            }
        }
    }

    /**
     * Statements, expressions and dropped or rejected snippets cannot run again once their cell
     * is over, so no later stack trace points at them: their origins are not needed any more.
     */
    private void forgetOriginsOfFinished(List<Snippet> ran) {
        for (Snippet snippet : ran) {
            if (!snippet.kind().isPersistent() || !shell.status(snippet).isActive()) {
                tracebacks.forget(snippet);
            }
        }
    }

    /** How many snippet origins are remembered (for tests: it must not grow with every cell). */
    int rememberedOrigins() {
        return tracebacks.remembered();
    }

    private CellResult evalSnippets(String code, String cellName, List<Snippet> ran) throws CellError {
        List<String> notes = new ArrayList<>();
        CellResult last = CellResult.nothing(); // what the last snippet shows
        for (Piece piece : splitter.split(code)) {
            last = CellResult.nothing();
            int firstLine = piece.firstLine(code);
            if (stopRequested) {
                throw Tracebacks.interrupted(firstLine); // stopped between two snippets: the rest does not run
            }
            for (SnippetEvent event : shell.eval(piece.source())) {
                if (event.causeSnippet() != null) {
                    if (!event.status().isActive()) {
                        tracebacks.forget(event.snippet()); // replaced by this cell's definition
                        startupImportsReplaced |= event.snippet() == startupImports;
                    }
                    continue; // a dependent snippet was updated; not this cell's own result
                }
                Snippet snippet = event.snippet();
                tracebacks.remember(snippet, cellName, firstLine);
                ran.add(snippet);
                if (event.status() == Snippet.Status.REJECTED) {
                    throw tracebacks.compileError(snippet, code, piece);
                }
                if (event.exception() != null && !stopRequested) {
                    throw tracebacks.runtimeError(event.exception(), cellName);
                }
                if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                        || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    notes.add(tracebacks.unresolvedNote(snippet));
                }
                last = valueOf(event);
            }
            if (stopRequested) {
                throw Tracebacks.interrupted(firstLine);
            }
        }
        if (!last.hasValue() || code.strip().endsWith(";")) {
            return CellResult.nothing(notes); // like IPython: a trailing ';' hides the value
        }
        return new CellResult(true, last.value(), notes);
    }

    /** Evaluates one expression and returns its value as an object (used for user_expressions). */
    public Object evalExpression(String expression) throws CellError {
        cellStarts(); // not part of a cell: a stop that came as the cell ended is not for it
        CellResult result = eval(expression, "expression");
        return result.hasValue() ? result.value() : null;
    }

    /** Stops the running cell (interrupt first; JShell forces a stop when the JDK allows it). */
    public void stop() {
        stopRequested = true;
        shell.stop();
    }

    // ---- values ---------------------------------------------------------------------------------

    /** The value a snippet shows: an expression's (as the real object), else none. */
    private CellResult valueOf(SnippetEvent event) {
        Snippet snippet = event.snippet();
        if (event.status() != Snippet.Status.VALID) {
            return CellResult.nothing();
        }
        if (snippet instanceof VarSnippet variable
                && variable.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            Object value = realValue(variable, event.value());
            forget(variable);
            return CellResult.of(value);
        }
        if (snippet instanceof ExpressionSnippet expression && !"void".equals(expression.typeName())) {
            Optional<VarSnippet> variable = shell.variables()
                    .filter(v -> v.name().equals(expression.name()))
                    .filter(v -> shell.status(v) == Snippet.Status.VALID)
                    .reduce((first, second) -> second);
            return CellResult.of(variable.map(v -> realValue(v, event.value())).orElse(event.value()));
        }
        return CellResult.nothing();
    }

    /** JShell reports values as strings; the execution control keeps the object itself. */
    private Object realValue(VarSnippet variable, String fallback) {
        try {
            shell.varValue(variable);
            return control.lastValue();
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /**
     * Drops the temporary variable ($1, $2, ...) JShell made for an expression's value. Every
     * active variable is imported into every later snippet's generated source, so keeping
     * thousands of them would make each cell slower to compile and the heap grow without bound.
     * The kernel has already taken the value for display.
     */
    private void forget(VarSnippet temporary) {
        try {
            control.clearLastVariable(); // the variable realValue just read
            shell.drop(temporary);
        } catch (RuntimeException e) {
            // keeping the variable is harmless; only memory is at stake
        }
    }

    @Override
    public void close() {
        shell.close();
    }
}
