package org.paramlab.compress;

import java.util.ArrayList;
import java.util.List;

import org.paramlab.core.Parameter;
import org.paramlab.core.ScaleGroups;
import org.paramlab.io.Half;
import org.paramlab.io.StoredTensor;
import org.paramlab.layers.Layer;

/**
 * Turns FP32 weights into integer codes of a few bits plus a scale per group (量化, quantization):
 * <pre>
 *   symmetric:   s = max|w| / (2^(b−1) − 1)          u = z + round(w / s),  z = 2^(b−1)
 *   asymmetric:  s = (max − min) / (2^b − 1)          z = round(−min / s),   u = z + round(w / s)
 *   back:        ŵ = s · (u − z)                      |ŵ − w| ≤ s / 2 for every weight
 * </pre>
 * (For asymmetric codes min and max are first widened to include 0, so that 0 stays exactly 0.)
 * The scale is rounded <em>up</em> to an FP16 number, so the largest weight still fits in the codes.
 * A group is the whole matrix ({@link #perTensor()}), one output channel ({@link #perChannel()}), or
 * a run of {@code size} inputs of one output channel ({@link #groupsOf(int)}; llama.cpp's Q8_0 and
 * Q4_0 use 32): the smaller the group, the smaller its largest weight and its scale, the smaller the error.
 * When {@code size} does not divide a matrix's inputs (an embedding table of 2,004 rows, groups of 32),
 * the last group of each column holds the remaining {@code rows % size} weights with its own scale, as in
 * the GPTQ reference code (its last slice {@code W[:, i:i + groupsize]} is simply shorter); every other
 * group is a full run of {@code size}.
 *
 * <pre>{@code
 * QuantizedModel int4 = Quantizer.int4().groupsOf(32).quantize(model);   // biases stay FP32
 * int4.save(file);                                                        // the compact file
 * }</pre>
 * Immutable: each setter returns a new quantizer.
 */
public final class Quantizer {

    private final int bits;
    private final boolean symmetric;
    private final ScaleGroups groups;

    private Quantizer(int bits, boolean symmetric, ScaleGroups groups) {
        if (bits < 2 || bits > 8) {
            throw new IllegalArgumentException("quantization needs 2 to 8 bits per weight, got " + bits);
        }
        this.bits = bits;
        this.symmetric = symmetric;
        this.groups = groups;
    }

    /** Symmetric codes of {@code bits} bits (2 to 8), one scale for each whole matrix. */
    public static Quantizer bits(int bits) {
        return new Quantizer(bits, true, ScaleGroups.perTensor());
    }

    /** INT8: codes −127 … 127. */
    public static Quantizer int8() {
        return bits(8);
    }

    /** INT4: codes −7 … 7, two to a byte in the file. */
    public static Quantizer int4() {
        return bits(4);
    }

    public Quantizer symmetric() {
        return new Quantizer(bits, true, groups);
    }

    public Quantizer asymmetric() {
        return new Quantizer(bits, false, groups);
    }

    public Quantizer perTensor() {
        return new Quantizer(bits, symmetric, ScaleGroups.perTensor());
    }

    public Quantizer perChannel() {
        return new Quantizer(bits, symmetric, ScaleGroups.perChannel());
    }

