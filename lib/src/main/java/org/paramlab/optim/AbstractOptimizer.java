package org.paramlab.optim;

import java.util.List;

import org.paramlab.core.MatrixProducts;
import org.paramlab.core.Parameter;

/** What optimizers share: the parameters, the learning rate and the optional weight decay. */
public abstract class AbstractOptimizer implements Optimizer {

    private final String name;
    protected final List<Parameter> parameters;
    protected float learningRate;
    /** L2 weight decay: adds weightDecay * p to every gradient, pulling weights gently towards 0. */
    protected float weightDecay;
    private final MatrixProducts products = MatrixProducts.get();
    private final ParameterPiece piece = new ParameterPiece();

    protected AbstractOptimizer(String name, List<Parameter> parameters, float learningRate) {
        this.name = name;
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException(name + ": needs at least one parameter to update, got "
                    + (parameters == null ? "null" : "an empty list"));
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i) == null) {
                throw new IllegalArgumentException(name + ": parameter " + i + " is null");
            }
        }
        this.parameters = List.copyOf(parameters);
        setLearningRate(learningRate);
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public float learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(float learningRate) {
        if (!Float.isFinite(learningRate) || learningRate <= 0f) {
            throw new IllegalArgumentException(name + ": learning rate must be > 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    public float weightDecay() {
        return weightDecay;
    }

    protected void setWeightDecay(float weightDecay) {
        if (!Float.isFinite(weightDecay) || weightDecay < 0f) {
            throw new IllegalArgumentException(name + ": weight decay must be >= 0, got " + weightDecay);
        }
        this.weightDecay = weightDecay;
    }

    @Override
    public void zeroGrad() {
        for (int i = 0; i < parameters.size(); i++) {   // indexed loop: no iterator per step
            parameters.get(i).zeroGrad();
        }
    }

    /**
     * Updates every parameter with {@link #update}. A long parameter (a 784 x 512 weight matrix) is cut into one piece
     * per thread of the matrix products, each piece updated by one thread; each number gets the same formula
     * whichever thread takes it, so the result is the same on any number of threads.
     */
    protected final void updateEachParameter() {
        for (int k = 0; k < parameters.size(); k++) {
            Parameter param = parameters.get(k);
            piece.k = k;
            piece.p = param.value().data;
            piece.grad = param.grad().data;             // here, not in the pieces: a cleared gradient is zeroed once
            products.eachPiece(param.count(), piece);
        }
        piece.p = piece.grad = null;
    }

    /** The update of parameter k's numbers from ... to-1: p its values, grad its gradient. */
    protected abstract void update(int k, float[] p, float[] grad, int from, int to);

    /** The parameter being updated, for the threads' pieces (one object for every step: a step allocates nothing). */
    private final class ParameterPiece implements MatrixProducts.Piece {
        int k;
        float[] p, grad;

        @Override
        public void compute(int from, int to) {
            update(k, p, grad, from, to);
        }
    }

    /** One zeroed buffer per parameter, shaped like its values: the optimizer's memory (velocity, m, v). */
    protected float[][] zeroStatePerParameter() {
        float[][] state = new float[parameters.size()][];
        for (int k = 0; k < state.length; k++) {
            state[k] = new float[parameters.get(k).count()];
        }
        return state;
    }

    protected static float requireFraction(String optimizer, String what, float value) {
        if (!(value >= 0f && value < 1f)) {
            throw new IllegalArgumentException(optimizer + ": " + what + " must be in [0, 1), got " + value);
        }
        return value;
    }
}
