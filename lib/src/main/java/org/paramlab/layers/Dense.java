package org.paramlab.layers;

import static org.paramlab.core.Language.label;

import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.MatrixProducts;
import org.paramlab.core.Parameter;
import org.paramlab.init.Initializer;
import org.paramlab.init.Initializers;

/**
 * A fully connected layer: every output is a weighted sum of every input plus a bias,
 * the article's {@code score = w1*x1 + w2*x2 + ... + bias}, for a whole batch at once:
 * <pre>
 *   Y = X · W + b        X: batch x in,  W: in x out,  b: 1 x out,  Y: batch x out
 * </pre>
 * Backward (chain rule, given dY = dLoss/dY):
 * <pre>
 *   dW += X^T · dY       each weight's gradient: its input times the output's gradient, summed over the batch
 *   db += sum_rows(dY)   the bias is added to every row, so its gradient sums the rows
 *   dX  = dY · W^T       what the layer before receives
 * </pre>
 * The products go through {@link MatrixProducts} (Vector API when the JVM has it, else EJML).
 */
public final class Dense extends AbstractLayer {

    private final int inputs;
    private final int outputs;
    private final Parameter weights;
    private final Parameter bias;
    private final MatrixProducts products = MatrixProducts.get();

    // Buffers reused from batch to batch (reshaped only when the batch size changes).
    private final FMatrixRMaj output = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj inputGradient = new FMatrixRMaj(1, 1);
    private FMatrixRMaj lastInput;   // X, kept for dW in backward

    /**
     * A layer named {@code dense}, for a model with a single Dense layer; give each layer its own
     * name when a model has several (their parameters are told apart by name).
     */
    public Dense(int inputs, int outputs, long seed) {
        this("dense", inputs, outputs, seed);
    }

    /** He-uniform weights (good for ReLU networks) and zero biases, drawn from {@code seed}. */
    public Dense(String name, int inputs, int outputs, long seed) {
        this(name, inputs, outputs, Initializers.heUniform(), Initializers.zeros(), seed);
    }

    public Dense(String name, int inputs, int outputs, Initializer weightInit, Initializer biasInit, long seed) {
        super(name);
        this.inputs = requirePositive(name, "inputs", inputs);
        this.outputs = requirePositive(name, "outputs", outputs);
        if (weightInit == null || biasInit == null) {
            throw new IllegalArgumentException(name + ": initializers must not be null");
        }
        this.weights = new Parameter(name + ".weights", Parameter.Role.WEIGHT, inputs, outputs);
        this.bias = new Parameter(name + ".bias", Parameter.Role.BIAS, 1, outputs);
        Random rng = new Random(seed);
        weightInit.fill(weights.value(), inputs, outputs, rng);
        biasInit.fill(bias.value(), inputs, outputs, rng);
    }

    public Parameter weights() {
        return weights;
    }

    public Parameter bias() {
        return bias;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weights, bias);
    }

    @Override
    public FMatrixRMaj forward(FMatrixRMaj x) {
        checkInput(x);
        if (x.numCols != inputs) {
            throw new IllegalArgumentException(name() + ": input has " + x.numCols + " features per row but the layer expects "
                    + inputs + " (input " + shape(x) + ", weights " + weights.shape() + ")");
        }
        lastInput = x;
        output.reshape(x.numRows, outputs);
        products.mult(x, weights.value(), output);                 // Y = X · W
        products.addToEachRow(output, bias.value());               // Y += b  (every row)
        return output;
    }

    @Override
    public FMatrixRMaj backward(FMatrixRMaj dY) {
        checkOutputGradient(dY, lastInput == null ? null : output);
        weightGradient(dY);                                          // dW += X^T · dY
        products.addColumnSums(dY, bias.grad());                     // db += sum over rows of dY
        products.multTransB(dY, weights.value(), inputGradient);     // dX = dY · W^T
        return inputGradient;
    }

    /** dW and db only: dX = dY · W^T is skipped when the input is the data (see {@link Layer#backwardParametersOnly}). */
    @Override
    public void backwardParametersOnly(FMatrixRMaj dY) {
        checkOutputGradient(dY, lastInput == null ? null : output);
        weightGradient(dY);                                          // dW += X^T · dY
        products.addColumnSums(dY, bias.grad());                     // db += sum over rows of dY
    }

    /**
     * dW += X^T · dY. After zeroGrad the sum is written over the old gradient (dW = 0 + X^T · dY, the same
     * numbers) without first writing the zeros and reading them back: a 784x4096 layer's dW is 12.8 MB.
     */
    private void weightGradient(FMatrixRMaj dY) {
        if (weights.gradCleared()) {
            products.multTransA(lastInput, dY, weights.gradToOverwrite());
        } else {
            products.multAddTransA(lastInput, dY, weights.grad());
        }
    }

    @Override
    public String toString() {
        return label("Dense(%s: %d -> %d, %,d parameters)", name(), inputs, outputs, weights.count() + bias.count());
    }
}
