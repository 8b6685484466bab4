package org.paramlab.kernel.eval;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What JShell reports, in the words a notebook shows: compile errors with line, column and a
 * marker under the code; exceptions with their stack frames, where a frame in cell code reads
 * "line 5 of this cell" or "line 2 of In [4]" instead of JShell's "#12:3"; and the note for a
 * declaration that waits for another. To name the cell behind a frame it remembers where each
 * snippet came from, as long as later code can still call it.
 */
final class Tracebacks {

    /** How many stack frames of a runtime error are shown before "... n more". */
    private static final int MAX_FRAMES = 30;

    private final JShell shell;
    /**
     * Where each snippet came from (its cell and first line), to turn "#12:3" into a cell line.
     * Kept only for declarations later cells can call (methods, classes, variables), so it does
     * not grow with every cell.
     */
    private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();

    private record SnippetOrigin(String cell, int firstLine) {
    }

    Tracebacks(JShell shell) {
        this.shell = shell;
    }

    // ---- where snippets came from ---------------------------------------------------------------

    void remember(Snippet snippet, String cellName, int firstLine) {
        origins.put(snippet.id(), new SnippetOrigin(cellName, firstLine));
    }

    /** No stack trace can point at this snippet any more (it finished, or a later one replaced it). */
    void forget(Snippet snippet) {
        origins.remove(snippet.id());
    }

    int remembered() {
        return origins.size();
    }

    // ---- errors ---------------------------------------------------------------------------------

    /** The snippet {@code piece} of {@code code} did not compile: every error, with its line and a marker. */
    CellError compileError(Snippet snippet, String code, Piece piece) {
        List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        if (errors.isEmpty()) {
            int line = CellText.lineOf(code, piece.start());
            return new CellError("CompileError", "line " + line + ": JShell cannot run this snippet",
                    List.of(red("Compile error at line " + line + ": JShell cannot run this kind of snippet"),
                            CellText.lineText(code, piece.firstCodeOffset(code))));
        }
        List<String> traceback = new ArrayList<>();
        String first = null;
        for (Diag diag : errors) {
            long position = diag.getPosition() >= 0 ? diag.getPosition() : diag.getStartPosition();
            int offset = (int) Math.min(code.length(), piece.start() + Math.max(0, position));
            String message = cleanMessage(diag.getMessage(Locale.ROOT));
            String headline = "line " + CellText.lineOf(code, offset) + ", column " + CellText.columnOf(code, offset)
                    + ": " + message.lines().findFirst().orElse("");
            if (first == null) {
                first = headline;
            }
            traceback.add(red("Compile error at " + headline));
            message.lines().skip(1).forEach(detail -> traceback.add("  " + detail.strip()));
            traceback.add(CellText.lineText(code, offset));
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

    /** "^^^^" under the code the error is about, on its own line. */
    private static String marker(String code, int offset, Diag diag, Piece piece) {
        int lineStart = CellText.lineStart(code, offset);
        int lineEnd = CellText.lineEnd(code, offset);
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

    /** Cell code threw: the exception, its frames and up to five causes. */
    CellError runtimeError(JShellException exception, String cellName) {
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

    /** The cell was stopped (Kernel > Interrupt) while the snippet starting at {@code line} ran. */
    static CellError interrupted(int line) {
        return new CellError("Interrupted", "the cell was stopped at line " + line,
                List.of(red("Interrupted: the cell was stopped (Kernel > Interrupt) while running the snippet"
                        + " at line " + line + "."), "Variables and definitions made so far are kept."));
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

    // ---- notes ----------------------------------------------------------------------------------

    /** "method f() cannot be used until g is declared": the snippet was kept but needs another first. */
    String unresolvedNote(Snippet snippet) {
        List<String> missing = shell.unresolvedDependencies(
                snippet instanceof DeclarationSnippet d ? d : null).collect(Collectors.toList());
        String what = snippet instanceof DeclarationSnippet d ? d.name() : snippet.source().strip();
        return what + " cannot be used until " + String.join(", ", missing) + " is declared";
    }

    private static String red(String text) {
        return "\u001b[31m" + text + "\u001b[0m";
    }
}
