package org.paramlab.compress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.paramlab.core.Language;
import org.paramlab.core.Parameter;
import org.paramlab.io.ModelFile;
import org.paramlab.io.ParameterMatch;
import org.paramlab.io.StoredTensor;
import org.paramlab.layers.Layer;
import org.paramlab.summary.SmallTable;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/**
 * A model's parameters in compact form (integer codes with scales, or FP16), next to the FP32 values
 * of the rounded ones as they were, so the error can be measured (a tensor kept as FP32 is its own original).
 *
 * <ul>
 *   <li>{@link #save} writes the compact form: the file's size is the model's real size, scales,
 *       zero points and sparse indexes included.</li>
 *   <li>{@link #dequantizeInto} (or {@code ModelFile.load} of the saved file) gives an FP32 model to
 *       evaluate: every weight is {@code ŵ = s · (u − z)}. Inference here runs in FP32 on those values, so
 *       the memory saving is real on disk but this library computes no faster with it.</li>
 *   <li>{@link #errors()} and {@link #relativeRmse()} measure how far ŵ is from w.</li>
 * </ul>
 */
public final class QuantizedModel {

    private final String label;
    private final List<StoredTensor> tensors;
    private final List<float[]> originals;       // the FP32 values before rounding; null where the tensor is FP32

    QuantizedModel(String label, List<Parameter> parameters, List<StoredTensor> tensors) {
        this.label = label;
        this.tensors = List.copyOf(tensors);
        this.originals = new ArrayList<>();
        for (int k = 0; k < this.tensors.size(); k++) {
            Parameter p = parameters.get(k);
            boolean exact = this.tensors.get(k).type() == StoredTensor.Type.FP32;
            this.originals.add(exact ? null : Arrays.copyOf(p.value().data, p.count()));   // the model may change later
        }
    }

    /**
     * Every parameter of {@code model} kept as FP32. Nothing is rounded; {@link #save} still leaves out
     * the zeros where a mask or a list of positions is smaller: the compact form of a pruned model.
     */
    public static QuantizedModel fp32(Layer model) {
        if (model == null) {
            throw new IllegalArgumentException("fp32: no model given (null)");
        }
        List<StoredTensor> tensors = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            tensors.add(StoredTensor.fp32(p));
        }
        return new QuantizedModel("FP32", model.parameters(), tensors);
    }

    /** Every parameter of {@code model} rounded to FP16 (2 bytes each, half of FP32). */
    public static QuantizedModel fp16(Layer model) {
        if (model == null) {
            throw new IllegalArgumentException("fp16: no model given (null)");
        }
        List<StoredTensor> tensors = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            tensors.add(StoredTensor.fp16(p));
        }
        return new QuantizedModel("FP16", model.parameters(), tensors);
    }

    /** What was done, e.g. {@code INT4 g32}. */
    public String label() { return label; }

    /** The tensors as they will be stored (dense; {@link #save} picks each one's smallest storage). */
    public List<StoredTensor> tensors() { return tensors; }

    /**
     * Writes the compact model to {@code file}. Each tensor is stored in its smallest form: dense, or
     * (for a pruned model, where many codes stand for 0) a bit mask or a list of positions.
     */
    public void save(Path file) throws IOException {
        List<StoredTensor> compact = new ArrayList<>();
        for (StoredTensor t : tensors) {
            compact.add(ModelFile.smallest(t));
        }
        ModelFile.save(compact, file);
    }

    /** Copies the dequantized values ŵ = s · (u − z) into {@code model} (built by the same code as the original). */
    public void dequantizeInto(Layer model) {
        List<Parameter> values = new ArrayList<>();
        for (StoredTensor t : tensors) {
            values.add(t.toParameter());
        }
        ParameterMatch.copyInto(model, values, "the " + label + " model");
    }

    // ---- error statistics ------------------------------------------------------------------------

    /** One row per parameter: how it is stored, its bytes, bits per value, and its error. */
    public Table errors() {
        SmallTable table = SmallTable.of(Language.label("%s: error per parameter", label), Language.label("parameter"),
                        Language.label("stored as"), Language.label("values"), Language.label("bytes"), Language.label("bits per value"),
                        Language.label("relative RMSE"), Language.label("largest |error|"), Language.label("largest scale / 2"))
                .typed(ColumnType.STRING, ColumnType.STRING, ColumnType.INTEGER, ColumnType.LONG, ColumnType.DOUBLE,
                        ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE);
        for (int k = 0; k < tensors.size(); k++) {
            StoredTensor t = ModelFile.smallest(tensors.get(k));
            float[] q = t.dequantize();
            float[] w = original(k, q);
            long bytes = ModelFile.record(t).numbers();      // scales, positions and values: the description aside
            float[] scales = t.scales();
            double largest = 0;
            for (float x : scales) {
                largest = Math.max(largest, x);
            }
            table.row(t.name(), t.label(), t.count(), bytes, 8.0 * bytes / t.count(), relativeRmse(w, q), maxAbsError(w, q),
                    scales.length == 0 ? Double.NaN : largest / 2);     // FP32/FP16 have no scale: left empty
        }
        return table.table();
    }

    /** sqrt(Σ (ŵ − w)²) / sqrt(Σ w²) over every weight (biases excluded): 0.01 means 1 % of the weights' size. */
    public double relativeRmse() {
        return relativeRmse(concat(true), concat(false));
    }

    /** The largest |ŵ − w| over every weight. */
    public double maxError() {
        return maxAbsError(concat(true), concat(false));
    }

    /** ŵ − w for every weight (biases excluded), layer after layer: the numbers behind an error histogram. */
    public double[] weightErrors() {
        float[] w = concat(true);
        float[] q = concat(false);
        double[] e = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            e[i] = (double) q[i] - w[i];
        }
        return e;
    }

    /** Every weight's value (original or dequantized), layer after layer. */
    private float[] concat(boolean original) {
        float[] all = new float[0];
        for (int k = 0; k < tensors.size(); k++) {
            if (tensors.get(k).role() != Parameter.Role.WEIGHT) {
                continue;
            }
            float[] q = tensors.get(k).dequantize();
            float[] v = original ? original(k, q) : q;
            int at = all.length;
            all = Arrays.copyOf(all, at + tensors.get(k).count());
            System.arraycopy(v, 0, all, at, tensors.get(k).count());
        }
        return all;
    }

    /** Tensor {@code k}'s values before rounding: its own values {@code q} if it is kept as FP32. */
    private float[] original(int k, float[] q) {
        return originals.get(k) == null ? q : originals.get(k);
    }

    /** sqrt(Σ (q − w)²) / sqrt(Σ w²): the error's size relative to the values' size. */
    public static double relativeRmse(float[] original, float[] approx) {
        checkLengths(original, approx);
        double err = 0;
        double size = 0;
        for (int i = 0; i < original.length; i++) {
            double d = (double) approx[i] - original[i];
            err += d * d;
            size += (double) original[i] * original[i];
        }
        return size == 0 ? (err == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(err / size);
    }

    /** max |q − w|. */
    public static double maxAbsError(float[] original, float[] approx) {
        checkLengths(original, approx);
        double max = 0;
        for (int i = 0; i < original.length; i++) {
            max = Math.max(max, Math.abs((double) approx[i] - original[i]));
        }
        return max;
    }

    private static void checkLengths(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("comparing " + a.length + " values with " + b.length + "; they must match");
        }
    }

    @Override
    public String toString() {
        return "QuantizedModel(" + label + ", " + tensors.size() + " parameters)";
    }
}
