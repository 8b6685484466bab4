package org.paramlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.layers.AbstractLayer;

class DecisionRegionsTest {

    private static final FMatrixRMaj POINTS = new FMatrixRMaj(new float[][] {{0, 0}, {10, 0}, {0, 10}, {10, 10}});

    /** Class 1 when x > 5: a vertical boundary, one output column. */
    private static final Function<FMatrixRMaj, FMatrixRMaj> RIGHT_HALF = x -> {
        FMatrixRMaj out = new FMatrixRMaj(x.numRows, 1);
        for (int i = 0; i < x.numRows; i++) {
            out.set(i, 0, x.get(i, 0) > 5 ? 1f : 0f);
        }
        return out;
    };

    @Test
    void gridHasResolutionSquaredPointsCoveringTheData() {
        DecisionRegions.Grid grid = new DecisionRegions("r").points(POINTS, new int[] {0, 1, 0, 1})
                .model(RIGHT_HALF).resolution(25).grid();
        assertEquals(25, grid.xs().length);
        assertEquals(25, grid.ys().length);
        assertEquals(25, grid.classes().length, "one row per y value");
        assertEquals(25, grid.classes()[0].length, "one column per x value");
        assertEquals(-0.5f, grid.xs()[0], 1e-5f, "5% margin below the smallest x");
        assertEquals(10.5f, grid.xs()[24], 1e-5f, "5% margin above the largest x");
        for (int j = 0; j < 25; j++) {
            for (int i = 0; i < 25; i++) {
                assertEquals(grid.xs()[i] > 5 ? 1 : 0, grid.classes()[j][i], "at x=" + grid.xs()[i]);
            }
        }
    }

    @Test
    void severalOutputColumnsUseArgmax() {
        // three classes: score c = -(distance of y to 5c)^2, so class = nearest of y = 0, 5, 10
        Function<FMatrixRMaj, FMatrixRMaj> nearest = x -> {
            FMatrixRMaj out = new FMatrixRMaj(x.numRows, 3);
            for (int i = 0; i < x.numRows; i++) {
                for (int c = 0; c < 3; c++) {
                    float d = x.get(i, 1) - 5 * c;
                    out.set(i, c, -d * d);
                }
            }
            return out;
        };
        DecisionRegions.Grid grid = new DecisionRegions("r").points(POINTS, new int[] {0, 0, 2, 2})
                .model(nearest).resolution(11).grid();
        assertEquals(0, grid.classes()[0][5], "bottom row: y near 0");
        assertEquals(2, grid.classes()[10][5], "top row: y near 10");
        assertEquals(1, grid.classes()[5][0], "middle row: y = 5");
    }

    @Test
    void figureHasRegionsUnderOneScatterPerClass() throws Exception {
        JsonNode json = PlotlyJsonTest.parse(new DecisionRegions("Boundary").points(POINTS, new int[] {0, 1, 0, 1}, "dry", "wet")
                .model(RIGHT_HALF).resolution(10).axes("temp", "rain").figure());
        JsonNode data = json.get("data");
        assertEquals(3, data.size());
        assertEquals("heatmap", data.get(0).get("type").asText(), "regions are drawn first, underneath");
        assertEquals(10, data.get(0).get("z").size());
        assertEquals(10, data.get(0).get("z").get(0).size());
        assertEquals("scatter", data.get(1).get("type").asText());
        assertEquals("dry", data.get(1).get("name").asText());
        assertEquals(2, data.get(1).get("x").size(), "two points of class 0");
        assertEquals("wet", data.get(2).get("name").asText());
        assertEquals("temp", json.get("layout").get("xaxis").get("title").get("text").asText());
        assertEquals("Boundary", json.get("layout").get("title").get("text").asText());
    }

    @Test
    void layerIsRunInEvaluationModeAndItsModeRestored() {
        RecordingLayer layer = new RecordingLayer();
        layer.setTraining(true);
        new DecisionRegions("r").points(POINTS, new int[] {0, 1, 0, 1}).model(layer).resolution(3).grid();
        assertFalse(layer.trainingDuringForward, "forward must run in evaluation mode (no dropout)");
        assertTrue(layer.isTraining(), "training mode restored afterwards");
        assertEquals(9, layer.rowsSeen, "3 x 3 grid points in one batch");
    }

    @Test
    void wrongShapesAreExplained() {
        IllegalArgumentException threeFeatures = assertThrows(IllegalArgumentException.class,
                () -> new DecisionRegions("r").points(new FMatrixRMaj(4, 3), new int[4]));
        assertTrue(threeFeatures.getMessage().contains("4x3"), threeFeatures.getMessage());
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                () -> new DecisionRegions("r").points(POINTS, new int[3]));
        assertTrue(labels.getMessage().contains("4 points but 3 labels"), labels.getMessage());
        IllegalStateException output = assertThrows(IllegalStateException.class,
                () -> new DecisionRegions("r").points(POINTS, new int[4]).model(x -> new FMatrixRMaj(1, 1)).resolution(4).grid());
        assertTrue(output.getMessage().contains("16x2") && output.getMessage().contains("1x1"), output.getMessage());
        assertThrows(IllegalStateException.class, () -> new DecisionRegions("r").points(POINTS, new int[4]).grid());
    }

    /** A tiny layer that remembers how it was called: class 1 when x + y > 10. */
    private static final class RecordingLayer extends AbstractLayer {
        boolean trainingDuringForward = true;
        int rowsSeen;

        RecordingLayer() {
            super("recorder");
        }

        @Override
        public FMatrixRMaj forward(FMatrixRMaj input) {
            trainingDuringForward = isTraining();
            rowsSeen = input.numRows;
            FMatrixRMaj out = new FMatrixRMaj(input.numRows, 1);
            for (int i = 0; i < input.numRows; i++) {
                out.set(i, 0, input.get(i, 0) + input.get(i, 1) > 10 ? 1 : 0);
            }
            return out;
        }

        @Override
        public FMatrixRMaj backward(FMatrixRMaj outputGradient) {
            throw new UnsupportedOperationException();
        }
    }
}
