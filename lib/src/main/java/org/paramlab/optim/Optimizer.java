package org.paramlab.optim;

import java.util.List;

import org.paramlab.core.Parameter;

/** Changes parameters using their gradients: the "correct the mistakes" step of the training loop. */
public interface Optimizer {

    /** Apply one update to every parameter, e.g. {@code new = old - lr * grad}. */
    void step();

    /** Clear every gradient before the next backward pass (gradients add up otherwise). */
    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    List<Parameter> parameters();

    float learningRate();

    void setLearningRate(float learningRate);
}
