package org.paramlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.paramlab.core.Parameter;

class HistogramChartTest {

    @Test
    void countsValuesIntoEqualBinsWithMaxInTheLastBin() {
        HistogramChart.Bins bins = HistogramChart.count(new double[] {0, 0.1, 0.5, 0.99, 1.0, 2.0, Double.NaN}, 2, 0, 1);
        assertArrayEquals(new double[] {0, 0.5, 1.0}, bins.edges(), 1e-12);
        assertArrayEquals(new long[] {2, 3}, bins.counts(), "[0,0.5): 0 and 0.1; [0.5,1]: 0.5, 0.99, 1.0; 2.0 and NaN outside");
        assertEquals(0.25, bins.center(0), 1e-12);
    }

    @Test
    void allEqualValuesStillGiveOneVisibleBar() {
        // all-zero weights, as in the zero-initialisation notebook
        HistogramChart.Bins bins = HistogramChart.count(new double[] {0, 0, 0}, 4, 0, 0);
        assertEquals(1.0, bins.edges()[4] - bins.edges()[0], 1e-12);
        assertEquals(3, java.util.Arrays.stream(bins.counts()).sum());
    }

    @Test
    void parameterHistogramIsOneBarTraceWithAllNumbersCounted() throws Exception {
        Parameter w = new Parameter("dense1.weights", Parameter.Role.WEIGHT, 10, 10);
        for (int i = 0; i < 100; i++) {
            w.value().data[i] = i / 100f - 0.5f;
        }
        JsonNode json = PlotlyJsonTest.parse(HistogramChart.of(w));
        assertEquals(1, json.get("data").size());
        JsonNode trace = json.get("data").get(0);
        assertEquals("bar", trace.get("type").asText());
        assertEquals(40, trace.get("y").size(), "default 40 bins");
        long total = 0;
        for (JsonNode count : trace.get("y")) {
            total += count.asLong();
        }
        assertEquals(100, total);
        String title = json.get("layout").get("title").get("text").asText();
        assertTrue(title.contains("dense1.weights") && title.contains("100 numbers"), title);
        assertEquals("count", json.get("layout").get("yaxis").get("title").get("text").asText());
    }

    @Test
    void severalSeriesShareBinsAndOverlay() throws Exception {
        JsonNode json = PlotlyJsonTest.parse(new HistogramChart("before/after")
                .add("before", new float[] {0, 1, 2}).add("after", new double[] {4, Double.NaN}).bins(4).figure());
        assertEquals(2, json.get("data").size());
        assertEquals(json.get("data").get(0).get("x"), json.get("data").get(1).get("x"));
        assertEquals("overlay", json.get("layout").get("barmode").asText());
        assertTrue(json.get("layout").get("title").get("text").asText().contains("1 NaN/infinite"));
    }

    @Test
    void onlyNaNIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistogramChart.of("diverged", new float[] {Float.NaN}));
        assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("NaN"), e.getMessage());
    }
}
