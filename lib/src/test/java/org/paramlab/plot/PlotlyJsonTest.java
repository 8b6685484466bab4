package org.paramlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.ScatterPlot;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.HeatmapTrace;
import tech.tablesaw.plotly.traces.HistogramTrace;

class PlotlyJsonTest {

    /** Parses with a strict JSON parser: anything JavaScript-only would fail here. */
    static JsonNode parse(Figure figure) throws Exception {
        return new ObjectMapper().readTree(PlotlyJson.toJson(figure));
    }

    @Test
    void tablesawScatterBecomesStrictPlotlyJson() throws Exception {
        Table t = Table.create("t", DoubleColumn.create("a", 1, 2, 3), DoubleColumn.create("b", 3, 1, 2));
        JsonNode json = parse(ScatterPlot.create("It's \"quoted\" & <b>bold</b>", t, "a", "b"));

        assertEquals(1, json.get("data").size());
        JsonNode trace = json.get("data").get(0);
        assertEquals("scatter", trace.get("type").asText());
        assertTrue(trace.get("x").get(0).isNumber(), "tablesaw writes \"1.0\"; we want the number 1.0: " + trace);
        assertEquals(2.0, trace.get("x").get(1).asDouble());
        assertEquals(3.0, trace.get("y").get(0).asDouble());
        // tablesaw HTML-escapes text inside its JavaScript; the JSON carries the real characters
        assertEquals("It's \"quoted\" & <b>bold</b>", json.get("layout").get("title").get("text").asText());
        assertEquals("a", json.get("layout").get("xaxis").get("title").get("text").asText());
    }

    @Test
    void everyTraceIsConvertedWithItsOwnType() throws Exception {
        HeatmapTrace heat = HeatmapTrace.builder(new Object[] {0, 1}, new Object[] {"r0", "r1"},
                new double[][] {{1, 2}, {3, Double.NaN}}).build();
        HistogramTrace hist = HistogramTrace.builder(new double[] {1, 2, 2, 3}).name("h").build();
        PlotlyTrace bar = new PlotlyTrace("bar").set("x", List.of("a", "b")).set("y", new double[] {1, Double.NaN});
        JsonNode json = parse(new Figure(Layout.builder("three").build(), heat, hist, bar));

        List<String> types = List.of(json.get("data").get(0).get("type").asText(),
                json.get("data").get(1).get("type").asText(), json.get("data").get(2).get("type").asText());
        assertEquals(List.of("heatmap", "histogram", "bar"), types);
        assertTrue(json.get("data").get(0).get("z").get(1).get(1).isNull(), "NaN must become null in JSON");
        assertTrue(json.get("data").get(2).get("y").get(1).isNull(), "NaN must become null in JSON");
        assertFalse(json.get("data").get(1).has("autobinx"), "obsolete histogram flag should be dropped");
        assertFalse(json.get("data").get(1).has("nbinsx"), "nbinsx 0 means 'choose for me': dropped");
        assertEquals("three", json.get("layout").get("title").get("text").asText());
    }

    @Test
    void figureWithoutLayoutGetsAnEmptyLayout() throws Exception {
        JsonNode json = parse(new Figure(new PlotlyTrace("scatter").set("x", new double[] {1})));
        assertTrue(json.get("layout").isObject());
        assertEquals(0, json.get("layout").size());
    }

    @Test
    void toMapGivesPlainJavaCollections() {
        Map<String, Object> map = PlotlyJson.toMap(new LossCurves("loss").add("run", new double[] {1, 0.5}).figure());
        assertTrue(map.get("data") instanceof List<?>);
        Map<?, ?> trace = (Map<?, ?>) ((List<?>) map.get("data")).get(0);
        assertEquals("scatter", trace.get("type"));
        assertEquals(List.of(1.0, 0.5), trace.get("y"));
        assertTrue(map.get("layout") instanceof Map<?, ?>);
    }

    @Test
    void plotlyTraceIsAlsoValidJavascriptForTablesawsOwnHtml() {
        PlotlyTrace trace = new PlotlyTrace("bar").set("name", "it's").set("y", new float[] {1.5f});
        String js = trace.asJavascript(3);
        assertTrue(js.startsWith("var trace3 =\n{"), js);
        assertTrue(js.endsWith("};"), js);
        String html = new Figure(trace).asJavascript("plot");
        assertTrue(html.contains("var trace0 =") && html.contains("\"name\":\"it's\""), html);
    }

    @Test
    void libraryFigureIsWrittenOnceAndAgainOnlyWhenItsTracesChange() {
        PlotlyFigure figure = (PlotlyFigure) new LineChart("t", "x", "y")
                .line("a", new double[] {1, 2}, new double[] {3, Double.NaN}).figure();
        String first = PlotlyJson.toJson(figure);
        assertSame(first, PlotlyJson.toJson(figure), "the text written the first time");
        assertSame(first, figure.json());
        figure.setTraces(new PlotlyTrace("bar").set("x", new float[] {0.1f}).set("y", new int[] {3}));
        String second = figure.json();
        assertTrue(second.contains("\"type\":\"bar\"") && !second.contains("scatter"), second);
    }

    @Test
    void aPlotlyTraceGoesIntoTheFigureAsItsOwnJson() throws Exception {
        PlotlyTrace trace = new PlotlyTrace("scatter").set("name", "it's <b>")
                .set("x", new float[] {0.1f, 2.5f}).set("y", new double[] {1e-4, Double.POSITIVE_INFINITY})
                .set("z", new double[][] {{1, Double.NaN}}).set("marker", Map.of("size", 6));
        JsonNode data = parse(new PlotlyFigure(Charts.layout("t", "x", "y").build(), trace)).get("data").get(0);
        assertEquals(new ObjectMapper().readTree(trace.toJson()), data);
        assertEquals("[0.1,2.5]", data.get("x").toString(), "floats keep their short decimal form");
    }

    @Test
    void outputIsTheSameOnEveryCall() {
        Figure figure = new LineChart("t", "x", "y").line("a", new double[] {1, 2}, new double[] {3, 4}).figure();
        assertEquals(PlotlyJson.toJson(figure), PlotlyJson.toJson(figure));
        assertTrue(PlotlyJson.toJson(figure).contains("\"line\":{\"color\":\"#1f77b4\",\"width\":2}"),
                "attributes keep the order they were set in, so outputs compare equal across runs");
    }

    @Test
    void mixedArraysStayTextAndPlotlyTraceTextIsTakenLiterally() throws Exception {
        PlotlyTrace trace = new PlotlyTrace("bar").set("name", "R&amp;D").set("x", List.of("1", "b")).set("y", List.of("2", "3"));
        JsonNode json = parse(new Figure(trace)).get("data").get(0);
        assertTrue(json.get("x").get(0).isTextual(), "['1', 'b'] is a list of categories: " + json);
        assertTrue(json.get("y").get(0).isNumber(), "['2', '3'] is a list of numbers: " + json);
        assertEquals("R&amp;D", json.get("name").asText(), "only tablesaw's JavaScript is HTML-escaped");
    }

    @Test
    void categoryStringsStayStrings() throws Exception {
        Table t = Table.create("t", StringColumn.create("c", "x", "y"), DoubleColumn.create("v", 1, 2));
        JsonNode json = parse(tech.tablesaw.plotly.api.VerticalBarPlot.create("bars", t, "c", "v"));
        assertEquals("x", json.get("data").get(0).get("x").get(0).asText());
        assertTrue(json.get("data").get(0).get("x").get(0).isTextual());
    }
}
