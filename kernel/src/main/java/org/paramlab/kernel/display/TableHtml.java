package org.paramlab.kernel.display;

import static org.paramlab.core.Language.label;

import tech.tablesaw.api.Table;

/**
 * A Tablesaw {@link Table} as an HTML table. Long tables show their first and last rows with
 * a "…" row between, and the caption always says how many rows and columns there are.
 */
public final class TableHtml {

    static final int HEAD_ROWS = 10;
    static final int TAIL_ROWS = 5;

    private TableHtml() {
    }

    public static String of(Table table) {
        int rows = table.rowCount();
        int columns = table.columnCount();
        boolean truncated = rows > HEAD_ROWS + TAIL_ROWS;
        StringBuilder html = new StringBuilder("<table class=\"paramlab-table\">\n<caption style=\"text-align:left\">");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<b>").append(Html.escape(table.name())).append("</b> &middot; ");
        }
        html.append(Html.escape(label("%,d rows × %d columns", rows, columns)));
        if (truncated) {
            html.append(Html.escape(label(" (showing the first %d and last %d rows)", HEAD_ROWS, TAIL_ROWS)));
        }
        html.append("</caption>\n<thead><tr>");
        for (String name : table.columnNames()) {
            html.append("<th>").append(Html.escape(name)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        if (truncated) {
            appendRows(html, table, 0, HEAD_ROWS);
            html.append("<tr>");
            html.append("<td>…</td>".repeat(columns));
            html.append("</tr>\n");
            appendRows(html, table, rows - TAIL_ROWS, rows);
        } else {
            appendRows(html, table, 0, rows);
        }
        return html.append("</tbody>\n</table>").toString();
    }

    private static void appendRows(StringBuilder html, Table table, int from, int to) {
        for (int row = from; row < to; row++) {
            html.append("<tr>");
            for (int column = 0; column < table.columnCount(); column++) {
                html.append("<td>").append(Html.escape(table.column(column).getString(row))).append("</td>");
            }
            html.append("</tr>\n");
        }
    }
}
