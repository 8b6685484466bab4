package org.paramlab.core;

import java.util.Locale;

import org.ejml.data.FMatrixRMaj;

/**
 * One learned matrix of numbers: a layer's weights or its biases, with the gradient that
 * backpropagation writes beside it. This is what "a model with N parameters" counts.
 */
public final class Parameter {

    /** What the numbers do: weights scale inputs (the "magnifying glass"), biases add a base score. */
    public enum Role { WEIGHT, BIAS }

    private final String name;
    private final Role role;
    private final FMatrixRMaj value;
    private final FMatrixRMaj grad;
    /**
     * {@link #zeroGrad()} was called and nothing has written the gradient since: it reads as zeros. The zeros are
     * written only when someone reads it; a layer whose backward writes every number (Dense's dW = X^T · dY)
     * writes over it instead of adding to zeros, and the pass over memory that wrote the zeros is never made, as
     * PyTorch's {@code zero_grad()} sets gradients to None.
     */
    private boolean gradCleared;

    public Parameter(String name, Role role, int rows, int cols) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a parameter needs a name");
        }
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("parameter '" + name + "' needs a shape of at least 1x1, got "
                    + rows + "x" + cols);
        }
        this.name = name;
        this.role = role;
        this.value = new FMatrixRMaj(rows, cols);
        this.grad = new FMatrixRMaj(rows, cols);
    }

    public String name() { return name; }

    public Role role() { return role; }

    /** The numbers themselves (changed in place by optimizers). */
    public FMatrixRMaj value() { return value; }

    /**
     * dLoss/dValue, same shape as {@link #value()}; filled by backward, cleared by {@link #zeroGrad()}. Backward
     * adds to it, so call this again after {@code zeroGrad()} rather than keep the matrix: it holds the zeros only
     * once asked for (or once backward has written it).
     */
    public FMatrixRMaj grad() {
        if (gradCleared) {
            grad.zero();
            gradCleared = false;
        }
        return grad;
    }

    /** True when the gradient reads as zeros because {@link #zeroGrad()} cleared it and nothing has written it since. */
    public boolean gradCleared() { return gradCleared; }

    /**
     * The gradient matrix for a backward that writes every one of its numbers (not adds to them), after
     * {@link #gradCleared()} said it holds zeros: what was in it is not read again.
     */
    public FMatrixRMaj gradToOverwrite() {
        gradCleared = false;
        return grad;
    }

    public int rows() { return value.numRows; }

    public int cols() { return value.numCols; }

    /** How many numbers this parameter holds. */
    public int count() { return value.getNumElements(); }

    /** Bytes this parameter takes when stored at the given precision. */
    public long bytes(Precision precision) { return precision.bytes(count()); }

    /** Clears the gradient before the next backward adds to it (the zeros are written when it is next read). */
    public void zeroGrad() { gradCleared = true; }

    /** The shape as learners write it, e.g. {@code 784x512}. */
    public String shape() { return rows() + "x" + cols(); }

    @Override
    public String toString() {
        // e.g. Parameter(dense1.weights: weight 784x512, 401,408 numbers); in Chinese the words are Chinese
        return Language.label("Parameter(%s: %s %s, %,d numbers)", name,
                Language.label(role.name().toLowerCase(Locale.ROOT)), shape(), count());
    }
}
