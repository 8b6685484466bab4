package org.paramlab.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.paramlab.layers.Dense;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;

import tech.tablesaw.api.Table;

class ModelSummaryTest {

    // 784 -> 512 -> 10, the MNIST-sized network of the notebooks
    static Sequential mlp() {
        return new Sequential(new Dense("hidden", 784, 512, 1), new ReLU(), new Dense("output", 512, 10, 2));
    }

    @Test
    void countsPerLayerAndTotal() {
        Table table = ModelSummary.of(mlp());
        assertEquals(ModelSummary.COLUMNS, table.columnNames());
        assertEquals(4, table.rowCount(), "three layers and the total");
        assertEquals(List.of("hidden", "relu", "output", "total"), table.stringColumn("layer").asList());
        assertEquals("Dense", table.stringColumn("type").get(0));
        assertEquals("784x512 + 1x512", table.stringColumn("shapes").get(0));

        long hidden = 784L * 512 + 512;
        long output = 512L * 10 + 10;
        assertEquals(784L * 512, table.longColumn("weights").get(0));
        assertEquals(512L, table.longColumn("biases").get(0));
        assertEquals(hidden, table.longColumn("parameters").get(0));
        assertEquals(0L, table.longColumn("parameters").get(1), "ReLU has no parameters");
        assertEquals(output, table.longColumn("parameters").get(2));
        assertEquals(hidden + output, table.longColumn("parameters").get(3));
        assertEquals(ModelSummary.parameterCount(mlp()), table.longColumn("parameters").get(3));

        // FP32 = 4 bytes, FP16 = 2, INT8 = 1, INT4 = 1/2 per parameter
        assertEquals(4 * (hidden + output), table.longColumn("FP32 bytes").get(3));
        assertEquals(2 * (hidden + output), table.longColumn("FP16 bytes").get(3));
        assertEquals(hidden + output, table.longColumn("INT8 bytes").get(3));
        assertEquals((hidden + output) / 2, table.longColumn("INT4 bytes").get(3));
        assertTrue(table.name().contains("407,050 parameters"), table.name());
    }

    @Test
    void int4RoundsUpPerMatrix() {
        // 3 weights + 1 bias: INT4 needs 2 bytes for the 3 weights and 1 byte for the single bias
        Table table = ModelSummary.of(new Dense("tiny", 3, 1, 0));
        assertEquals(3L, table.longColumn("INT4 bytes").get(0));
        assertEquals(16L, table.longColumn("FP32 bytes").get(1));
    }

    @Test
    void textIsAligned() {
        String text = ModelSummary.text(mlp());
        String[] lines = text.split("\n");
        assertEquals(7, lines.length, text);   // header, rule, 3 layers, rule, total
        assertTrue(lines[0].startsWith("layer   type"), text);
        assertTrue(lines[6].startsWith("total"), text);
        assertTrue(lines[6].contains("407,050"), text);
        assertTrue(lines[6].contains("1,628,200"), "FP32 bytes: " + text);
        for (String line : lines) {
            assertEquals(lines[0].length(), line.length(), "every line equally wide:\n" + text);
        }
    }

    @Test
    void humanBytesInDecimalUnits() {
        assertEquals("512 B", ModelSummary.humanBytes(512));
        assertEquals("1.6 MB", ModelSummary.humanBytes(1_628_200));
        assertEquals("2.7 TB", ModelSummary.humanBytes(671_000_000_000L * 4));
        assertEquals("bytes must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> ModelSummary.humanBytes(-1)).getMessage());
        assertEquals("model summary: no model given (null)",
                assertThrows(IllegalArgumentException.class, () -> ModelSummary.of(null)).getMessage());
    }
}
