package org.paramlab.layers;

import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.Parameter;

/**
 * A step of a network. Data flows as matrices with one example per row (batch x features).
 *
 * <p>{@code forward} computes the output and remembers what backward needs;
 * {@code backward} receives dLoss/dOutput, adds dLoss/dParameter into each parameter's gradient,
 * and returns dLoss/dInput for the layer before it (the chain rule, one layer at a time).
 *
 * <p>The matrices returned by {@code forward} and {@code backward} are the layer's own buffers,
 * reused for the next batch (so a training step allocates nothing); they stay valid until the
 * next call, and {@code copy()} keeps one. {@code forward} keeps a reference to its input for backward.
 */
public interface Layer {

    /** A readable name such as {@code dense1}; used in error messages and summaries. */
    String name();

    FMatrixRMaj forward(FMatrixRMaj input);

    FMatrixRMaj backward(FMatrixRMaj outputGradient);

    /**
     * Backward when nothing reads dLoss/dInput, because the input is the data (the first layer of a model, as
     * the trainer calls it): fills the parameters' gradients as {@link #backward} does and may skip dLoss/dInput.
     * A Dense layer skips dX = dY · W^T, a third of its work, as PyTorch does for an input that needs no gradient.
     */
    default void backwardParametersOnly(FMatrixRMaj outputGradient) {
        backward(outputGradient);
    }

    /** The learned numbers of this layer (empty for activations). */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * The layers directly inside this one, in order: a {@link Sequential}'s layers, a {@link Sum}'s
     * branches. A plain layer has none. Whoever walks a model (summaries, evaluation mode) asks this
     * instead of testing for each kind of container.
     */
    default List<Layer> children() {
        return List.of();
    }

    /** Training mode (dropout active) or evaluation mode. */
    void setTraining(boolean training);

    boolean isTraining();
}