    /**
     * One scale per {@code size} consecutive inputs of each output channel. A matrix of {@code rows} inputs
     * has {@code ⌈rows / size⌉} groups per channel: {@code rows / size} full ones and, when {@code size}
     * does not divide {@code rows}, a short last one of {@code rows % size} inputs.
     */
    public Quantizer groupsOf(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a group holds at least 1 weight, got a group size of " + size);
        }
        return new Quantizer(bits, symmetric, ScaleGroups.ofRows(size));
    }

    public int bitsPerCode() { return bits; }

    public boolean isSymmetric() { return symmetric; }

    /** Which weights share a scale. */
    public ScaleGroups grouping() { return groups; }

    /** The group size for {@link #groupsOf}, 0 otherwise (the size then follows from the matrix). */
    public int groupSize() { return groups.rowsPerGroup(); }

    /** A short name such as {@code INT4 g32}, {@code INT8 channel}, {@code INT2 tensor asym}. */
    public String label() {
        return "INT" + bits + " " + groups.label() + (symmetric ? "" : " asym");
    }

    @Override
    public String toString() {
        return "Quantizer(" + bits + " bits, " + (symmetric ? "symmetric" : "asymmetric") + ", " + groups + ")";
    }

    // ---- quantizing --------------------------------------------------------------------------------

    /**
     * Every weight matrix of {@code model} quantized; biases (a few numbers each, and every output
     * depends on them directly) stay FP32, as in llama.cpp and PyTorch's dynamic quantization.
     */
    public QuantizedModel quantize(Layer model) {
        if (model == null) {
            throw new IllegalArgumentException("quantize: no model given (null)");
        }
        List<Parameter> originals = model.parameters();
        if (originals.isEmpty()) {
            throw new IllegalArgumentException("quantize: the model has no parameters");
        }
        List<StoredTensor> tensors = new ArrayList<>();
        for (Parameter p : originals) {
            tensors.add(p.role() == Parameter.Role.WEIGHT ? quantize(p) : StoredTensor.fp32(p));
        }
        return new QuantizedModel(label(), originals, tensors);
    }

    /** One matrix quantized: its codes and a scale (and zero point) per group. */
    public StoredTensor quantize(Parameter p) {
        if (p == null) {
            throw new IllegalArgumentException("quantize: no parameter given (null)");
        }
        int rows = p.rows();
        int cols = p.cols();
        float[] w = p.value().data;
        int n = p.count();
        int count = groups.count(rows, cols);
        double[] min = new double[count];             // start at 0: each range includes 0, so 0 stays exactly 0
        double[] max = new double[count];
        for (int i = 0; i < n; i++) {
            int g = groups.of(i, rows, cols);
            min[g] = Math.min(min[g], w[i]);
            max[g] = Math.max(max[g], w[i]);
        }
        int levels = (1 << bits) - 1;                 // largest code: 2^b − 1
        int qmax = (1 << (bits - 1)) - 1;             // symmetric: u − z runs over −qmax … qmax
        float[] scales = new float[count];
        int[] zeros = new int[count];
        for (int g = 0; g < count; g++) {
            double exact = symmetric ? Math.max(-min[g], max[g]) / qmax : (max[g] - min[g]) / levels;
            float s = scaleAsHalf(p, g, exact);
            scales[g] = s;
            zeros[g] = symmetric ? 1 << (bits - 1) : (s == 0 ? 0 : clamp(Math.round(-min[g] / s), 0, levels));
        }
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            int g = groups.of(i, rows, cols);
            float s = scales[g];
            int z = zeros[g];
            long q = s == 0 ? 0 : Math.round(w[i] / (double) s);                        // round(w / s)
            codes[i] = symmetric ? z + clamp(q, -qmax, qmax) : clamp(q + z, 0, levels);  // u = z + round(w / s)
        }
        return StoredTensor.quantized(p.name(), p.role(), rows, cols, bits, symmetric, groups, scales,
                symmetric ? null : zeros, codes);
    }

    private static float scaleAsHalf(Parameter p, int group, double exact) {
        if (Double.isNaN(exact) || exact > Half.MAX) {
            throw new IllegalArgumentException("quantize " + p.name() + ": group " + group + " needs a scale of " + exact
                    + ", which FP16 cannot hold (largest " + Half.MAX + "); are its weights NaN or huge?");
        }
        return Half.toFloat(Half.ceil((float) exact < exact ? Math.nextUp((float) exact) : (float) exact));
    }

    private static int clamp(long v, int lo, int hi) {
        return (int) Math.max(lo, Math.min(hi, v));
    }
}
