package org.paramlab.io;

import java.util.Arrays;
import java.util.Locale;

import org.paramlab.core.Parameter;

/**
 * One parameter matrix as a model file stores it: its name, role and shape, the number type of its
 * values, and (for sparse storage) which positions are kept. Immutable.
 *
 * <h2>Number types</h2>
 * <ul>
 *   <li>{@link Type#FP32}: 4 bytes per value, exact.</li>
 *   <li>{@link Type#FP16}: 2 bytes per value, rounded to half precision.</li>
 *   <li>{@link Type#INT}: an integer code {@code u} of 2 to 8 bits per value (INT8, INT4 packed two per
 *       byte, …) plus, for each <em>group</em> of values, a scale {@code s} (stored as FP16) and a zero
 *       point {@code z}. The value the code stands for is
 *       <pre>   w = s · (u − z)</pre>
 *       Symmetric codes have the fixed zero point {@code z = 2^(bits−1)} (not stored), so that
 *       {@code u − z} runs over {@code −(2^(bits−1) − 1) … 2^(bits−1) − 1}; asymmetric codes store one
 *       zero point (a byte) per group.</li>
 * </ul>
 *
 * <h2>Groups</h2>
 * A weight matrix is {@code inputs x outputs}; column {@code c} holds the weights of output channel
 * {@code c}. {@link Grouping#TENSOR}: one scale for the whole matrix. {@link Grouping#CHANNEL}: one per
 * column. {@link Grouping#GROUP}: one per run of {@code groupSize} consecutive rows within a column
 * (llama.cpp's Q8_0/Q4_0 idea with 32), numbered column by column. A column has
 * {@code ⌈rows / groupSize⌉} groups; when the size does not divide the rows, the last group of each
 * column is short (the remaining {@code rows % groupSize} rows) and has its own scale, as in the GPTQ
 * reference code (IST-DASLab/gptq, {@code gptq.py}). Value {@code (r, c)} is in group
 * {@code c · ⌈rows/groupSize⌉ + r/groupSize}.
 *
 * <h2>Storage</h2>
 * {@link Storage#DENSE} stores every value. {@link Storage#MASK} stores one bit per position (1 = kept)
 * and then only the kept values; {@link Storage#INDEX} stores the positions of the kept values (uint16,
 * or int32 for matrices of more than 65,536 values) and then the values. Positions left out are 0.
 */
public final class StoredTensor {

    /** The number type of the stored values. */
    public enum Type { FP32, FP16, INT }

    /** Which values share a scale and zero point. */
    public enum Grouping { TENSOR, CHANNEL, GROUP }

    /** Every value, or only the kept ones with a bit mask or a list of positions. */
    public enum Storage { DENSE, MASK, INDEX }

    private final String name;
    private final Parameter.Role role;
    private final int rows;
    private final int cols;
    private final Type type;
    private final int bits;
    private final boolean symmetric;
    private final Grouping grouping;
    private final int groupSize;
    private final float[] scales;       // INT: one per group, each an FP16 number
    private final int[] zeroPoints;     // INT: one per group (symmetric: all 2^(bits-1))
    private final Storage storage;
    private final int[] positions;      // kept positions, ascending (DENSE: null, all positions)
    private final float[] floats;       // FP32/FP16: the kept values
    private final int[] codes;          // INT: the kept codes

    private StoredTensor(String name, Parameter.Role role, int rows, int cols, Type type, int bits, boolean symmetric,
                         Grouping grouping, int groupSize, float[] scales, int[] zeroPoints,
                         Storage storage, int[] positions, float[] floats, int[] codes) {
        this.name = name;
        this.role = role;
        this.rows = rows;
        this.cols = cols;
        this.type = type;
        this.bits = bits;
        this.symmetric = symmetric;
        this.grouping = grouping;
        this.groupSize = groupSize;
        this.scales = scales;
        this.zeroPoints = zeroPoints;
        this.storage = storage;
        this.positions = positions;
        this.floats = floats;
        this.codes = codes;
    }

    // ---- making one ------------------------------------------------------------------------------

    /** The parameter's values as FP32 (a copy). */
    public static StoredTensor fp32(Parameter p) {
        return new StoredTensor(p.name(), p.role(), p.rows(), p.cols(), Type.FP32, 32, true, Grouping.TENSOR,
                p.count(), null, null, Storage.DENSE, null, Arrays.copyOf(p.value().data, p.count()), null);
    }

