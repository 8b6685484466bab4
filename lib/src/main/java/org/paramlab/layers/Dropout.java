package org.paramlab.layers;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;

/**
 * Inverted dropout: in training each number is dropped (set to 0) with probability {@code rate}
 * and the survivors are scaled by 1 / (1 - rate), so the expected output equals the input and
 * nothing needs rescaling at evaluation time, where the layer passes its input through unchanged.
 * <pre>
 *   mask_i = 0 with probability rate, else 1 / (1 - rate)     (drawn from the layer's seed)
 *   y = x * mask        dX = dY * mask
 * </pre>
 */
public final class Dropout extends AbstractLayer {

    private final float rate;
    private final Random rng;
    private final FMatrixRMaj mask = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj output = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj inputGradient = new FMatrixRMaj(1, 1);
    private boolean forwardDone;
    private boolean maskUsed;

    public Dropout(float rate, long seed) {
        this("dropout", rate, seed);
    }

    public Dropout(String name, float rate, long seed) {
        super(name);
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException(name + ": dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.rng = new Random(seed);
    }

    public float rate() {
        return rate;
    }

    @Override
    public FMatrixRMaj forward(FMatrixRMaj x) {
        checkInput(x);
        int n = x.getNumElements();
        output.reshape(x.numRows, x.numCols);
        maskUsed = isTraining();
        if (maskUsed) {
            mask.reshape(x.numRows, x.numCols);
            float keepScale = 1f / (1f - rate);
            for (int i = 0; i < n; i++) {
                mask.data[i] = rng.nextFloat() < rate ? 0f : keepScale;
                output.data[i] = x.data[i] * mask.data[i];         // y = x * mask
            }
        } else {
            System.arraycopy(x.data, 0, output.data, 0, n);        // evaluation: y = x
        }
        forwardDone = true;
        return output;
    }

    @Override
    public FMatrixRMaj backward(FMatrixRMaj dY) {
        checkOutputGradient(dY, forwardDone ? output : null);
        int n = dY.getNumElements();
        inputGradient.reshape(dY.numRows, dY.numCols);
        for (int i = 0; i < n; i++) {
            inputGradient.data[i] = maskUsed ? dY.data[i] * mask.data[i] : dY.data[i]; // dX = dY * mask
        }
        return inputGradient;
    }

    @Override
    public String toString() {
        return "Dropout(rate=" + rate + ")";
    }
}
