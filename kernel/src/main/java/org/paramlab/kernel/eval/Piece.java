package org.paramlab.kernel.eval;

/**
 * One snippet of a cell: its source as JShell wants it (completed with a ';' where the user left
 * it out), and where it lies in the cell, from {@code start} to {@code end}.
 *
 * @param complete false for the unfinished rest of a cell (which JShell then rejects)
 */
record Piece(String source, int start, int end, boolean complete) {

    /** The line of the cell on which the snippet's code begins (JShell numbers its lines from there). */
    int firstLine(String cell) {
        return CellText.lineOf(cell, firstCodeOffset(cell));
    }

    /** The offset in the cell of the snippet's first character that is not white space. */
    int firstCodeOffset(String cell) {
        return CellText.firstNonBlank(cell, start, end);
    }
}
