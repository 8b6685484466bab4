package org.paramlab.kernel.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the parts of a cell add up: the last part's value, every part's notes. */
class CellResultTest {

    @Test
    void theLaterPartsValueAndBothPartsNotes() {
        CellResult first = new CellResult(true, 1, List.of("a waits for b"));
        CellResult second = new CellResult(true, 2, List.of("c waits for d"));
        assertEquals(new CellResult(true, 2, List.of("a waits for b", "c waits for d")), first.then(second));
    }

    @Test
    void aPartWithoutValueHidesTheEarlierValueButNotItsNotes() {
        CellResult both = new CellResult(true, 1, List.of("a waits for b")).then(CellResult.nothing());
        assertFalse(both.hasValue());
        assertEquals(List.of("a waits for b"), both.notes());
    }

    @Test
    void aNullValueIsStillAValue() {
        CellResult result = CellResult.nothing().then(CellResult.of(null));
        assertTrue(result.hasValue());
        assertEquals(null, result.value());
    }
}
