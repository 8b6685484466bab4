package org.paramlab.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.ejml.data.FMatrixRMaj;

/**
 * "Forward in evaluation mode": dropout off for a prediction, then every layer back in the mode it
 * was in before. The one place that does this, for {@link Sequential#predict}, the metrics and the
 * trainer's validation.
 *
 * <p>The modes are restored layer by layer (inside nested containers too: {@link Layer#children()}), so a model whose
 * layers were in different modes comes back exactly as it was, not all switched to the outer mode.
 */
public final class EvaluationMode {

    private EvaluationMode() { }

    /** The model's output for {@code x} in evaluation mode, as a fresh matrix; modes restored afterwards. */
    public static FMatrixRMaj predict(Layer model, FMatrixRMaj x) {
        return run(model, () -> model.forward(x).copy());
    }

    /** What is done with one batch of predictions: the logits of input rows {@code firstRow, firstRow + 1, ...}. */
    @FunctionalInterface
    public interface BatchOutput {
        void accept(int firstRow, FMatrixRMaj logits);
    }

    /**
     * The model's output for every row of {@code inputs}, {@code batch} rows at a time (so a large validation set
     * needs only one batch of activations), each batch handed to {@code output} in row order.
     */
    public static void predictInBatches(Layer model, FMatrixRMaj inputs, int batch, BatchOutput output) {
        FMatrixRMaj x = new FMatrixRMaj(1, inputs.numCols);
        for (int start = 0; start < inputs.numRows; start += batch) {
            int rows = Math.min(batch, inputs.numRows - start);
            x.reshape(rows, inputs.numCols);
            System.arraycopy(inputs.data, start * inputs.numCols, x.data, 0, rows * inputs.numCols);
            output.accept(start, predict(model, x));
        }
    }

    /** Runs {@code work} with {@code model} in evaluation mode and returns its result; modes restored afterwards. */
    public static <T> T run(Layer model, Supplier<T> work) {
        if (model == null) {
            throw new IllegalArgumentException("evaluation mode: the model is null");
        }
        List<Layer> layers = new ArrayList<>();
        collect(model, layers);
        boolean[] modes = new boolean[layers.size()];
        for (int i = 0; i < modes.length; i++) {
            modes[i] = layers.get(i).isTraining();
        }
        model.setTraining(false);
        try {
            return work.get();
        } finally {
            // restore inner layers after their container: setTraining on a Sequential sets all its layers
            for (int i = 0; i < modes.length; i++) {
                layers.get(i).setTraining(modes[i]);
            }
        }
    }

    /** The model, then every layer inside it, depth first (containers before their layers). */
    private static void collect(Layer layer, List<Layer> out) {
        out.add(layer);
        for (Layer inner : layer.children()) {
            collect(inner, out);
        }
    }
}
