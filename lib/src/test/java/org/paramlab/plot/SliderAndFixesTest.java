package org.paramlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/** Sliders (layout.sliders) and the figure fixes of issue 11: clipped losses, every class labelled, bar labels. */
class SliderAndFixesTest {

    @Test
    void eachSliderStepShowsItsOwnLinesAndTheFixedOnes() throws Exception {
        var chart = new SliderChart("p vs rain", "rain", "p", "rain weight")
                .yRange(0, 1)
                .fixed("threshold", new double[] {0, 1}, new double[] {0.6, 0.6});
        chart.step("-0.6").line("p", new double[] {0, 1}, new double[] {0.7, 0.6});
        chart.step("-2.4").line("p", new double[] {0, 1}, new double[] {0.7, 0.2}).line("q", new double[] {0}, new double[] {0});
        JsonNode json = PlotlyJsonTest.parse(chart.active(1).figure());

        assertEquals(4, json.get("data").size(), "1 fixed + 1 + 2 step lines");
        JsonNode slider = json.get("layout").get("sliders").get(0);
        assertEquals(1, slider.get("active").asInt());
        assertEquals("rain weight = ", slider.get("currentvalue").get("prefix").asText());
        JsonNode steps = slider.get("steps");
        assertEquals(2, steps.size());
        assertEquals("-0.6", steps.get(0).get("label").asText());
        assertEquals("[true,true,false,false]", steps.get(0).get("args").get(0).get("visible").toString());
        assertEquals("[true,false,true,true]", steps.get(1).get("args").get(0).get("visible").toString());
        // the figure opens on the active step
        assertFalse(json.get("data").get(1).get("visible").asBoolean());
        assertTrue(json.get("data").get(2).get("visible").asBoolean());
        assertEquals("[0.0,1.0]", json.get("layout").get("yaxis").get("range").toString());
        assertEquals("p", json.get("layout").get("yaxis").get("title").get("text").asText(), "merged, not replaced");
        assertEquals("power", PlotlyJsonTest.parse(new SliderChart("t", "x", "y", "s").logY()
                .step("a").line("l", new double[] {1}, new double[] {1e-9}).figure())
                .get("layout").get("yaxis").get("exponentformat").asText(), "10⁻⁹, not 1n");
    }

    @Test
    void aSliderNeedsStepsWithLines() {
        assertThrows(IllegalStateException.class, () -> new SliderChart("t", "x", "y", "s").figure());
        assertThrows(IllegalStateException.class, () -> new SliderChart("t", "x", "y", "s").line("a", new double[] {1}, new double[] {1}));
        assertThrows(IllegalStateException.class, () -> new SliderChart("t", "x", "y", "s").step("a").figure());
    }

    @Test
    void aDivergingRunIsClippedWithMarksAndTheOthersKeepTheirScale() throws Exception {
        JsonNode json = PlotlyJsonTest.parse(new LossCurves("lr")
                .add("lr 0.1", new double[] {2.0, 0.5, 0.1})
                .add("lr 2", new double[] {2729, 1e20, 1e34})
                .logScale()
                .clipAbove(10)
                .figure());
        JsonNode data = json.get("data");
        assertEquals(3, data.size(), "two runs and the marks of the one off the chart");
        assertEquals("[10.0,10.0,10.0]", data.get(1).get("y").toString(), "values above 10 drawn at 10");
        assertEquals("[2.0,0.5,0.1]", data.get(0).get("y").toString(), "the run below the clip is untouched");
        assertEquals("triangle-up", data.get(2).get("marker").get("symbol").asText());
        assertTrue(data.get(2).get("text").get(2).asText().contains("1e+34"), data.get(2).get("text").toString());
        assertTrue(json.get("layout").get("title").get("text").asText().contains("off the chart"));
        JsonNode range = json.get("layout").get("yaxis").get("range");
        assertEquals(Math.log10(0.1) - 0.1, range.get(0).asDouble(), 1e-9);
        assertEquals(1.1, range.get(1).asDouble(), 1e-9);
    }

    @Test
    void theConfusionMatrixLabelsEveryClass() throws Exception {
        int[][] counts = new int[10][10];
        List<String> names = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        JsonNode layout = PlotlyJsonTest.parse(HeatmapChart.confusionMatrix("c", counts, names)).get("layout");
        for (String axis : new String[] {"xaxis", "yaxis"}) {
            assertEquals("category", layout.get(axis).get("type").asText());
            assertEquals(1, layout.get(axis).get("dtick").asInt());
        }
        assertEquals("reversed", layout.get("yaxis").get("autorange").asText(), "row 0 still at the top");
    }

    @Test
    void longBarLabelsAreWrappedAndKeptHorizontal() throws Exception {
        JsonNode json = PlotlyJsonTest.parse(new BarChart("m", "model", "GB")
                .categories("7B model", "DeepSeek-R1, active per token", "DeepSeek-R1, total", "GPT-4 (rumour, unconfirmed)")
                .series("FP32", 28, 148, 2684, 7040)
                .figure());
        JsonNode x = json.get("data").get(0).get("x");
        assertEquals("7B model", x.get(0).asText());
        assertTrue(x.get(1).asText().contains("<br>"), x.toString());
        assertEquals(0, json.get("layout").get("xaxis").get("tickangle").asInt());
        assertTrue(json.get("layout").get("xaxis").get("automargin").asBoolean());
    }
}
