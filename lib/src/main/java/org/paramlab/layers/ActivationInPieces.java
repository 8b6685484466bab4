package org.paramlab.layers;

import org.paramlab.core.MatrixProducts;

/**
 * An activation whose two formulas are written for a piece of the numbers, from ... to-1, so that a long pass
 * (512 x 512 hidden units of a batch) is cut into one piece per thread of the matrix products
 * ({@link MatrixProducts#eachPiece}). Each number is still computed on its own by the same formula, so the
 * numbers are those of one loop over all of them, on any number of threads. A short pass runs in one piece.
 */
public abstract class ActivationInPieces extends Activation {

    private final MatrixProducts products = MatrixProducts.get();
    // the arrays of the pass under way, read by the pieces (two objects made once: a step allocates nothing)
    private float[] passX, passY, passDy, passDx;
    private final MatrixProducts.Piece forwardPiece = (from, to) -> forward(passX, passY, from, to);
    private final MatrixProducts.Piece backwardPiece = (from, to) -> backward(passX, passY, passDy, passDx, from, to);

    protected ActivationInPieces(String name) {
        super(name);
    }

    /** y[i] = f(x[i]) for from &lt;= i &lt; to. */
    protected abstract void forward(float[] x, float[] y, int from, int to);

    /** dx[i] = dy[i] * f'(x[i]) for from &lt;= i &lt; to; the forward input x and output y are both at hand. */
    protected abstract void backward(float[] x, float[] y, float[] dy, float[] dx, int from, int to);

    @Override
    protected final void forward(float[] x, float[] y, int n) {
        passX = x;
        passY = y;
        products.eachPiece(n, forwardPiece);
        passX = passY = null;
    }

    @Override
    protected final void backward(float[] x, float[] y, float[] dy, float[] dx, int n) {
        passX = x;
        passY = y;
        passDy = dy;
        passDx = dx;
        products.eachPiece(n, backwardPiece);
        passX = passY = passDy = passDx = null;
    }
}
