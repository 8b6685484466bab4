package org.paramlab.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one step a paired round of make bench times: --config I-H-CxB (scripts/bench_step_peers.py reads the same). */
class TrainingStepBenchTest {

    @Test
    void aConfigNamesTheWidthsAndTheBatch() {
        assertArrayEquals(new int[] {784, 512, 10, 512},
                TrainingStepBench.onlyConfig(new String[] {"out.json", "--config", "784-512-10x512"}));
        assertNull(TrainingStepBench.onlyConfig(new String[] {"out.json", "--sweep"}), "no --config: the whole table");
    }

    @Test
    void aMalformedConfigIsRefusedWithWhatWasGiven() {
        for (String bad : new String[] {"784-512-10", "784x512", "784-512-10x", "a-b-cxd", "784-512-10x512 "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingStepBench.onlyConfig(new String[] {"--config", bad}), bad);
            assertTrue(e.getMessage().contains("I-H-CxB") && e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TrainingStepBench.onlyConfig(new String[] {"out.json", "--config"}));
        assertTrue(missing.getMessage().contains("got ''"), missing.getMessage());
    }

    @Test
    void aZeroOrHugeWidthIsRefusedByName() {
        for (String bad : new String[] {"784-0-10x512", "784-512-10x0", "99999999999-512-10x32"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingStepBench.onlyConfig(new String[] {"--config", bad}), bad);
            assertTrue(e.getMessage().contains("from 1 to"), e.getMessage());
        }
    }
}
