package org.paramlab.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossCoreTransferTest {

    @Test
    void aTurnTakesAtLeastAPassOverTheArray() {
        double micros = CrossCoreTransfer.microsPerTurn(20);
        // 50,000 lines written in a turn: even from this core's own L1 that is more than a microsecond
        assertTrue(micros > 1 && micros < 1e6, "µs per turn: " + micros);
    }

    @Test
    void theLineSaysWhichMeasurementIsWhich() {
        String line = CrossCoreTransfer.describe(28.4, 91.6);
        assertTrue(line.contains("28 µs at the start, 92 at the end"), line);
    }
}
