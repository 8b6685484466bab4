package org.paramlab.kernel.display;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.paramlab.core.Parameter;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.LinePlot;
import tech.tablesaw.plotly.api.ScatterPlot;
import tech.tablesaw.plotly.components.Figure;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelRenderersTest {

    private final Renderer renderer = new Renderer();

    KernelRenderersTest() {
        KernelRenderers.registerAll(renderer);
    }

    private static Table xy() {
        return Table.create("points",
                DoubleColumn.create("x", new double[]{1, 2, 3}),
                DoubleColumn.create("y", new double[]{3, 1, 2.5}),
                StringColumn.create("group", new String[]{"a", "b", "a"}));
    }

    @Test
    void tableBecomesAnHtmlTableWithEveryCell() {
        DisplayData data = renderer.render(xy());
        String html = (String) data.getData(MIMEType.TEXT_HTML);
        assertTrue(html.startsWith("<table"), html);
        assertTrue(html.contains("<th>group</th>"));
        assertTrue(html.contains("<td>2.5</td>"));
        assertTrue(html.contains("3 rows × 3 columns"));
        assertTrue(data.hasDataForType(MIMEType.TEXT_PLAIN));
    }

    @Test
    void longTableIsTruncatedAndSaysHowManyRowsItHas() {
        Table big = Table.create("big", IntColumn.create("i", IntStream.range(0, 1000).toArray()));
        String html = TableHtml.of(big);
        assertTrue(html.contains("1,000 rows"), html);
        assertTrue(html.contains("<td>9</td>"));
        assertFalse(html.contains("<td>10</td>"), "row 10 is in the hidden middle");
        assertTrue(html.contains("<td>999</td>"));
        assertTrue(html.contains("<td>…</td>"));
    }

    @Test
    void htmlInCellsIsEscaped() {
        Table t = Table.create("t", StringColumn.create("s", new String[]{"<b>&"}));
        assertTrue(TableHtml.of(t).contains("&lt;b&gt;&amp;"));
    }

    @Test
    void figureBecomesAPlotlyJsonObjectWithDataAndLayout() {
        Figure figure = LinePlot.create("Loss", xy(), "x", "y");
        DisplayData data = renderer.render(figure);
        JsonObject json = parse(data.getData(KernelRenderers.PLOTLY));
        JsonArray traces = json.getAsJsonArray("data");
        assertEquals(1, traces.size());
        JsonObject trace = traces.get(0).getAsJsonObject();
        assertEquals("scatter", trace.get("type").getAsString());
        assertEquals("lines", trace.get("mode").getAsString());
        assertEquals(2.5, trace.getAsJsonArray("y").get(2).getAsDouble(), 1e-9, "numbers, not strings");
        assertTrue(trace.getAsJsonArray("x").get(0).getAsJsonPrimitive().isNumber());
        assertEquals("Loss", json.getAsJsonObject("layout").getAsJsonObject("title").get("text").getAsString());
        assertTrue(((String) data.getData(MIMEType.TEXT_HTML)).contains("Plotly.newPlot"));
        assertEquals("Figure \"Loss\" with 1 trace", data.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void groupedScatterHasOneTracePerGroup() {
        Figure figure = ScatterPlot.create("Groups", xy(), "x", "y", "group");
        JsonObject json = parse(KernelRenderers.plotlyJson(figure));
        assertEquals(2, json.getAsJsonArray("data").size());
        assertEquals("a", json.getAsJsonArray("data").get(0).getAsJsonObject().get("name").getAsString());
        assertEquals(6.0, json.getAsJsonArray("data").get(0).getAsJsonObject()
                .getAsJsonObject("marker").get("size").getAsDouble(), 1e-9);
    }

    /** What Jupyter receives: the message writer (Gson) puts the raw JSON in as an object, not a string. */
    private static JsonObject parse(Object plotly) {
        String message = new com.google.gson.Gson().toJson(java.util.Map.of("data", java.util.Map.of(KernelRenderers.PLOTLY_MIME_TYPE, plotly)));
        return com.google.gson.JsonParser.parseString(message).getAsJsonObject().getAsJsonObject("data")
                .getAsJsonObject(KernelRenderers.PLOTLY_MIME_TYPE);
    }

    @Test
    void libraryFigureIsWrittenOnceAndSentAsItsOwnTextForBothViews() {
        Figure figure = new org.paramlab.plot.LineChart("Loss", "epoch", "loss").line("run", new double[] {1, 2}, new double[] {1, 0.5}).figure();
        DisplayData data = renderer.render(figure);
        RawJson json = (RawJson) data.getData(KernelRenderers.PLOTLY);
        assertSame(((org.paramlab.plot.PlotlyFigure) figure).json(), json.json(), "the figure's own text, not a copy");
        assertSame(json.json(), ((RawJson) renderer.render(figure).getData(KernelRenderers.PLOTLY)).json(),
                "a second display writes nothing new");
        assertTrue(((String) data.getData(MIMEType.TEXT_HTML)).contains("var fig=" + json.json() + ";"));
        assertEquals("scatter", parse(json).getAsJsonArray("data").get(0).getAsJsonObject().get("type").getAsString());
        // the kernel's messages are Gson trees: the same object there
        assertEquals(parse(json), new com.google.gson.Gson().toJsonTree(java.util.Map.of("data", java.util.Map.of(
                KernelRenderers.PLOTLY_MIME_TYPE, json))).getAsJsonObject().getAsJsonObject("data").get(KernelRenderers.PLOTLY_MIME_TYPE));
    }

    @Test
    void htmlViewShowsItsHtmlAndItsTextFallback() {
        DisplayData data = renderer.render(new org.paramlab.plot.HtmlView("<b>epoch 1/3</b>", "epoch 1/3"));
        assertEquals("<b>epoch 1/3</b>", data.getData(MIMEType.TEXT_HTML));
        assertEquals("epoch 1/3", data.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void parameterBecomesATableWithBytesPerPrecision() {
        Parameter weights = new Parameter("dense.W", Parameter.Role.WEIGHT, 3, 4);
        String html = (String) renderer.render(weights).getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("dense.W"));
        assertTrue(html.contains("<td>3x4</td>"));
        assertTrue(html.contains("<td>12</td>"));
        assertTrue(html.contains("<td>48</td>"), "12 parameters × 4 bytes at FP32");
    }
}
