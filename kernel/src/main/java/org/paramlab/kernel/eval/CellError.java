package org.paramlab.kernel.eval;

import java.util.List;

/**
 * A cell that failed: to compile (name {@code CompileError}) or while running (the exception's
 * class name). The traceback is what the notebook shows, one line per entry.
 */
public final class CellError extends Exception {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String value;
    private final List<String> traceback;

    public CellError(String name, String value, List<String> traceback) {
        super(name + ": " + value);
        this.name = name;
        this.value = value;
        this.traceback = List.copyOf(traceback);
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    public List<String> traceback() {
        return traceback;
    }
}