    /** The parameter's values rounded to FP16 (half the bytes of FP32). */
    public static StoredTensor fp16(Parameter p) {
        float[] v = new float[p.count()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Half.round(p.value().data[i]);
        }
        return new StoredTensor(p.name(), p.role(), p.rows(), p.cols(), Type.FP16, 16, true, Grouping.TENSOR,
                p.count(), null, null, Storage.DENSE, null, v, null);
    }

    /**
     * Integer codes with their scales (and, if asymmetric, zero points), one per group, for every
     * position in row-major order. Scales must be FP16 numbers ({@link Half#round} leaves them unchanged).
     */
    public static StoredTensor quantized(String name, Parameter.Role role, int rows, int cols, int bits, boolean symmetric,
                                         Grouping grouping, int groupSize, float[] scales, int[] zeroPoints, int[] codes) {
        checkShape(name, rows, cols);
        BitPacking.checkBits(bits);
        int size = checkGrouping(name, rows, cols, grouping, groupSize);
        int groups = groupCount(rows, cols, grouping, size);
        if (scales == null || scales.length != groups) {
            throw new IllegalArgumentException(name + ": " + grouping + " grouping of " + rows + "x" + cols + " has " + groups
                    + " groups but " + (scales == null ? "no" : scales.length) + " scales were given");
        }
        int[] zeros = new int[groups];
        if (symmetric) {
            Arrays.fill(zeros, 1 << (bits - 1));
        } else {
            if (zeroPoints == null || zeroPoints.length != groups) {
                throw new IllegalArgumentException(name + ": asymmetric codes need " + groups + " zero points, got "
                        + (zeroPoints == null ? "none" : zeroPoints.length));
            }
            zeros = zeroPoints.clone();
        }
        int max = (1 << bits) - 1;
        for (int g = 0; g < groups; g++) {
            if (!(scales[g] >= 0) || Half.round(scales[g]) != scales[g]) {
                throw new IllegalArgumentException(name + ": scale " + g + " is " + scales[g] + "; scales are FP16 numbers >= 0");
            }
            if (zeros[g] < 0 || zeros[g] > max) {
                throw new IllegalArgumentException(name + ": zero point " + g + " is " + zeros[g] + ", outside 0.." + max);
            }
        }
        if (codes == null || codes.length != rows * cols) {
            throw new IllegalArgumentException(name + ": " + rows + "x" + cols + " needs " + rows * cols + " codes, got "
                    + (codes == null ? "none" : codes.length));
        }
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < 0 || codes[i] > max) {
                throw new IllegalArgumentException(name + ": code " + i + " is " + codes[i] + ", outside 0.." + max
                        + " for " + bits + " bits");
            }
        }
        return new StoredTensor(name, role, rows, cols, Type.INT, bits, symmetric, grouping, size, scales.clone(), zeros,
                Storage.DENSE, null, null, codes.clone());
    }

    /**
     * The same values stored in {@code form}: positions whose value is exactly 0 are left out (MASK,
     * INDEX) or written out (DENSE). Nothing is lost: a left-out position reads back as 0.
     */
    public StoredTensor stored(Storage form) {
        float[] all = dequantize();
        int[] kept;
        if (form == Storage.DENSE) {
            kept = null;
        } else {
            int n = 0;
            int[] tmp = new int[all.length];
            for (int i = 0; i < all.length; i++) {
                if (Float.floatToRawIntBits(all[i]) != 0) {   // -0.0 is kept: its sign bit is information
                    tmp[n++] = i;
                }
            }
            kept = Arrays.copyOf(tmp, n);
        }
        int count = kept == null ? all.length : kept.length;
        float[] keptFloats = null;
        int[] keptCodes = null;
        int[] allCodes = type == Type.INT ? allCodes() : null;
        float[] allFloats = type == Type.INT ? null : all;
        if (type == Type.INT) {
            keptCodes = new int[count];
            for (int k = 0; k < count; k++) {
                keptCodes[k] = allCodes[kept == null ? k : kept[k]];
            }
        } else {
            keptFloats = new float[count];
            for (int k = 0; k < count; k++) {
                keptFloats[k] = allFloats[kept == null ? k : kept[k]];
            }
        }
        return new StoredTensor(name, role, rows, cols, type, bits, symmetric, grouping, groupSize, scales, zeroPoints,
                form, kept, keptFloats, keptCodes);
    }

    /**
     * Of DENSE, MASK and INDEX, the form that takes the fewest bytes (DENSE on a tie). MASK and INDEX keep
     * the same positions and values and differ only in how the positions are written, so the values are
     * read out once for DENSE and once for the sparse forms.
     */
    public StoredTensor smallest() {
        StoredTensor best = stored(Storage.DENSE);
        StoredTensor mask = stored(Storage.MASK);
        for (StoredTensor candidate : new StoredTensor[] {mask, mask.positionsWrittenAs(Storage.INDEX)}) {
            if (candidate.bytes() < best.bytes()) {
                best = candidate;
            }
        }
        return best;
    }

    /** A sparse tensor (MASK or INDEX) with its positions written the other way: same positions and values. */
    private StoredTensor positionsWrittenAs(Storage form) {
        return new StoredTensor(name, role, rows, cols, type, bits, symmetric, grouping, groupSize, scales, zeroPoints,
                form, positions, floats, codes);
    }

    /** Every position's code (DENSE order), a left-out position getting its group's zero point. */
    private int[] allCodes() {
        if (positions == null) {
            return codes;
        }
        int[] all = new int[rows * cols];
        for (int i = 0; i < all.length; i++) {
            all[i] = zeroPoints[group(i)];
        }
        for (int k = 0; k < positions.length; k++) {
            all[positions[k]] = codes[k];
        }
        return all;
    }

    // ---- reading it ------------------------------------------------------------------------------

    /** The value of every position, row by row, as FP32: for integer codes {@code w = s · (u − z)}. */
    public float[] dequantize() {
        float[] out = new float[rows * cols];
        int count = positions == null ? out.length : positions.length;
        for (int k = 0; k < count; k++) {
            int i = positions == null ? k : positions[k];
            if (type == Type.INT) {
                int g = group(i);
                out[i] = scales[g] * (codes[k] - zeroPoints[g]);     // w = s · (u − z)
            } else {
                out[i] = floats[k];
            }
        }
        return out;
    }

    /** A new {@link Parameter} holding {@link #dequantize()}. */
    public Parameter toParameter() {
        Parameter p = new Parameter(name, role, rows, cols);
        System.arraycopy(dequantize(), 0, p.value().data, 0, rows * cols);
        return p;
    }

    /** The group of position {@code i} (row-major): see the class comment. */
    public int group(int i) {
        return groupOf(i, rows, cols, grouping, groupSize);
    }

    /**
     * The group of position {@code i} (row {@code i / cols}, column {@code i % cols}) of a
     * {@code rows x cols} matrix: 0 per tensor, the column per channel, and per group of {@code size}
     * rows {@code column · ⌈rows/size⌉ + row/size}.
     */
    public static int groupOf(int i, int rows, int cols, Grouping grouping, int size) {
        return switch (grouping) {
            case TENSOR -> 0;
            case CHANNEL -> i % cols;
            case GROUP -> (i % cols) * groupsPerColumn(rows, size) + (i / cols) / size;
        };
    }

    /**
     * Groups of {@code size} rows in one column: {@code ⌈rows / size⌉}. When {@code size} does not divide
     * {@code rows} the last one is short: it holds the remaining {@code rows % size} rows.
     */
    public static int groupsPerColumn(int rows, int size) {
        return rows / size + (rows % size == 0 ? 0 : 1);     // the full groups, and a short one if rows remain
    }

    public String name() { return name; }

    public Parameter.Role role() { return role; }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** Values in the matrix, kept or not. */
    public int count() { return rows * cols; }

    public Type type() { return type; }

    /** Bits per stored value: 32, 16, or 2..8 for integer codes. */
    public int bits() { return bits; }

    public boolean symmetric() { return symmetric; }

    public Grouping grouping() { return grouping; }

    /** Values per group: rows·cols (TENSOR), rows (CHANNEL) or the chosen size (GROUP; a column's last group may be short). */
    public int groupSize() { return groupSize; }

    /** Number of groups, each with its own scale. 0 for FP32/FP16. */
    public int groups() { return type == Type.INT ? scales.length : 0; }

    /** The scales, one per group (a copy; empty for FP32/FP16). */
    public float[] scales() { return scales == null ? new float[0] : scales.clone(); }

    /** The zero points, one per group (a copy; empty for FP32/FP16). */
    public int[] zeroPoints() { return zeroPoints == null ? new int[0] : zeroPoints.clone(); }

    /** The integer code of every position, row by row (a copy; INT only). */
    public int[] codes() {
        if (type != Type.INT) {
            throw new IllegalStateException(name + " holds " + type + " values, not integer codes");
        }
        return allCodes().clone();
    }

    public Storage storage() { return storage; }

    /** How many values the file holds for this tensor (all of them unless sparse). */
    public int storedValues() { return positions == null ? rows * cols : positions.length; }

    /** Positions whose value is not 0. */
    public int nonZero() {
        int n = 0;
        for (float v : dequantize()) {
            if (v != 0) {
                n++;
            }
        }
        return n;
    }

    /** A short label: {@code FP32}, {@code FP16}, {@code INT4 sym g32}, {@code INT8 asym channel}, with {@code mask}/{@code index}. */
    public String label() {
        String s = switch (type) {
            case FP32, FP16 -> type.name();
            case INT -> "INT" + bits + (symmetric ? " sym" : " asym") + switch (grouping) {
                case TENSOR -> " tensor";
                case CHANNEL -> " channel";
                case GROUP -> " g" + groupSize;
            };
        };
        return storage == Storage.DENSE ? s : s + " " + storage.name().toLowerCase(Locale.ROOT);
    }

    // ---- its bytes in a version-2 file (the encoding itself is in ModelFileCodec) ----------------

    /** Name length, name, role, rows, cols, type, storage: {@code 13 + name bytes}. */
    public long descriptionBytes() {
        return 13 + nameBytes();
    }

    /** Bits, scheme, grouping, group size (7 bytes), FP16 scales, zero points (asymmetric): INT only. */
    public long scaleBytes() {
        if (type != Type.INT) {
            return 0;
        }
        return 7 + 2L * scales.length + (symmetric ? 0 : scales.length);
    }

    /** The mask (1 bit per position) or the positions (count, then uint16 or int32 each). */
    public long indexBytes() {
        return switch (storage) {
            case DENSE -> 0;
            case MASK -> (count() + 7L) / 8;
            case INDEX -> 4 + (long) indexWidth() * positions.length;
        };
    }

    /** The values: 4 bytes (FP32), 2 (FP16) or {@code bits/8} packed (INT) per stored value. */
    public long valueBytes() {
        return switch (type) {
            case FP32 -> 4L * storedValues();
            case FP16 -> 2L * storedValues();
            case INT -> BitPacking.bytes(storedValues(), bits);
        };
    }

    /** Every byte of this tensor's record in a version-2 file. */
    public long bytes() {
        return descriptionBytes() + scaleBytes() + indexBytes() + valueBytes();
    }

    /** Bytes of one position in an INDEX list: 2 (uint16) when every position fits, else 4. */
    int indexWidth() {
        return count() <= 65_536 ? 2 : 4;
    }

    int nameBytes() {
        return name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    int[] positionsArray() { return positions; }

    float[] floatsArray() { return floats; }

    int[] codesArray() { return codes; }

    float[] scalesArray() { return scales; }

    int[] zeroPointsArray() { return zeroPoints; }

    /** Builds a tensor read from a file (the codec has checked every field). */
    static StoredTensor decoded(String name, Parameter.Role role, int rows, int cols, Type type, int bits, boolean symmetric,
                                Grouping grouping, int groupSize, float[] scales, int[] zeroPoints,
                                Storage storage, int[] positions, float[] floats, int[] codes) {
        return new StoredTensor(name, role, rows, cols, type, bits, symmetric, grouping, groupSize, scales, zeroPoints,
                storage, positions, floats, codes);
    }

    // ---- checks shared with the codec ------------------------------------------------------------

    static void checkShape(String name, int rows, int cols) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a stored tensor needs a name");
        }
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(name + ": shape must be at least 1x1, got " + rows + "x" + cols);
        }
    }

    /** The group size implied by {@code grouping}; fails if a GROUP size is below 1 (any size >= 1 fits: the last group may be short). */
    static int checkGrouping(String name, int rows, int cols, Grouping grouping, int groupSize) {
        return switch (grouping) {
            case TENSOR -> rows * cols;
            case CHANNEL -> rows;
            case GROUP -> {
                if (groupSize < 1) {
                    throw new IllegalArgumentException(name + ": a group holds at least 1 row, got a group size of " + groupSize
                            + " for this " + rows + "x" + cols + " matrix");
                }
                yield groupSize;
            }
        };
    }

    static int groupCount(int rows, int cols, Grouping grouping, int groupSize) {
        return switch (grouping) {
            case TENSOR -> 1;
            case CHANNEL -> cols;
            case GROUP -> cols * groupsPerColumn(rows, groupSize);
        };
    }

    @Override
    public String toString() {
        return "StoredTensor(" + name + ": " + rows + "x" + cols + ", " + label() + ", " + bytes() + " bytes)";
    }
}
