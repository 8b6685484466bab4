package org.paramlab.kernel.eval;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Runs Java cells on JShell, in this JVM, and answers the questions an editor asks about code
 * (completion, documentation, "is this complete?"). It knows nothing of the Jupyter protocol,
 * so it can be tested on its own.
 *
 * <p>A cell may hold several snippets ({@code int x = 1; x + 1}); they run one after another and
 * the first error stops the cell. Errors name the line (and column) in the cell.
 */
public final class JavaEvaluator implements AutoCloseable {

    /** How many stack frames of a runtime error are shown before "... n more". */
    private static final int MAX_FRAMES = 30;

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final KernelExecutionControl control;
    /**
     * Where each snippet came from (its cell and first line), to turn "#12:3" into a cell line.
     * Kept only for declarations later cells can call (methods, classes, variables), so it does
     * not grow with every cell.
     */
    private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();
    /** The start-up imports as one snippet (see {@link #importAll}), and its source; null if imported line by line. */
    private static final String STARTUP_LEAD = "import java.lang.Object;";
    private volatile Snippet startupImports;
    private volatile String startupSource;
    private boolean startupImportsReplaced;
    /** Set by {@link #stop()}: the running cell ends with an "Interrupted" error. */
    private volatile boolean stopRequested;

    private record SnippetOrigin(String cell, int firstLine) {
    }

    /** One snippet of a cell: its source (as JShell wants it) and where it starts in the cell. */
    private record Piece(String source, int start, int end, boolean complete) {
    }

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
        this.analysis = shell.sourceCodeAnalysis();
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

