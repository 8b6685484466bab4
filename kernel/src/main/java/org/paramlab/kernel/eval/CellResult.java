package org.paramlab.kernel.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * What running a cell (or part of one) gave: the value of its last expression, if it has one, and
 * notes worth showing, such as "f cannot be used until g is declared". A cell shows its notes
 * after its output; nothing here prints them.
 */
public record CellResult(boolean hasValue, Object value, List<String> notes) {

    public CellResult {
        notes = List.copyOf(notes);
    }

    public static CellResult of(Object value) {
        return new CellResult(true, value, List.of());
    }

    public static CellResult nothing() {
        return new CellResult(false, null, List.of());
    }

    public static CellResult nothing(List<String> notes) {
        return new CellResult(false, null, notes);
    }

    /** This part followed by {@code next}: the value is the later one's (or none), the notes are both, in order. */
    public CellResult then(CellResult next) {
        if (notes.isEmpty()) {
            return next;
        }
        List<String> all = new ArrayList<>(notes);
        all.addAll(next.notes());
        return new CellResult(next.hasValue(), next.value(), all);
    }
}
