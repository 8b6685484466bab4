package org.paramlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.paramlab.core.Parameter;

class HeatmapChartTest {

    @Test
    void weightMatrixKeepsItsShapeWithRowZeroOnTop() throws Exception {
        Parameter w = new Parameter("dense1.weights", Parameter.Role.WEIGHT, 3, 4);
        w.value().set(2, 1, -0.75f);
        JsonNode json = PlotlyJsonTest.parse(HeatmapChart.of(w));
        JsonNode trace = json.get("data").get(0);
        assertEquals("heatmap", trace.get("type").asText());
        assertEquals(3, trace.get("z").size(), "one z row per matrix row");
        assertEquals(4, trace.get("z").get(0).size(), "one z column per matrix column");
        assertEquals(-0.75, trace.get("z").get(2).get(1).asDouble(), 1e-6);
        assertEquals(0, trace.get("zmid").asInt(), "colour scale centred at zero: sign is visible");
        assertEquals("#f7f7f7", trace.get("colorscale").get(1).get(1).asText(), "zero is (nearly) white");
        assertEquals("reversed", json.get("layout").get("yaxis").get("autorange").asText());
        assertTrue(json.get("layout").get("title").get("text").asText().contains("3x4"));
    }

    @Test
    void confusionMatrixLabelsClassesAndWritesCounts() throws Exception {
        JsonNode json = PlotlyJsonTest.parse(HeatmapChart.confusionMatrix("Digits",
                new int[][] {{5, 1}, {2, 7}}, List.of("rain", "sun")));
        JsonNode trace = json.get("data").get(0);
        assertEquals("rain", trace.get("x").get(0).asText());
        assertEquals("sun", trace.get("y").get(1).asText());
        assertEquals(7, trace.get("z").get(1).get(1).asInt());
        assertEquals("%{z}", trace.get("texttemplate").asText());
        assertEquals("predicted class", json.get("layout").get("xaxis").get("title").get("text").asText());
        assertEquals("true class", json.get("layout").get("yaxis").get("title").get("text").asText());
    }

    @Test
    void badShapesAreNamed() {
        IllegalArgumentException names = assertThrows(IllegalArgumentException.class,
                () -> HeatmapChart.confusionMatrix("c", new int[][] {{1, 2}, {3, 4}}, List.of("a", "b", "c")));
        assertTrue(names.getMessage().contains("2x2") && names.getMessage().contains("3 class names"), names.getMessage());
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> HeatmapChart.of("r", new double[][] {{1, 2}, {3}}, "x", "y"));
        assertTrue(ragged.getMessage().contains("row 1 has 1"), ragged.getMessage());
        IllegalArgumentException pixels = assertThrows(IllegalArgumentException.class,
                () -> HeatmapChart.image("digit", new float[63], 8, 8));
        assertTrue(pixels.getMessage().contains("64 pixels, got 63"), pixels.getMessage());
    }

    @Test
    void longImageTitlesAreWrappedNotCut() throws Exception {
        assertEquals("Row 0 of the table, a '0': 64<br>ink levels on an 8x8 grid",
                HeatmapChart.wrap("Row 0 of the table, a '0': 64 ink levels on an 8x8 grid", 32));
        assertEquals("short", HeatmapChart.wrap("short", 32));
        JsonNode layout = PlotlyJsonTest.parse(HeatmapChart.image("Row 0 of the table, a '0': 64 ink levels on an 8x8 grid",
                new float[64], 8, 8)).get("layout");
        assertTrue(layout.get("title").get("text").asText().contains("<br>"));
        assertEquals(280, layout.get("width").asInt(), "the picture keeps its size");
    }

    @Test
    void imageIsEightByEightGreys() throws Exception {
        float[] pixels = new float[64];
        pixels[8 + 3] = 16; // row 1, column 3
        JsonNode trace = PlotlyJsonTest.parse(HeatmapChart.image("a digit", pixels, 8, 8)).get("data").get(0);
        assertEquals(8, trace.get("z").size());
        assertEquals(16, trace.get("z").get(1).get(3).asInt());
        assertEquals("#ffffff", trace.get("colorscale").get(0).get(1).asText(), "no ink is white");
        assertEquals("#000000", trace.get("colorscale").get(1).get(1).asText(), "full ink is black");
    }
}
