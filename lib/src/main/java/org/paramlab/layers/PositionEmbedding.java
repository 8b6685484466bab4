package org.paramlab.layers;

import static org.paramlab.core.Language.label;

import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.Parameter;
import org.paramlab.init.Initializer;
import org.paramlab.init.Initializers;

/**
 * A learned vector per position (位置嵌入, position embedding): the position index in column
 * {@code column} of the input selects row {@code pos} of a {@code positions x dim} table.
 * <pre>
 *   Y[r, :] = P[pos_r, :]          pos_r = input[r, column]
 *   dP[pos_r, :] += dY[r, :]
 *   dX = 0
 * </pre>
 * Added to a hidden layer's pre-activation (see {@link Sum}), it lets the model know where in the
 * poem it is: that the 6th character of a line comes before a comma, the 20th before a full stop.
 */
public final class PositionEmbedding extends AbstractLayer {

    private final int positions;
    private final int dim;
    private final int column;
    private final Parameter table;
    private final FMatrixRMaj output = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj inputGradient = new FMatrixRMaj(1, 1);
    private FMatrixRMaj lastInput;

    /** Starts the table at zero: at first position changes nothing, and training adds what helps. */
    public PositionEmbedding(String name, int positions, int dim, int column) {
        this(name, positions, dim, column, Initializers.zeros(), 0L);
    }

    public PositionEmbedding(String name, int positions, int dim, int column, Initializer init, long seed) {
        super(name);
        this.positions = requirePositive(name, "positions", positions);
        this.dim = requirePositive(name, "dim", dim);
        if (column < 0) {
            throw new IllegalArgumentException(name + ": the position column must be >= 0, got " + column);
        }
        this.column = column;
        if (init == null) {
            throw new IllegalArgumentException(name + ": initializer must not be null");
        }
        this.table = new Parameter(name + ".weights", Parameter.Role.WEIGHT, positions, dim);
        init.fill(table.value(), positions, dim, new Random(seed));
    }

    /** The {@code positions x dim} table. */
    public Parameter weights() { return table; }

    public int positions() { return positions; }

    public int dim() { return dim; }

    /** The input column holding the position. */
    public int column() { return column; }

    @Override
    public List<Parameter> parameters() {
        return List.of(table);
    }

    @Override
    public FMatrixRMaj forward(FMatrixRMaj input) {
        checkInput(input);
        if (input.numCols <= column) {
            throw new IllegalArgumentException(name() + ": the position is read from column " + column
                    + " but the input has only " + input.numCols + " columns (" + shape(input) + ")");
        }
        output.reshape(input.numRows, dim);
        float[] p = table.value().data;
        for (int r = 0; r < input.numRows; r++) {
            int pos = Embedding.tokenId(this, input, r, column, positions);
            System.arraycopy(p, pos * dim, output.data, r * dim, dim);      // Y[r,:] = P[pos,:]
        }
        lastInput = input;
        return output;
    }

    @Override
    public FMatrixRMaj backward(FMatrixRMaj dY) {
        checkOutputGradient(dY, lastInput == null ? null : output);
        float[] dP = table.grad().data;
        for (int r = 0; r < dY.numRows; r++) {
            int base = Embedding.tokenId(this, lastInput, r, column, positions) * dim;
            for (int c = 0; c < dim; c++) {
                dP[base + c] += dY.data[r * dim + c];                        // dP[pos,:] += dY[r,:]
            }
        }
        inputGradient.reshape(lastInput.numRows, lastInput.numCols);
        inputGradient.zero();                                                // dX = 0
        return inputGradient;
    }

    @Override
    public String toString() {
        return label("PositionEmbedding(%s: %d positions x %d, %,d parameters)", name(), positions, dim, table.count());
    }
}
