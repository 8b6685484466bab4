package org.paramlab.core;

/**
 * Which numbers of a {@code rows x cols} weight matrix share one scale when they are quantized: the whole
 * matrix ({@link #perTensor()}), one output channel, i.e. one column ({@link #perChannel()}), or a run of
 * {@code size} consecutive rows of one column ({@link #ofRows(int)}; llama.cpp's Q8_0 and Q4_0 use 32).
 * A value: the quantizer groups by it and a model file records it.
 *
 * <p>With runs of rows a column has {@code ⌈rows / size⌉} groups: when {@code size} does not divide
 * {@code rows}, the last group of each column is short (the remaining {@code rows % size} rows), as in the
 * GPTQ reference code (IST-DASLab/gptq, {@code gptq.py}). Groups are numbered column by column: number
 * {@code (r, c)} is in group {@code c · ⌈rows/size⌉ + r/size}.
 */
public final class ScaleGroups {

    /** The three ways of grouping, in the order a model file numbers them (0, 1, 2). */
    public enum Kind { TENSOR, CHANNEL, ROWS }

    private static final ScaleGroups TENSOR = new ScaleGroups(Kind.TENSOR, 0);
    private static final ScaleGroups CHANNEL = new ScaleGroups(Kind.CHANNEL, 0);

    private final Kind kind;
    private final int size;     // rows per group (ROWS only)

    private ScaleGroups(Kind kind, int size) {
        this.kind = kind;
        this.size = size;
    }

    /** One scale for the whole matrix. */
    public static ScaleGroups perTensor() { return TENSOR; }

    /** One scale per column (output channel). */
    public static ScaleGroups perChannel() { return CHANNEL; }

    /** One scale per run of {@code size} consecutive rows of a column (the last run may be short). */
    public static ScaleGroups ofRows(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a group holds at least 1 row, got a group size of " + size);
        }
        return new ScaleGroups(Kind.ROWS, size);
    }

    public Kind kind() { return kind; }

    /** Rows per group for {@link #ofRows}; 0 otherwise (the size then follows from the matrix). */
    public int rowsPerGroup() { return size; }

    /** Numbers per group in a {@code rows x cols} matrix: rows·cols, rows, or the run's size (a column's last group may be short). */
    public int size(int rows, int cols) {
        return switch (kind) {
            case TENSOR -> rows * cols;
            case CHANNEL -> rows;
            case ROWS -> size;
        };
    }

    /** Groups in one column: {@code ⌈rows / size⌉}, the full runs and a short one if rows remain (1 for the others). */
    public int perColumn(int rows) {
        return kind == Kind.ROWS ? rows / size + (rows % size == 0 ? 0 : 1) : 1;
    }

    /** How many groups, each with its own scale, a {@code rows x cols} matrix has. */
    public int count(int rows, int cols) {
        return switch (kind) {
            case TENSOR -> 1;
            case CHANNEL -> cols;
            case ROWS -> cols * perColumn(rows);
        };
    }

    /** The group of number {@code i} (row {@code i / cols}, column {@code i % cols}, row-major). */
    public int of(int i, int rows, int cols) {
        return switch (kind) {
            case TENSOR -> 0;
            case CHANNEL -> i % cols;
            case ROWS -> (i % cols) * perColumn(rows) + (i / cols) / size;
        };
    }

    /** {@code tensor}, {@code channel} or {@code g32}: the word labels use. */
    public String label() {
        return kind == Kind.ROWS ? "g" + size : kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaleGroups g && g.kind == kind && g.size == size;
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + size;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TENSOR -> "per tensor";
            case CHANNEL -> "per output channel";
            case ROWS -> "groups of " + size;
        };
    }
}
