package org.paramlab.kernel.eval;

import java.util.List;

/**
 * What a cell produced: the value of its last expression (if it has one) and notes worth showing,
 * such as "method f() cannot be called until g is declared".
 */
public record CellResult(boolean hasValue, Object value, List<String> notes) {

    public static CellResult nothing() {
        return new CellResult(false, null, List.of());
    }

    public static CellResult nothing(List<String> notes) {
        return new CellResult(false, null, notes);
    }
}
