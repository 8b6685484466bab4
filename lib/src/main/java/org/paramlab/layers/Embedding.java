package org.paramlab.layers;

import static org.paramlab.core.Language.label;

import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.Parameter;
import org.paramlab.init.Initializer;
import org.paramlab.init.Initializers;

/**
 * A lookup table: token id {@code t} becomes row {@code t} of a learned {@code vocab x dim} matrix.
 * Input is a column of token ids stored as floats (batch x 1); output is batch x dim.
 * <pre>
 *   Y[r, :]  = E[id_r, :]
 *   dE[id_r, :] += dY[r, :]     (only the rows that were looked up get a gradient)
 *   dX = 0                      (ids are not numbers to adjust)
 * </pre>
 * The same as a Dense layer fed one-hot rows, without building the one-hot matrix.
 */
public final class Embedding extends AbstractLayer {

    private final int vocab;
    private final int dim;
    private final Parameter table;
    private final FMatrixRMaj output = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj inputGradient = new FMatrixRMaj(1, 1);
    private FMatrixRMaj lastInput;

    /** A layer named {@code embedding}; see {@link #Embedding(String, int, int, long)}. */
    public Embedding(int vocab, int dim, long seed) {
        this("embedding", vocab, dim, seed);
    }

    /** Starts the table from N(0, 1), as PyTorch's nn.Embedding does. */
    public Embedding(String name, int vocab, int dim, long seed) {
        this(name, vocab, dim, Initializers.normal(0f, 1f), seed);
    }

    public Embedding(String name, int vocab, int dim, Initializer init, long seed) {
        super(name);
        this.vocab = requirePositive(name, "vocab", vocab);
        this.dim = requirePositive(name, "dim", dim);
        if (init == null) {
            throw new IllegalArgumentException(name + ": initializer must not be null");
        }
        this.table = new Parameter(name + ".weights", Parameter.Role.WEIGHT, vocab, dim);
        init.fill(table.value(), vocab, dim, new Random(seed));
    }

    /** The {@code vocab x dim} table of vectors, one row per token. */
    public Parameter weights() {
        return table;
    }

    public int vocab() {
        return vocab;
    }

    public int dim() {
        return dim;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(table);
    }

    @Override
    public FMatrixRMaj forward(FMatrixRMaj ids) {
        checkInput(ids);
        if (ids.numCols != 1) {
            throw new IllegalArgumentException(name() + ": input must be a column of token ids (batch x 1), got "
                    + shape(ids));
        }
        output.reshape(ids.numRows, dim);
        float[] e = table.value().data;
        for (int r = 0; r < ids.numRows; r++) {
            int id = tokenId(ids, r);
            System.arraycopy(e, id * dim, output.data, r * dim, dim);   // Y[r,:] = E[id,:]
        }
        lastInput = ids;
        return output;
    }

    private int tokenId(FMatrixRMaj ids, int row) {
        float v = ids.data[row];
        int id = (int) v;
        if (id != v || id < 0 || id >= vocab) {
            throw new IllegalArgumentException(name() + ": token id " + v + " at row " + row
                    + " is not a whole number in 0.." + (vocab - 1) + " (vocab " + vocab + ")");
        }
        return id;
    }

    /**
     * The id in column {@code col} of row {@code row}, checked to be a whole number in 0..size-1
     * (shared with {@link ContextEmbedding} and {@link PositionEmbedding}).
     */
    static int tokenId(Layer layer, FMatrixRMaj ids, int row, int col, int size) {
        float v = ids.data[row * ids.numCols + col];
        int id = (int) v;
        if (id != v || id < 0 || id >= size) {
            throw new IllegalArgumentException(layer.name() + ": id " + v + " at row " + row + ", column " + col
                    + " is not a whole number in 0.." + (size - 1) + " (table of " + size + " rows)");
        }
        return id;
    }

    @Override
    public FMatrixRMaj backward(FMatrixRMaj dY) {
        checkOutputGradient(dY, lastInput == null ? null : output);
        float[] dE = table.grad().data;
        for (int r = 0; r < dY.numRows; r++) {
            int base = tokenId(lastInput, r) * dim;
            for (int c = 0; c < dim; c++) {
                dE[base + c] += dY.data[r * dim + c];                 // dE[id,:] += dY[r,:]
            }
        }
        inputGradient.reshape(dY.numRows, 1);
        inputGradient.zero();                                         // dX = 0
        return inputGradient;
    }

    @Override
    public String toString() {
        return label("Embedding(%s: %d tokens x %d, %,d parameters)", name(), vocab, dim, table.count());
    }
}
