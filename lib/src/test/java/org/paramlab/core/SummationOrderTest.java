package org.paramlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Not one bit may move: the numbers every notebook quotes depend on the order in which each entry of
 * a product is summed. This test writes that order down, as the vector products summed on main when
 * the notebooks' texts were last checked (commit 567f3ae), and holds every product of the notebooks'
 * and the benchmark's Dense layers to it, bit for bit, whatever the products do to be faster.
 *
 * <p>The order. Products of at most {@link VectorProducts#SMALL} multiply-adds go to EJML and equal
 * EJML's bits. Larger ones compute C or, when that is cheaper, C^T = B^T · A^T (the rule is
 * {@link #transposes}); in the product computed, an entry is summed by fused multiply-adds in the order
 * p = 0, 1, ..., k-1:
 * <ul>
 *   <li>in a whole register tile (its MR rows and w columns all inside C, and C^T not taken):
 *       {@code c = fma(A(i,p), B(p,j), c)} for every p, starting from C's value (0 for C = A·B);</li>
 *   <li>elsewhere (the ragged edges, and every entry of a C^T), in blocks of KC steps: each block is
 *       summed from 0 the same way, then added to C ({@code c = c + block}; C starts from 0 for C = A·B).</li>
 * </ul>
 * The bias add and the column sums are the plain loops: one add per number, the sums row after row.
 */
class SummationOrderTest {

    private static final int[][] LAYERS = {   // {inputs, outputs} of the notebooks' and the benchmark's Dense layers
            {64, 32}, {32, 10}, {32, 16}, {16, 10}, {64, 5}, {5, 10}, {64, 64}, {64, 10}, {64, 128}, {128, 10},
            {64, 256}, {256, 10}, {64, 512}, {512, 10}, {64, 1024}, {1024, 10}, {784, 128}, {784, 512}, {64, 2}, {64, 8}};
    private static final int[] BATCHES = {1, 32, 64, 128, 360, 512, 1437};
    private static final long MAX_WORK = 210_000_000L;   // multiply-adds: up to the benchmark's 512 x 784 x 512

    // main's blocking: register tiles of MR rows and w = L or 2L columns, KC steps of k per block
    private static final int L = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    private static final int MR = 6;
    private static final int KC = 128;

    private enum Op { MULT, MULT_ADD_TRANS_A, MULT_TRANS_B }

    private static FMatrixRMaj random(Random rng, int rows, int cols) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (float) rng.nextGaussian();
        }
        return m;
    }

    /** main's choice: C^T = B^T · A^T when its estimated cost is below 0.8 of C = A·B's. */
    private static boolean transposes(int m, int n, int k, boolean aTransposed, boolean bTransposed) {
        return cost(n, m, k, aTransposed, true) < 0.8 * cost(m, n, k, bTransposed, false);
    }

    private static double cost(int m, int n, int k, boolean bTransposed, boolean cStrided) {
        int w = n <= L ? L : 2 * L;
        double tiles = (double) ((m + MR - 1) / MR * (long) MR) * ((n + w - 1) / w * (long) w) * k / L;
        return tiles + (bTransposed ? 2.0 * k * n : 0) + (cStrided ? 4.0 * m * n * ((k + KC - 1) / KC) : 0);
    }

    /**
     * C (+)= A·B in main's order (see the class comment); A(i,p) = a[i*ars + p*acs], B(p,j) = b[p*brs + j*bcs],
     * C is m x n row-major and starts as c0 (null: zeros).
     */
    private static FMatrixRMaj inMainsOrder(int m, int n, int k, FMatrixRMaj a, int ars, int acs, FMatrixRMaj b, int brs,
                                            int bcs, FMatrixRMaj c0) {
        FMatrixRMaj c = c0 == null ? new FMatrixRMaj(m, n) : c0.copy();
        boolean transposed = transposes(m, n, k, ars != 1, bcs != 1);
        int rows = transposed ? n : m;            // the shape of the product computed (C or C^T)
        int cols = transposed ? m : n;
        int w = cols <= L ? L : 2 * L;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int r = transposed ? j : i;       // where the entry sits in the product computed
                int q = transposed ? i : j;
                boolean whole = !transposed && r / MR * MR + MR <= rows && q / w * w + w <= cols;
                float sum = c.data[i * n + j];
                for (int p0 = 0; p0 < k; p0 += KC) {
                    float block = whole ? sum : 0f;
                    for (int p = p0; p < Math.min(k, p0 + KC); p++) {
                        block = Math.fma(a.data[i * ars + p * acs], b.data[p * brs + j * bcs], block);
                    }
                    sum = whole ? block : sum + block;
                }
                c.data[i * n + j] = sum;
            }
        }
        return c;
    }

    private static FMatrixRMaj run(MatrixProducts products, Op op, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c0) {
        FMatrixRMaj c = c0 == null ? new FMatrixRMaj(1, 1) : c0.copy();
        switch (op) {
            case MULT -> products.mult(a, b, c);
            case MULT_ADD_TRANS_A -> products.multAddTransA(a, b, c);
            case MULT_TRANS_B -> products.multTransB(a, b, c);
        }
        return c;
    }

    /** An m x k times k x n product as op stores it, through EJML, the default vector products and two threads. */
    private static void check(Random rng, Op op, int m, int n, int k, MatrixProducts one, MatrixProducts two) {
        FMatrixRMaj a = op == Op.MULT_ADD_TRANS_A ? random(rng, k, m) : random(rng, m, k);
        FMatrixRMaj b = op == Op.MULT_TRANS_B ? random(rng, n, k) : random(rng, k, n);
        FMatrixRMaj c0 = op == Op.MULT_ADD_TRANS_A ? random(rng, m, n) : null;
        FMatrixRMaj expected;
        if ((long) m * n * k <= VectorProducts.SMALL) {
            expected = run(MatrixProducts.ejml(), op, a, b, c0);
        } else if (op == Op.MULT) {
            expected = inMainsOrder(m, n, k, a, k, 1, b, n, 1, null);
        } else if (op == Op.MULT_ADD_TRANS_A) {
            expected = inMainsOrder(m, n, k, a, 1, m, b, n, 1, c0);
        } else {
            expected = inMainsOrder(m, n, k, a, k, 1, b, 1, k, null);
        }
        String what = op + " " + m + "x" + k + " · " + k + "x" + n;
        for (MatrixProducts products : new MatrixProducts[] {one, two}) {
            FMatrixRMaj got = run(products, op, a, b, c0);
            for (int i = 0; i < expected.data.length; i++) {
                if (Float.floatToRawIntBits(expected.data[i]) != Float.floatToRawIntBits(got.data[i])) {
                    throw new AssertionError(what + " with " + products.name() + ": entry (" + i / n + "," + i % n + ") is "
                            + got.data[i] + " but summing in order gives " + expected.data[i]
                            + "; a change of summation order changes the notebooks' quoted numbers");
                }
            }
        }
    }

    @Test
    void denseLayerProductsSumInTheSameOrder() {
        Random rng = new Random(2026);
        MatrixProducts one = MatrixProducts.vector(1);
        MatrixProducts two = MatrixProducts.vector(2);
        for (int[] layer : LAYERS) {
            for (int batch : BATCHES) {
                int in = layer[0], out = layer[1];
                if ((long) batch * in * out > MAX_WORK) {
                    continue;                      // the reference sums one entry at a time: keep the test quick
                }
                check(rng, Op.MULT, batch, out, in, one, two);               // Y = X · W
                check(rng, Op.MULT_ADD_TRANS_A, in, out, batch, one, two);   // dW += X^T · dY
                check(rng, Op.MULT_TRANS_B, batch, in, out, one, two);       // dX = dY · W^T
            }
        }
    }

    @Test
    void biasAddAndColumnSumsAreThePlainLoops() {
        Random rng = new Random(77);
        MatrixProducts vector = MatrixProducts.vector(1);
        for (int rows : new int[] {1, 5, 32, 513}) {
            for (int cols : new int[] {1, 3, 10, 15, 16, 17, 33, 64, 256, 513}) {
                FMatrixRMaj y = random(rng, rows, cols);
                FMatrixRMaj bias = random(rng, 1, cols);
                FMatrixRMaj got = y.copy();
                vector.addToEachRow(got, bias);
                FMatrixRMaj sums = random(rng, 1, cols);
                FMatrixRMaj gotSums = sums.copy();
                vector.addColumnSums(y, gotSums);
                for (int c = 0; c < cols; c++) {
                    float sum = sums.data[c];
                    for (int r = 0; r < rows; r++) {
                        assertEquals(y.get(r, c) + bias.data[c], got.get(r, c), "Y + b at (" + r + "," + c + ")");
                        sum += y.get(r, c);                   // row after row
                    }
                    assertEquals(Float.floatToRawIntBits(sum), Float.floatToRawIntBits(gotSums.data[c]),
                            "column sum " + c + " of a " + rows + "x" + cols + " matrix");
                }
            }
        }
    }
}
