package org.paramlab.kernel.eval;

/**
 * Positions in a cell's text, as errors name them: the line an offset is on (counted from 1), the
 * column, and that line's bounds and text. An offset past the end counts as the end.
 */
final class CellText {

    private CellText() {
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Counted from 1, as editors show it. */
    static int columnOf(String text, int offset) {
        return offset - lineStart(text, offset) + 1;
    }

    static int lineStart(String text, int offset) {
        int start = Math.min(offset, text.length());
        while (start > 0 && text.charAt(start - 1) != '\n') {
            start--;
        }
        return start;
    }

    static int lineEnd(String text, int offset) {
        int end = text.indexOf('\n', Math.min(offset, text.length()));
        return end < 0 ? text.length() : end;
    }

    /** The whole line the offset is on, without its line break. */
    static String lineText(String text, int offset) {
        return text.substring(lineStart(text, offset), lineEnd(text, offset));
    }

    /** The first offset from {@code from} (up to {@code to}) that is not white space; {@code to} if none. */
    static int firstNonBlank(String text, int from, int to) {
        int i = from;
        while (i < to && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
