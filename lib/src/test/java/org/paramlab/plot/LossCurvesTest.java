package org.paramlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Dense;
import org.paramlab.losses.MeanSquaredError;
import org.paramlab.optim.SGD;
import org.paramlab.train.History;
import org.paramlab.train.Trainer;

class LossCurvesTest {

    @Test
    void trainIsSolidValidationDashedSameColourPerRun() throws Exception {
        JsonNode json = PlotlyJsonTest.parse(new LossCurves("Three learning rates")
                .add("lr 0.1", new double[] {1.0, 0.5, 0.25}, new double[] {1.1, 0.6, 0.4})
                .add("lr 1.0", new double[] {2.0, 3.0, 9.0}, null)
                .figure());

        JsonNode data = json.get("data");
        assertEquals(3, data.size(), "two runs: train+validation, then train only");
        assertEquals("lr 0.1 · train", data.get(0).get("name").asText());
        assertEquals("lr 0.1 · validation", data.get(1).get("name").asText());
        assertEquals("solid", data.get(0).get("line").get("dash").asText());
        assertEquals("dash", data.get(1).get("line").get("dash").asText());
        assertEquals(data.get(0).get("line").get("color"), data.get(1).get("line").get("color"));
        assertTrue(!data.get(0).get("line").get("color").equals(data.get(2).get("line").get("color")),
                "each run gets its own colour");
        for (JsonNode trace : data) {
            assertEquals("scatter", trace.get("type").asText());
        }
        assertEquals(1.0, data.get(0).get("x").get(0).asDouble(), "epochs are counted from 1");
        assertEquals(0.25, data.get(0).get("y").get(2).asDouble());
        assertEquals("Three learning rates", json.get("layout").get("title").get("text").asText());
        assertEquals("epoch", json.get("layout").get("xaxis").get("title").get("text").asText());
        assertEquals("loss", json.get("layout").get("yaxis").get("title").get("text").asText());
    }

    @Test
    void runFromTrainerHistoryUsesItsLosses() throws Exception {
        FMatrixRMaj x = new FMatrixRMaj(new float[][] {{0}, {1}, {2}, {3}});
        FMatrixRMaj y = new FMatrixRMaj(new float[][] {{1}, {3}, {5}, {7}});
        Dense dense = new Dense("dense", 1, 1, 3L);
        History history = new Trainer(dense, new MeanSquaredError(), new SGD(dense.parameters(), 0.05f))
                .epochs(4).batchSize(2).seed(1).fit(Dataset.of(x, y), Dataset.of(x, y));
        JsonNode data = PlotlyJsonTest.parse(new LossCurves("fit").add("sgd", history).figure()).get("data");
        assertEquals(2, data.size(), "train and validation");
        assertEquals(4, data.get(0).get("y").size());
        assertEquals(history.trainLoss()[3], data.get(0).get("y").get(3).asDouble(), 1e-12);
        assertEquals(history.validationLoss()[0], data.get(1).get("y").get(0).asDouble(), 1e-12);
    }

    @Test
    void logScaleSetsTheLossAxisToLog() throws Exception {
        JsonNode json = PlotlyJsonTest.parse(new LossCurves("l").add("a", new float[] {1f, 0.1f}, null).logScale().figure());
        assertEquals("log", json.get("layout").get("yaxis").get("type").asText());
    }

    @Test
    void emptyChartsAndSeriesAreRefusedWithTheirName() {
        IllegalStateException noRuns = assertThrows(IllegalStateException.class, () -> new LossCurves("mine").figure());
        assertTrue(noRuns.getMessage().contains("mine"), noRuns.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new LossCurves("x").add("lr 0.5", new double[0], null));
        assertTrue(empty.getMessage().contains("lr 0.5"), empty.getMessage());
    }
}
