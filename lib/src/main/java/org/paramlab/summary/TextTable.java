package org.paramlab.summary;

import java.util.Locale;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as aligned plain text, for {@code toString()} and terminals: every column as
 * wide as its widest cell, text left-aligned, numbers right-aligned under their header. Whole
 * numbers get thousands separators ({@code 1,628,200}), others six decimals.
 */
public final class TextTable {

    private TextTable() { }

    /** The header line and one line per row. */
    public static String of(Table table) {
        return of(table, false);
    }

    /**
     * Like {@link #of(Table)}; with {@code lastRowIsTotal} a rule of dashes goes under the header
     * and above the last row, as in a sum on paper.
     */
    public static String of(Table table, boolean lastRowIsTotal) {
        int cols = table.columnCount();
        int rows = table.rowCount();
        String[][] cells = new String[rows + 1][cols];
        boolean[] numeric = new boolean[cols];
        int[] widths = new int[cols];
        for (int c = 0; c < cols; c++) {
            Column<?> column = table.column(c);
            numeric[c] = column instanceof NumericColumn<?>;
            cells[0][c] = column.name();
            for (int r = 0; r < rows; r++) {
                cells[r + 1][c] = cell(column, r);
            }
            for (String[] line : cells) {
                widths[c] = Math.max(widths[c], displayWidth(line[c]));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r <= rows; r++) {
            if (lastRowIsTotal && r == rows && rows > 0) {
                appendRule(sb, widths);
            }
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String padding = " ".repeat(widths[c] - displayWidth(cells[r][c]));
                line.append(numeric[c] ? padding + cells[r][c] : cells[r][c] + padding).append("  ");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (lastRowIsTotal && r == 0) {
                appendRule(sb, widths);
            }
        }
        return sb.toString();
    }

    /**
     * The table as Tablesaw prints it ({@code table.printAll()}: the title centred, every cell
     * right-aligned, " | " between columns), with each column as wide as its widest cell in a
     * fixed-width font: a Chinese character counts as two columns, so Chinese tables line up. For a
     * table without wide characters this is exactly {@code table.printAll()}; cells are printed with
     * each column's own formatter, so every number is the same token.
     */
    public static String printed(Table table) {
        return printed(table, -1);
    }

    /** {@link #printed(Table)} of at most {@code maxRows} rows (the first and last ones), as {@code table.print(maxRows)}. */
    public static String printed(Table table, int maxRows) {
        // Tablesaw measures a cell by String.length(): a zero-width mark before each wide character makes
        // the length its display width; the marks are taken out of the printed text.
        Table marked = Table.create(table.name() == null ? null : marked(table.name()));
        for (Column<?> column : table.columns()) {
            StringColumn cells = StringColumn.create(marked(column.name()));
            for (int r = 0; r < column.size(); r++) {
                cells.append(marked(column.getString(r)));
            }
            marked.addColumns(cells);
        }
        String text = maxRows < 0 ? marked.printAll() : marked.print(maxRows);
        return text.replace(String.valueOf(WIDTH_MARK), "");
    }

    /** A private-use character: the text of a table never holds it. */
    private static final char WIDTH_MARK = '\uE000';

    private static String marked(String text) {
        if (text == null || text.codePoints().noneMatch(TextTable::isWide)) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (isWide(c) && Character.charCount(c) == 1) {   // a wide character beyond the BMP is 2 chars already
                sb.append(WIDTH_MARK);
            }
            sb.appendCodePoint(c);
        });
        return sb.toString();
    }

    private static String cell(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return "";                          // e.g. NaN in a double column
        }
        Object value = column.get(row);
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return String.format(Locale.ROOT, "%.6f", ((Number) value).doubleValue());
        }
        return column.getString(row);
    }

    /**
     * The columns {@code text} takes in a fixed-width font: 2 for each wide character (Chinese,
     * Japanese and Korean characters, full-width punctuation such as ，。（）), 1 for the others.
     */
    public static int displayWidth(String text) {
        return text.codePoints().map(c -> isWide(c) ? 2 : 1).sum();
    }

    /** East Asian wide and full-width characters (Unicode UAX #11), by their blocks. */
    private static boolean isWide(int c) {
        return c >= 0x1100 && c <= 0x115F                 // Hangul Jamo
                || c >= 0x2E80 && c <= 0x303E             // CJK radicals, symbols and punctuation (。、「」)
                || c >= 0x3041 && c <= 0x33FF             // kana, CJK compatibility
                || c >= 0x3400 && c <= 0x4DBF             // CJK extension A
                || c >= 0x4E00 && c <= 0x9FFF             // CJK unified ideographs
                || c >= 0xA000 && c <= 0xA4CF             // Yi
                || c >= 0xAC00 && c <= 0xD7A3             // Hangul syllables
                || c >= 0xF900 && c <= 0xFAFF             // CJK compatibility ideographs
                || c >= 0xFE30 && c <= 0xFE4F             // CJK compatibility forms
                || c >= 0xFF00 && c <= 0xFF60             // full-width forms (，（）：)
                || c >= 0xFFE0 && c <= 0xFFE6
                || c >= 0x20000 && c <= 0x3FFFD;          // CJK extensions B and later
    }

    private static void appendRule(StringBuilder sb, int[] widths) {
        int total = 2 * (widths.length - 1);   // the two spaces between columns
        for (int w : widths) {
            total += w;
        }
        sb.append("-".repeat(total)).append('\n');
    }
}
