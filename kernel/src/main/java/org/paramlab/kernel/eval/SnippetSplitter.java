package org.paramlab.kernel.eval;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a cell into the snippets JShell runs one at a time ({@code int x = 1; x + 1} is two). Where
 * one snippet ends is JShell's own judgement ({@link SourceCodeAnalysis#analyzeCompletion}), so
 * running a cell and helping an editor with it cut it the same way.
 */
final class SnippetSplitter {

    private final SourceCodeAnalysis analysis;

    SnippetSplitter(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    /** The cell's snippets in order; an unfinished rest is the last piece, not complete. */
    List<Piece> split(String code) {
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

    /** The snippet the cursor is in, as the raw text of the cell (completion works per snippet). */
    Piece pieceAt(String code, int cursor) {
        int start = 0;
        for (Piece piece : split(code)) {
            if (cursor <= piece.end()) {
                return new Piece(code.substring(piece.start(), piece.end()), piece.start(), piece.end(), piece.complete());
            }
            start = piece.end();
        }
        return new Piece(code.substring(start), start, code.length(), false);
    }
}
