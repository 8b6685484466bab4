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

    /** dLoss/dValue, same shape as {@link #value()}; filled by backward, cleared by {@link #zeroGrad()}. */
    public FMatrixRMaj grad() { return grad; }

    public int rows() { return value.numRows; }

    public int cols() { return value.numCols; }

    /** How many numbers this parameter holds. */
    public int count() { return value.getNumElements(); }

    /** Bytes this parameter takes when stored at the given precision. */
    public long bytes(Precision precision) { return precision.bytes(count()); }

    public void zeroGrad() { grad.zero(); }

    /** The shape as learners write it, e.g. {@code 784x512}. */
    public String shape() { return rows() + "x" + cols(); }

    @Override
    public String toString() {
        // e.g. Parameter(dense1.weights: weight 784x512, 401,408 numbers); in Chinese the words are Chinese
        return Language.label("Parameter(%s: %s %s, %,d numbers)", name,
                Language.label(role.name().toLowerCase(Locale.ROOT)), shape(), count());
    }
}
