package org.paramlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.core.Parameter;
import org.paramlab.layers.Dense;
import org.paramlab.layers.Layer;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;

class BarAndLineChartTest {

    @Test
    void bytesPerPrecisionFollowsTheArticlesArithmetic() throws Exception {
        JsonNode json = PlotlyJsonTest.parse(BarChart.bytesPerPrecision("671B parameters", 671_000_000_000L));
        JsonNode bar = json.get("data").get(0);
        assertEquals("bar", bar.get("type").asText());
        assertEquals("FP32 (32 bits)", bar.get("x").get(0).asText());
        assertEquals(2_684_000_000_000.0, bar.get("y").get(0).asDouble(), "4 bytes each");
        assertEquals(1_342_000_000_000.0, bar.get("y").get(1).asDouble(), "2 bytes each");
        assertEquals(671_000_000_000.0, bar.get("y").get(2).asDouble(), "1 byte each");
        assertEquals(335_500_000_000.0, bar.get("y").get(3).asDouble(), "half a byte each");
        assertEquals("2,684,000,000,000", bar.get("text").get(0).asText());
        assertEquals("bytes", json.get("layout").get("yaxis").get("title").get("text").asText());
    }

    @Test
    void barLabelsAreCompact() throws Exception {
        JsonNode text = PlotlyJsonTest.parse(new BarChart("Accuracy", "model", "accuracy")
                .categories("a", "b", "c").series("test", 0.7, 0.037, 0.123456).figure()).get("data").get(0).get("text");
        assertEquals("0.7", text.get(0).asText(), "no padding zeros");
        assertEquals("0.037", text.get(1).asText());
        assertEquals("0.1235", text.get(2).asText(), "at most 4 significant digits");
        assertEquals("12.35", BarChart.label(12.3456));
        assertEquals("-2.5", BarChart.label(-2.5));
        assertEquals("1,024", BarChart.label(1024));
        assertEquals("0", BarChart.label(0));
        assertEquals("1.5e-07", BarChart.label(1.5e-7));
        assertEquals("1e-07", BarChart.label(1e-7));
        assertEquals("0.0001", BarChart.label(1e-4));
        assertEquals("NaN", BarChart.label(Double.NaN));
    }

    @Test
    void parameterCountsSumEachLayersParameters() throws Exception {
        Layer dense = new FakeLayer("dense1", new Parameter("dense1.W", Parameter.Role.WEIGHT, 3, 4),
                new Parameter("dense1.b", Parameter.Role.BIAS, 1, 4));
        Layer relu = new FakeLayer("relu1");
        JsonNode bar = PlotlyJsonTest.parse(BarChart.parameterCounts("Parameters", List.of(dense, relu))).get("data").get(0);
        assertEquals("dense1", bar.get("x").get(0).asText());
        assertEquals(16.0, bar.get("y").get(0).asDouble(), "3*4 weights + 4 biases");
        assertEquals(0.0, bar.get("y").get(1).asDouble(), "an activation has no parameters");
    }

    @Test
    void parameterCountsOfASequentialModel() throws Exception {
        Sequential model = new Sequential(new Dense("hidden", 64, 32, 1L), new ReLU(), new Dense("out", 32, 10, 2L));
        JsonNode bar = PlotlyJsonTest.parse(BarChart.parameterCounts("digits MLP", model)).get("data").get(0);
        assertEquals(3, bar.get("x").size());
        assertEquals(64 * 32 + 32, bar.get("y").get(0).asDouble());
        assertEquals(32 * 10 + 10, bar.get("y").get(2).asDouble());
    }

    @Test
    void groupedBarsNeedOneValuePerCategory() throws Exception {
        BarChart chart = new BarChart("Accuracy", "model", "accuracy").categories("a", "b")
                .series("train", 0.9, 0.8).series("test", 0.85, 0.7);
        JsonNode json = PlotlyJsonTest.parse(chart.figure());
        assertEquals(2, json.get("data").size());
        // bars side by side: Plotly's default barmode, "group", which tablesaw leaves out
        assertNull(json.get("layout").get("barmode"), "bars side by side (Plotly's default barmode, group)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chart.series("x", 1));
        assertTrue(e.getMessage().contains("1 values for 2 categories"), e.getMessage());
    }

    @Test
    void lineChartDrawsEachLineWithLogAxesOnRequest() throws Exception {
        JsonNode json = PlotlyJsonTest.parse(new LineChart("Capacity", "parameters", "accuracy")
                .line("train", new double[] {10, 100, 1000}, new double[] {0.6, 0.8, 0.99})
                .line("test", new float[] {10, 100, 1000}, new float[] {0.6f, 0.75f, 0.7f})
                .logX().figure());
        assertEquals(2, json.get("data").size());
        assertEquals("lines+markers", json.get("data").get(0).get("mode").asText());
        assertEquals("log", json.get("layout").get("xaxis").get("type").asText());
        assertEquals("parameters", json.get("layout").get("xaxis").get("title").get("text").asText());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LineChart("c", "x", "y").line("bad", new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("2 x values but 1 y values"), e.getMessage());
    }

    private static final class FakeLayer implements Layer {
        private final String name;
        private final List<Parameter> parameters;

        FakeLayer(String name, Parameter... parameters) {
            this.name = name;
            this.parameters = List.of(parameters);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public FMatrixRMaj forward(FMatrixRMaj input) {
            return input;
        }

        @Override
        public FMatrixRMaj backward(FMatrixRMaj outputGradient) {
            return outputGradient;
        }

        @Override
        public List<Parameter> parameters() {
            return parameters;
        }

        @Override
        public void setTraining(boolean training) {
        }

        @Override
        public boolean isTraining() {
            return false;
        }
    }
}
