package org.paramlab.layers;

import java.util.Locale;

import org.ejml.data.FMatrixRMaj;

/**
 * What every layer shares: a name for messages, the train/eval switch and the shape checks
 * that turn a wrong matrix into a sentence naming the layer and both shapes.
 */
public abstract class AbstractLayer implements Layer {

    private final String name;
    private boolean training = true;

    protected AbstractLayer(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a layer needs a non-empty name, got " + (name == null ? "null" : "'" + name + "'"));
        }
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    /** Rejects a missing input or an empty batch. */
    protected void checkInput(FMatrixRMaj input) {
        if (input == null) {
            throw new IllegalArgumentException(name + ": input is null");
        }
        if (input.numRows < 1 || input.numCols < 1) {
            throw new IllegalArgumentException(name + ": input is empty (" + shape(input) + ")");
        }
    }

    /** backward must follow forward and receive a gradient shaped like the forward output. */
    protected void checkOutputGradient(FMatrixRMaj outputGradient, FMatrixRMaj lastOutput) {
        if (lastOutput == null) {
            throw new IllegalStateException(name + ": backward called before forward");
        }
        if (outputGradient == null) {
            throw new IllegalArgumentException(name + ": output gradient is null");
        }
        if (outputGradient.numRows != lastOutput.numRows || outputGradient.numCols != lastOutput.numCols) {
            throw new IllegalArgumentException(name + ": output gradient is " + shape(outputGradient)
                    + " but the forward output was " + shape(lastOutput));
        }
    }

    /** Checks that a size given at construction is at least 1, naming the layer and the bad value. */
    protected static int requirePositive(String layerName, String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(layerName + ": " + what + " must be >= 1, got " + value);
        }
        return value;
    }

    /** A count with thousands separators, e.g. {@code 401,920}: big numbers people can read at a glance. */
    protected static String grouped(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** The shape as learners write it, e.g. {@code 32x784}. */
    public static String shape(FMatrixRMaj m) {
        return m.numRows + "x" + m.numCols;
    }
}
