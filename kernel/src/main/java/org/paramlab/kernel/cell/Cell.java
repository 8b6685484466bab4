package org.paramlab.kernel.cell;

import java.util.ArrayList;
import java.util.List;

/**
 * A notebook cell as the kernel reads it; the one place that decides what is a magic.
 * <ul>
 *   <li>a first line {@code %%name args} makes the whole cell a cell magic, the rest being its body;</li>
 *   <li>otherwise each line starting (after spaces) with {@code %} is a line magic, and the Java
 *       code between such lines runs piece by piece, in the order written;</li>
 *   <li>a cell without magics is one piece of Java, exactly as written.</li>
 * </ul>
 * Execute, is_complete, completion and {@code %load} all read cells through {@link #parse}. A cell
 * is a value only: the session runs its parts, in order.
 *
 * @param text  the cell as written
 * @param parts what runs, in order
 */
public record Cell(String text, List<Part> parts) {

    /** One thing a cell runs: Java, a line magic or a cell magic. */
    public sealed interface Part {
    }

    /** Java code; blank lines stand in for the cell's lines above it, so error line numbers match the cell. */
    public record Java(String code) implements Part {
    }

    /** {@code %name arguments} on one line; arguments are the raw text after the name. */
    public record LineMagic(String name, String arguments) implements Part {
    }

    /** {@code %%name arguments} on the first line, then the body. */
    public record CellMagic(String name, String arguments, String body) implements Part {
    }

    public static Cell parse(String text) {
        if (isCellMagic(text)) {
            String rest = text.stripLeading().substring(2); // drop the '%%'
            int newline = rest.indexOf('\n');
            String firstLine = newline < 0 ? rest : rest.substring(0, newline);
            String body = newline < 0 ? "" : rest.substring(newline + 1);
            int space = firstWhitespace(firstLine);
            return new Cell(text, List.of(new CellMagic(firstLine.substring(0, space), firstLine.substring(space).strip(), body)));
        }
        if (text.lines().noneMatch(Cell::isLineMagic)) {
            return new Cell(text, text.isBlank() ? List.of() : List.of(new Java(text)));
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (isLineMagic(lines[i])) {
                addJava(parts, code);
                String magic = lines[i].strip().substring(1); // drop the '%'
                int space = firstWhitespace(magic);
                parts.add(new LineMagic(magic.substring(0, space), magic.substring(space).strip()));
            } else {
                if (code.length() == 0) {
                    code.append("\n".repeat(i));
                }
                code.append(lines[i]).append('\n');
            }
        }
        addJava(parts, code);
        return new Cell(text, List.copyOf(parts));
    }

    private static void addJava(List<Part> parts, StringBuilder code) {
        if (!code.toString().isBlank()) {
            parts.add(new Java(code.toString()));
        }
        code.setLength(0);
    }

    /** True if {@code line} (ignoring leading spaces) is a line magic such as {@code %jars lib/*.jar}. */
    public static boolean isLineMagic(String line) {
        String text = line.stripLeading();
        return text.startsWith("%") && !text.startsWith("%%") && text.length() > 1;
    }

    /** True if the cell starts with a cell magic such as {@code %%time}. */
    public static boolean isCellMagic(String text) {
        return text.stripLeading().startsWith("%%");
    }

    /**
     * The magic name being typed before {@code cursor} ("%cl", "%%lo"), when the cursor's line
     * starts with % and has no space yet; otherwise null (the cursor is in Java or in a magic's
     * arguments).
     */
    public static String magicNameBefore(String text, int cursor) {
        int lineStart = text.lastIndexOf('\n', cursor - 1) + 1;
        String typed = text.substring(lineStart, cursor).stripLeading();
        return typed.startsWith("%") && !typed.contains(" ") ? typed : null;
    }

    /** True if the cell has a magic of either kind. */
    public boolean hasMagics() {
        return parts.stream().anyMatch(p -> !(p instanceof Java));
    }

    /**
     * The cell's Java as the editor sees it: magic lines blanked with spaces, so every offset in
     * the cell still points at the same character (for completion and is_complete). A cell
     * magic's body is not Java: its view is empty.
     */
    public String javaView() {
        if (isCellMagic(text)) {
            return "";
        }
        StringBuilder view = new StringBuilder(text.length());
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            view.append(isLineMagic(lines[i]) ? " ".repeat(lines[i].length()) : lines[i]);
            if (i < lines.length - 1) {
                view.append('\n');
            }
        }
        return view.toString();
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
