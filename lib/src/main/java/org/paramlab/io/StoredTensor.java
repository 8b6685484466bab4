package org.paramlab.io;

import java.util.Arrays;
import java.util.Locale;

import org.paramlab.core.Parameter;
import org.paramlab.core.ScaleGroups;

/**
 * One parameter matrix as a model file stores it: its name, role and shape, the number type of its
 * values, and (for sparse storage) which positions are kept. An immutable value: {@code compress}
 * makes one ({@code Quantizer}), {@link ModelFile} encodes it. How many bytes it takes in a file is the
 * codec's business alone: {@link ModelFile#record(StoredTensor)}, {@link ModelFile#smallest(StoredTensor)}.
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
 * Which values share a scale is a {@link ScaleGroups}: the whole matrix, one column (output channel), or a
 * run of rows within a column, numbered column by column; value {@code (r, c)} is in group
 * {@code c · ⌈rows/size⌉ + r/size}, and a column's last run may be short.
 *
 * <h2>Storage</h2>
 * {@link Storage#DENSE} stores every value. {@link Storage#MASK} stores one bit per position (1 = kept)
 * and then only the kept values; {@link Storage#INDEX} stores the positions of the kept values
 * and then the values. Positions left out are 0.
 */
public final class StoredTensor {

    /** The number type of the stored values. */
    public enum Type { FP32, FP16, INT }

    /** Every value, or only the kept ones with a bit mask or a list of positions. */
    public enum Storage { DENSE, MASK, INDEX }

    private final String name;
    private final Parameter.Role role;
    private final int rows;
    private final int cols;
    private final Type type;
    private final int bits;
    private final boolean symmetric;
    private final ScaleGroups groups;   // FP32/FP16: per tensor, with no scale
    private final float[] scales;       // INT: one per group, each an FP16 number
    private final int[] zeroPoints;     // INT: one per group (symmetric: all 2^(bits-1))
    private final Storage storage;
    private final int[] positions;      // kept positions, ascending (DENSE: null, all positions)
    private final float[] floats;       // FP32/FP16: the kept values
    private final int[] codes;          // INT: the kept codes

    private StoredTensor(String name, Parameter.Role role, int rows, int cols, Type type, int bits, boolean symmetric,
                         ScaleGroups groups, float[] scales, int[] zeroPoints,
                         Storage storage, int[] positions, float[] floats, int[] codes) {
        this.name = name;
        this.role = role;
        this.rows = rows;
        this.cols = cols;
        this.type = type;
        this.bits = bits;
        this.symmetric = symmetric;
        this.groups = groups;
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
        return new StoredTensor(p.name(), p.role(), p.rows(), p.cols(), Type.FP32, 32, true, ScaleGroups.perTensor(),
                null, null, Storage.DENSE, null, Arrays.copyOf(p.value().data, p.count()), null);
    }

    /** The parameter's values rounded to FP16 (half the bytes of FP32). */
    public static StoredTensor fp16(Parameter p) {
        float[] v = new float[p.count()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Half.round(p.value().data[i]);
        }
        return new StoredTensor(p.name(), p.role(), p.rows(), p.cols(), Type.FP16, 16, true, ScaleGroups.perTensor(),
                null, null, Storage.DENSE, null, v, null);
    }

    /**
     * Integer codes with their scales (and, if asymmetric, zero points), one per group, for every
     * position in row-major order. Scales must be FP16 numbers ({@link Half#round} leaves them unchanged).
     */
    public static StoredTensor quantized(String name, Parameter.Role role, int rows, int cols, int bits, boolean symmetric,
                                         ScaleGroups groups, float[] scales, int[] zeroPoints, int[] codes) {
        checkShape(name, rows, cols);
        BitPacking.checkBits(bits);
        if (groups == null) {
            throw new IllegalArgumentException(name + ": no scale groups given (null)");
        }
        int count = groups.count(rows, cols);
        if (scales == null || scales.length != count) {
            throw new IllegalArgumentException(name + ": " + rows + "x" + cols + " " + groups + " has " + count
                    + " groups but " + (scales == null ? "no" : scales.length) + " scales were given");
        }
        int[] zeros = new int[count];
        if (symmetric) {
            Arrays.fill(zeros, 1 << (bits - 1));
        } else {
            if (zeroPoints == null || zeroPoints.length != count) {
                throw new IllegalArgumentException(name + ": asymmetric codes need " + count + " zero points, got "
                        + (zeroPoints == null ? "none" : zeroPoints.length));
            }
            zeros = zeroPoints.clone();
        }
        int max = (1 << bits) - 1;
        for (int g = 0; g < count; g++) {
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
        return new StoredTensor(name, role, rows, cols, Type.INT, bits, symmetric, groups, scales.clone(), zeros,
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
        if (type == Type.INT) {
            int[] allCodes = allCodes();
            keptCodes = new int[count];
            for (int k = 0; k < count; k++) {
                keptCodes[k] = allCodes[kept == null ? k : kept[k]];
            }
        } else {
            keptFloats = new float[count];
            for (int k = 0; k < count; k++) {
                keptFloats[k] = all[kept == null ? k : kept[k]];
            }
        }
        return new StoredTensor(name, role, rows, cols, type, bits, symmetric, groups, scales, zeroPoints,
                form, kept, keptFloats, keptCodes);
    }

    /** A sparse tensor (MASK or INDEX) with its positions written the other way: same positions and values. */
    StoredTensor positionsWrittenAs(Storage form) {
        return new StoredTensor(name, role, rows, cols, type, bits, symmetric, groups, scales, zeroPoints,
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

    /** The group of position {@code i} (row-major): see {@link ScaleGroups#of}. */
    public int group(int i) {
        return groups.of(i, rows, cols);
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

    /** Which values share a scale (per tensor for FP32/FP16, which have none). */
    public ScaleGroups grouping() { return groups; }

    /** Values per group: rows·cols (per tensor), rows (per channel) or the run's size (a column's last group may be short). */
    public int groupSize() { return groups.size(rows, cols); }

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

    /**
     * A short label: {@code FP32}, {@code FP16}, {@code INT4 sym g32}, {@code INT8 asym channel}, with {@code mask}/{@code index}.
     * (The file layout and the error tables print it.)
     */
    public String label() {
        String s = type == Type.INT ? "INT" + bits + (symmetric ? " sym " : " asym ") + groups.label() : type.name();
        return storage == Storage.DENSE ? s : s + " " + storage.name().toLowerCase(Locale.ROOT);
    }

    // ---- for the codec (same package) ------------------------------------------------------------

    int[] positionsArray() { return positions; }

    float[] floatsArray() { return floats; }

    int[] codesArray() { return codes; }

    float[] scalesArray() { return scales; }

    int[] zeroPointsArray() { return zeroPoints; }

    /** Builds a tensor read from a file (the codec has checked every field). */
    static StoredTensor decoded(String name, Parameter.Role role, int rows, int cols, Type type, int bits, boolean symmetric,
                                ScaleGroups groups, float[] scales, int[] zeroPoints,
                                Storage storage, int[] positions, float[] floats, int[] codes) {
        return new StoredTensor(name, role, rows, cols, type, bits, symmetric, groups, scales, zeroPoints,
                storage, positions, floats, codes);
    }

    static void checkShape(String name, int rows, int cols) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a stored tensor needs a name");
        }
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(name + ": shape must be at least 1x1, got " + rows + "x" + cols);
        }
    }

    @Override
    public String toString() {
        return "StoredTensor(" + name + ": " + rows + "x" + cols + ", " + label() + ", " + storedValues() + " of "
                + count() + " values stored)";
    }
}
