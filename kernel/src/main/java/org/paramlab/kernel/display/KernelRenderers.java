package org.paramlab.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.common.Text;
import org.dflib.jjava.jupyter.kernel.display.common.Url;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.paramlab.core.Language;
import org.paramlab.core.Parameter;
import org.paramlab.core.Precision;
import org.paramlab.layers.Sequential;
import org.paramlab.plot.HtmlView;
import org.paramlab.plot.PlotlyJson;
import org.paramlab.summary.ModelSummary;
import org.paramlab.summary.TextTable;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

import java.util.UUID;

/**
 * How the kernel shows the objects a learner meets: tables as HTML tables, plots as Plotly JSON
 * (drawn by JupyterLab offline), models as their parameter summary, parameters as a small table.
 * Images ({@code BufferedImage} as PNG), URLs and text in a chosen MIME type
 * ({@code render("<b>x</b>", "text/html")}) come with jjava-jupyter's common renderers.
 */
public final class KernelRenderers {

    public static final String PLOTLY_MIME_TYPE = "application/vnd.plotly.v1+json";
    public static final MIMEType PLOTLY = MIMEType.parse(PLOTLY_MIME_TYPE);

    private KernelRenderers() {
    }

    public static void registerAll(Renderer renderer) {
        Image.registerAll(renderer);
        Url.registerAll(renderer);
        Text.registerAll(renderer);

        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((table, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.of(table));
                    // as Tablesaw prints it, with Chinese characters counted two columns wide (TextTable.printed)
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> TextTable.printed(table).length() > 20_000
                            ? TextTable.printed(table, TableHtml.HEAD_ROWS + TableHtml.TAIL_ROWS) : TextTable.printed(table));
                });

        renderer.createRegistration(Figure.class)
                .preferring(PLOTLY, MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((figure, context) -> {
                    // written once by the library (a PlotlyFigure keeps it; a user's own tablesaw Figure is
                    // converted here), sent as a JSON object without being parsed again
                    String json = PlotlyJson.toJson(figure);
                    context.renderIfRequested(PLOTLY, () -> new RawJson(json));
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> figureHtml(figure, json));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> figureText(figure));
                });

        renderer.createRegistration(Sequential.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((model, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.of(ModelSummary.of(model)));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> model + "\n\n" + ModelSummary.text(model));
                });

        renderer.createRegistration(Parameter.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((parameter, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> parameterHtml(parameter));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, parameter::toString);
                });

        // the library's live views (training progress bar): HTML in the notebook, clock-free text elsewhere
        renderer.createRegistration(HtmlView.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((view, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, view::html);
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, view::text);
                });
    }

    /**
     * For front ends without the Plotly renderer: draws with plotly.js if the page already has it
     * (no CDN is used), otherwise says what the figure is.
     */
    static String figureHtml(Figure figure, String figureJson) {
        String id = "plotly-" + UUID.randomUUID();
        String json = figureJson.replace("</", "<\\/");
        return "<div id=\"" + id + "\">" + Html.escape(figureText(figure)) + "</div>\n"
                + "<script>(function(){var fig=" + json + ";"
                + "if(window.Plotly){var el=document.getElementById('" + id + "');el.textContent='';"
                + "Plotly.newPlot(el,fig.data,fig.layout);}})();</script>";
    }

    /** {"data": [...], "layout": {...}} as plotly.js reads it, ready to go into a message as a JSON object. */
    public static RawJson plotlyJson(Figure figure) {
        return new RawJson(PlotlyJson.toJson(figure));
    }

    static String figureText(Figure figure) {
        String title = figure.getLayout() == null ? null : figure.getLayout().getTitle();
        int traces = figure.getTraces().length;
        return "Figure" + (title == null || title.isBlank() ? "" : " \"" + title + "\"")
                + " with " + traces + (traces == 1 ? " trace" : " traces");
    }

    static String parameterHtml(Parameter p) {
        StringBuilder html = new StringBuilder("<table class=\"paramlab-parameter\"><thead><tr>")
                .append("<th>").append(Language.label("name")).append("</th><th>").append(Language.label("role"))
                .append("</th><th>").append(Language.label("shape")).append("</th><th>").append(Language.label("count"))
                .append("</th>");
        for (Precision precision : Precision.values()) {
            html.append("<th>").append(Html.escape(Language.label("bytes %s", precision))).append("</th>");
        }
        html.append("</tr></thead><tbody><tr>")
                .append("<td>").append(Html.escape(p.name())).append("</td>")
                .append("<td>").append(Language.label(p.role().name())).append("</td>")
                .append("<td>").append(p.shape()).append("</td>")
                .append("<td>").append(String.format("%,d", p.count())).append("</td>");
        for (Precision precision : Precision.values()) {
            html.append("<td>").append(String.format("%,d", p.bytes(precision))).append("</td>");
        }
        return html.append("</tr></tbody></table>").toString();
    }
}
