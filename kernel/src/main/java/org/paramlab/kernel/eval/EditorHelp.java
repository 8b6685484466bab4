package org.paramlab.kernel.eval;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an editor asks about Java while the user types, answered from JShell's source analysis
 * and the session's variables: completions at the cursor, the documentation of what is under it,
 * and whether the code is complete (Enter runs it) or not (Enter adds an indented line). It runs
 * no code.
 */
public final class EditorHelp {

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final SnippetSplitter splitter;

    EditorHelp(JShell shell, SourceCodeAnalysis analysis, SnippetSplitter splitter) {
        this.shell = shell;
        this.analysis = analysis;
        this.splitter = splitter;
    }

    /** Completions at {@code cursor}, matching the expected type first. */
    public Completion complete(String code, int cursor) {
        Piece piece = splitter.pieceAt(code, cursor);
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
        Piece piece = splitter.pieceAt(code, Math.min(end, code.length()));
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

    /** "complete", "incomplete" (with the indent for the next line) or "invalid". */
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

    private static String identifierBefore(String code, int end) {
        int start = end;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        return code.substring(start, end);
    }
}
