package org.paramlab.layers;

import static org.paramlab.core.Language.label;

import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.Parameter;
import org.paramlab.init.Initializer;
import org.paramlab.init.Initializers;

/**
 * The input of a makemore-style language model (Bengio et al. 2003): the ids of the {@code context}
 * previous tokens (columns {@code 0 .. context-1} of the input; further columns are left for other
 * layers, e.g. a {@link PositionEmbedding}) become their vectors from one shared table, side by side.
 * <pre>
 *   Y[r, :] = concat(E[c1], E[c2], ..., E[cn])    c_j = input[r, j-1],  E: vocab x dim,  Y: batch x (n * dim)
 *   dE[c_j, :] += dY[r, block j]                  (the same table learns from every slot)
 *   dX = 0                                        (ids are not numbers to adjust)
 * </pre>
 * Sharing the table means a character means the same thing wherever it stands in the context;
 * the next layer's weights decide what each slot contributes.
 */
public final class ContextEmbedding extends AbstractLayer {

    private final int vocab;
    private final int dim;
    private final int context;
    private final Parameter table;
    private final FMatrixRMaj output = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj inputGradient = new FMatrixRMaj(1, 1);
    private FMatrixRMaj lastInput;

    /** Starts the table from N(0, 1), as {@link Embedding} and PyTorch's nn.Embedding do. */
    public ContextEmbedding(String name, int vocab, int dim, int context, long seed) {
        this(name, vocab, dim, context, Initializers.normal(0f, 1f), seed);
    }

    public ContextEmbedding(String name, int vocab, int dim, int context, Initializer init, long seed) {
        super(name);
        this.vocab = requirePositive(name, "vocab", vocab);
        this.dim = requirePositive(name, "dim", dim);
        this.context = requirePositive(name, "context", context);
        if (init == null) {
            throw new IllegalArgumentException(name + ": initializer must not be null");
        }
        this.table = new Parameter(name + ".weights", Parameter.Role.WEIGHT, vocab, dim);
        init.fill(table.value(), vocab, dim, new Random(seed));
    }

    /** The {@code vocab x dim} table, one row per token, shared by every context slot. */
    public Parameter weights() { return table; }

    public int vocab() { return vocab; }

    public int dim() { return dim; }

    /** How many previous tokens are read (input columns 0 .. context-1). */
    public int context() { return context; }

    /** Width of the output: {@code context * dim}. */
    public int outputs() { return context * dim; }

    @Override
    public List<Parameter> parameters() {
        return List.of(table);
    }

    @Override
    public FMatrixRMaj forward(FMatrixRMaj ids) {
        checkInput(ids);
        if (ids.numCols < context) {
            throw new IllegalArgumentException(name() + ": input must hold the ids of the " + context
                    + " previous tokens in its first " + context + " columns, got " + shape(ids));
        }
        output.reshape(ids.numRows, context * dim);
        float[] e = table.value().data;
        for (int r = 0; r < ids.numRows; r++) {
            for (int j = 0; j < context; j++) {
                int id = Embedding.tokenId(this, ids, r, j, vocab);
                System.arraycopy(e, id * dim, output.data, (r * context + j) * dim, dim);   // block j of Y[r] = E[c_j]
            }
        }
        lastInput = ids;
        return output;
    }

    @Override
    public FMatrixRMaj backward(FMatrixRMaj dY) {
        checkOutputGradient(dY, lastInput == null ? null : output);
        float[] dE = table.grad().data;
        for (int r = 0; r < dY.numRows; r++) {
            for (int j = 0; j < context; j++) {
                int base = Embedding.tokenId(this, lastInput, r, j, vocab) * dim;
                int from = (r * context + j) * dim;
                for (int c = 0; c < dim; c++) {
                    dE[base + c] += dY.data[from + c];                        // dE[c_j,:] += dY[r, block j]
                }
            }
        }
        inputGradient.reshape(lastInput.numRows, lastInput.numCols);
        inputGradient.zero();                                                 // dX = 0
        return inputGradient;
    }

    @Override
    public String toString() {
        return label("ContextEmbedding(%s: %d tokens x %d from %d x %d, %,d parameters)", name(), context, dim, vocab, dim,
                table.count());
    }
}