    /** Runs a cell. {@code cellName} (e.g. "In [3]") is used when later errors point back at it. */
    public CellResult eval(String code, String cellName) throws CellError {
        List<Snippet> ran = new ArrayList<>();
        stopRequested = false; // a stop that came after the previous cell ended is not for this one
        control.cellStarts();
        try {
            return evalSnippets(code, cellName, ran);
        } finally {
            stopRequested = false;
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
                origins.remove(snippet.id());
            }
        }
    }

    /** How many snippet origins are remembered (for tests: it must not grow with every cell). */
    int rememberedOrigins() {
        return origins.size();
    }

    private CellResult evalSnippets(String code, String cellName, List<Snippet> ran) throws CellError {
        List<String> notes = new ArrayList<>();
        CellResult result = CellResult.nothing(notes);
        for (Piece piece : split(code)) {
            result = CellResult.nothing(notes);
            // JShell numbers a snippet's lines from its first non-blank character
            int firstLine = lineOf(code, firstCodeOffset(code, piece));
            if (stopRequested) {
                throw interrupted(firstLine); // stopped between two snippets: the rest does not run
            }
            for (SnippetEvent event : shell.eval(piece.source())) {
                if (event.causeSnippet() != null) {
                    if (!event.status().isActive()) {
                        origins.remove(event.snippet().id()); // replaced by this cell's definition
                        startupImportsReplaced |= event.snippet() == startupImports;
                    }
                    continue; // a dependent snippet was updated; not this cell's own result
                }
                Snippet snippet = event.snippet();
                origins.put(snippet.id(), new SnippetOrigin(cellName, firstLine));
                ran.add(snippet);
                if (event.status() == Snippet.Status.REJECTED) {
                    throw compileError(snippet, code, piece);
                }
                if (event.exception() != null && !stopRequested) {
                    throw runtimeError(event.exception(), cellName);
                }
                if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                        || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    notes.add(unresolvedNote(snippet));
                }
                result = valueOf(event, notes);
            }
            if (stopRequested) {
                throw interrupted(firstLine);
            }
        }
        if (result.hasValue() && endsWithSemicolon(code)) {
            return CellResult.nothing(notes); // like IPython: a trailing ';' hides the value
        }
        return result;
    }

    private static CellError interrupted(int line) {
        return new CellError("Interrupted", "the cell was stopped at line " + line,
                List.of(red("Interrupted: the cell was stopped (Kernel > Interrupt) while running the snippet"
                        + " at line " + line + "."), "Variables and definitions made so far are kept."));
    }

    /** Evaluates one expression and returns its value as an object (used for user_expressions). */
    public Object evalExpression(String expression) throws CellError {
        CellResult result = eval(expression, "expression");
        return result.hasValue() ? result.value() : null;
    }

    /** Stops the running cell (interrupt first; JShell forces a stop when the JDK allows it). */
    public void stop() {
        stopRequested = true;
        shell.stop();
    }

    // ---- splitting a cell into snippets -------------------------------------------------------

    private List<Piece> split(String code) {
        List<Piece> pieces = new ArrayList<>();
        int consumed = 0;
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            boolean complete = info.completeness().isComplete();
            String rest = complete ? info.remaining() : "";
            int length = remaining.length() - rest.length();
            pieces.add(new Piece(complete ? info.source() : remaining, consumed, consumed + length, complete));
            consumed += length;
            remaining = rest;
        }
        return pieces;
    }

    private static boolean endsWithSemicolon(String code) {
        return code.strip().endsWith(";");
    }

    // ---- values ---------------------------------------------------------------------------------

    private CellResult valueOf(SnippetEvent event, List<String> notes) {
        Snippet snippet = event.snippet();
        if (event.status() != Snippet.Status.VALID) {
            return CellResult.nothing(notes);
        }
        if (snippet instanceof VarSnippet variable
                && variable.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            Object value = realValue(variable, event.value());
            forget(variable);
            return new CellResult(true, value, notes);
        }
        if (snippet instanceof ExpressionSnippet expression && !"void".equals(expression.typeName())) {
            Optional<VarSnippet> variable = shell.variables()
                    .filter(v -> v.name().equals(expression.name()))
                    .filter(v -> shell.status(v) == Snippet.Status.VALID)
                    .reduce((first, second) -> second);
            return new CellResult(true, variable.map(v -> realValue(v, event.value())).orElse(event.value()), notes);
        }
        return CellResult.nothing(notes);
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

    // ---- errors ---------------------------------------------------------------------------------

    private CellError compileError(Snippet snippet, String code, Piece piece) {
        List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        if (errors.isEmpty()) {
            int line = lineOf(code, piece.start());
            return new CellError("CompileError", "line " + line + ": JShell cannot run this snippet",
                    List.of(red("Compile error at line " + line + ": JShell cannot run this kind of snippet"),
                            lineText(code, firstCodeOffset(code, piece))));
        }
        List<String> traceback = new ArrayList<>();
        String first = null;
        for (Diag diag : errors) {
            long position = diag.getPosition() >= 0 ? diag.getPosition() : diag.getStartPosition();
            int offset = (int) Math.min(code.length(), piece.start() + Math.max(0, position));
            int line = lineOf(code, offset);
            int column = offset - lineStart(code, offset) + 1;
            String message = cleanMessage(diag.getMessage(Locale.ROOT));
            String headline = "line " + line + ", column " + column + ": " + message.lines().findFirst().orElse("");
            if (first == null) {
                first = headline;
            }
            traceback.add(red("Compile error at " + headline));
            message.lines().skip(1).forEach(detail -> traceback.add("  " + detail.strip()));
            traceback.add(lineText(code, offset));
            traceback.add(marker(code, offset, diag, piece));
        }
        return new CellError("CompileError", first, traceback);
    }

    private static String cleanMessage(String message) {
        // JShell wraps snippets in a synthetic class with no name; "location: class " says nothing.
        return message.lines()
                .filter(line -> !line.strip().matches("location: class\\s*\\S*\\$?JShell.*|location: class"))
                .collect(Collectors.joining("\n"));
    }

    private static String marker(String code, int offset, Diag diag, Piece piece) {
        int lineStart = lineStart(code, offset);
        int lineEnd = lineEnd(code, offset);
        int start = offset;
        int end = offset + 1;
        if (diag.getStartPosition() >= 0 && diag.getEndPosition() > diag.getStartPosition()) {
            start = Math.max(lineStart, piece.start() + (int) diag.getStartPosition());
            end = Math.min(lineEnd, piece.start() + (int) diag.getEndPosition());
        }
        if (end <= start) {
            end = start + 1;
        }
        return " ".repeat(Math.max(0, start - lineStart)) + "^".repeat(end - start);
    }

    private CellError runtimeError(JShellException exception, String cellName) {
        String name;
        if (exception instanceof EvalException eval) {
            name = eval.getExceptionClassName();
        } else if (exception instanceof UnresolvedReferenceException unresolved) {
            name = "UnresolvedReference";
            return new CellError(name, unresolvedNote(unresolved.getSnippet()),
                    List.of(red(name + ": " + unresolvedNote(unresolved.getSnippet()))));
        } else {
            name = exception.getClass().getName();
        }
        String message = exception.getMessage() == null ? "" : exception.getMessage();
        List<String> traceback = new ArrayList<>();
        traceback.add(red(name + (message.isEmpty() ? "" : ": " + message)));
        addFrames(traceback, exception.getStackTrace(), cellName);
        Throwable cause = exception.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            String causeName = cause instanceof EvalException eval ? eval.getExceptionClassName() : cause.getClass().getName();
            traceback.add("Caused by: " + causeName + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            addFrames(traceback, cause.getStackTrace(), cellName);
        }
        return new CellError(name, message, traceback);
    }

    /** Adds up to MAX_FRAMES frames; a frame repeated many times (deep recursion) is shown once with a count. */
    private void addFrames(List<String> traceback, StackTraceElement[] frames, String cellName) {
        int shown = 0;
        int i = 0;
        while (i < frames.length && shown < MAX_FRAMES) {
            if (frames[i].getClassName().startsWith("REPL.$Cancel$")) {
                i++; // JShell's own cancellation check (JDK 22+), not the user's code
                continue;
            }
            String line = "    at " + describe(frames[i], cellName);
            int repeats = 1;
            while (i + repeats < frames.length && frames[i + repeats].equals(frames[i])) {
                repeats++;
            }
            traceback.add(repeats > 1 ? line + "   (repeated " + repeats + " times)" : line);
            shown++;
            i += repeats;
        }
        if (i < frames.length) {
            traceback.add("    ... " + (frames.length - i) + " more");
        }
    }

    /** "#12:3" (snippet 12, line 3) becomes "line 5 of this cell" or "line 2 of In [4]". */
    private String describe(StackTraceElement frame, String cellName) {
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#")) {
            return frame.toString();
        }
        SnippetOrigin origin = origins.get(file.substring(1));
        String method = frame.getMethodName() == null || frame.getMethodName().isEmpty()
                ? "" : frame.getMethodName() + " ";
        if (origin == null) {
            return method + "(snippet " + file + ", line " + frame.getLineNumber() + ")";
        }
        int line = origin.firstLine() + frame.getLineNumber() - 1;
        String where = origin.cell().equals(cellName) ? "this cell" : origin.cell();
        return method + "(line " + line + " of " + where + ")";
    }

    private String unresolvedNote(Snippet snippet) {
        List<String> missing = shell.unresolvedDependencies(
                snippet instanceof jdk.jshell.DeclarationSnippet d ? d : null).collect(Collectors.toList());
        String what = snippet instanceof jdk.jshell.DeclarationSnippet d ? d.name() : snippet.source().strip();
        return what + " cannot be used until " + String.join(", ", missing) + " is declared";
    }

    // ---- editor help: completion, documentation, completeness -----------------------------------

    public Completion complete(String code, int cursor) {
        Piece piece = pieceAt(code, cursor);
        int[] anchor = {-1};
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(piece.source(), cursor - piece.start(), anchor);
        LinkedHashSet<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        int start = anchor[0] < 0 ? cursor : piece.start() + anchor[0];
        return new Completion(start, cursor, new ArrayList<>(matches));
    }

    /** Signature and javadoc of what is at the cursor (a method, a class like Math, a variable), or null. */
    public String inspect(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++; // the whole identifier under the cursor
        }
        Piece piece = pieceAt(code, Math.min(end, code.length()));
        String text = piece.source().substring(0, Math.min(piece.source().length(), end - piece.start()));
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(text, text.length(), true);
        if (docs.isEmpty()) {
            docs = analysis.documentation(text + "(", text.length() + 1, true); // a method name without "("
        }
        if (!docs.isEmpty()) {
            return docs.stream().limit(8)
                    .map(d -> d.signature() + (d.javadoc() == null ? "" : "\n\n" + d.javadoc().strip()))
                    .distinct()
                    .collect(Collectors.joining("\n\n"));
        }
        String identifier = identifierBefore(code, end);
        return shell.variables()
                .filter(v -> v.name().equals(identifier) && shell.status(v) == Snippet.Status.VALID)
                .reduce((a, b) -> b)
                .map(v -> v.typeName() + " " + v.name() + " = " + shell.varValue(v))
                .orElse(null);
    }

    public CodeCompleteness isComplete(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case EMPTY:
                    return new CodeCompleteness("complete", "");
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    remaining = info.remaining();
                    break;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return new CodeCompleteness("incomplete", indentFor(remaining));
                default:
                    return new CodeCompleteness("invalid", "");
            }
        }
        return new CodeCompleteness("complete", "");
    }

    /** Four spaces per unclosed bracket, at least the indent of the last line. */
    static String indentFor(String code) {
        int depth = 0;
        for (char c : code.toCharArray()) {
            if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if (c == '}' || c == ')' || c == ']') {
                depth = Math.max(0, depth - 1);
            }
        }
        String lastLine = code.lines().reduce((a, b) -> b).orElse("");
        String lastIndent = lastLine.substring(0, lastLine.length() - lastLine.stripLeading().length());
        String byDepth = "    ".repeat(depth);
        return byDepth.length() >= lastIndent.length() ? byDepth : lastIndent;
    }

    /** The snippet of the cell the cursor is in, as raw text (completion works per snippet). */
    private Piece pieceAt(String code, int cursor) {
        int start = 0;
        for (Piece piece : split(code)) {
            if (cursor <= piece.end()) {
                return new Piece(code.substring(piece.start(), piece.end()), piece.start(), piece.end(), piece.complete());
            }
            start = piece.end();
        }
        return new Piece(code.substring(start), start, code.length(), false);
    }

    private static String identifierBefore(String code, int end) {
        int start = end;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        return code.substring(start, end);
    }

    // ---- text positions -------------------------------------------------------------------------

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int lineStart(String text, int offset) {
        int start = Math.min(offset, text.length());
        while (start > 0 && text.charAt(start - 1) != '\n') {
            start--;
        }
        return start;
    }

    private static int lineEnd(String text, int offset) {
        int end = text.indexOf('\n', Math.min(offset, text.length()));
        return end < 0 ? text.length() : end;
    }

    private static String lineText(String text, int offset) {
        return text.substring(lineStart(text, offset), lineEnd(text, offset));
    }

    private static int firstCodeOffset(String code, Piece piece) {
        int i = piece.start();
        while (i < piece.end() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String red(String text) {
        return "\u001b[31m" + text + "\u001b[0m";
    }

    @Override
    public void close() {
        shell.close();
    }
}
