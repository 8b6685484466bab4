package org.paramlab.kernel.magic;

/**
 * One magic as written in a cell: {@code %name arguments} on one line, or
 * {@code %%name arguments} on a cell's first line followed by the cell's body.
 *
 * @param name      the magic's name without the percent signs
 * @param arguments the raw text after the name, not yet split
 * @param cell      true for a cell magic ({@code %%})
 * @param body      the rest of the cell for a cell magic, "" for a line magic
 */
record MagicCall(String name, String arguments, boolean cell, String body) {

    /** True if {@code line} (ignoring leading spaces) is a line magic such as {@code %jars lib/*.jar}. */
    static boolean isLineMagic(String line) {
        String text = line.stripLeading();
        return text.startsWith("%") && !text.startsWith("%%") && text.length() > 1;
    }

    /** True if the cell starts with a cell magic such as {@code %%time}. */
    static boolean isCellMagic(String cell) {
        return cell.stripLeading().startsWith("%%");
    }

    /** Parses a line magic: {@code "%jars lib/*.jar"} gives name "jars", arguments "lib/*.jar". */
    static MagicCall parseLine(String line) {
        String text = line.strip().substring(1); // drop the '%'
        int space = firstWhitespace(text);
        return new MagicCall(text.substring(0, space), text.substring(space).strip(), false, "");
    }

    /** Parses a cell that starts with {@code %%name arguments}; the following lines are the body. */
    static MagicCall parseCell(String cell) {
        String text = cell.stripLeading().substring(2); // drop the '%%'
        int newline = text.indexOf('\n');
        String firstLine = newline < 0 ? text : text.substring(0, newline);
        String body = newline < 0 ? "" : text.substring(newline + 1);
        int space = firstWhitespace(firstLine);
        return new MagicCall(firstLine.substring(0, space), firstLine.substring(space).strip(), true, body);
    }

    private static int firstWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return text.length();
    }
}
