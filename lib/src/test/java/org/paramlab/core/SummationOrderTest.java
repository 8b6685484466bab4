package org.paramlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Not one bit may move unnoticed: the numbers every notebook quotes depend on the order in which each entry of
 * a product is summed. This test writes that order down and holds every product of the notebooks' and the
 * benchmark's Dense layers to it, bit for bit, on 1, 2, 3 and 4 threads, whatever the products do to be faster.
 *
 * <p>The order. Products of at most {@link VectorProducts#SMALL} multiply-adds go to EJML and equal EJML's bits.
 * In larger ones every entry is one chain of fused multiply-adds, {@code c = fma(A(i,p), B(p,j), c)} for
 * p = 0, 1, ..., k-1, starting from C's value (from 0 for C = A·B). Nothing else: not the register tile, the
 * cache blocks, whether C or C^T is computed, nor how many threads share the work. (Until the products were
 * rewritten with 12 x 32 tiles, commit b72a9e6, the ragged edges were summed in blocks of 128 steps and then
 * added: the one time the notebooks' last digits moved for speed.)
 * The bias add and the column sums are the plain loops: one add per number, the sums row after row.
 */
class SummationOrderTest {

    private static final int[][] LAYERS = {   // {inputs, outputs} of the notebooks' and the benchmark's Dense layers
            {64, 32}, {32, 10}, {32, 16}, {16, 10}, {64, 5}, {5, 10}, {64, 64}, {64, 10}, {64, 128}, {128, 10},
            {64, 256}, {256, 10}, {64, 512}, {512, 10}, {64, 1024}, {1024, 10}, {784, 128}, {784, 512}, {64, 2}, {64, 8},
            {192, 256}, {256, 2004}, {64, 4096}, {4096, 10}};
    private static final int[] BATCHES = {1, 32, 64, 128, 256, 360, 512, 1437};
    private static final long MAX_WORK = 210_000_000L;   // multiply-adds: up to the benchmark's 512 x 784 x 512

    private enum Op { MULT, MULT_ADD_TRANS_A, MULT_TRANS_B }

    private static FMatrixRMaj random(Random rng, int rows, int cols) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (float) rng.nextGaussian();
        }
        return m;
    }

    /**
     * C (+)= A·B in the order above; A(i,p) = a[i*ars + p*acs], B(p,j) = b[p*brs + j*bcs],
     * C is m x n row-major and starts as c0 (null: zeros).
     */
    static FMatrixRMaj inOrder(int m, int n, int k, FMatrixRMaj a, int ars, int acs, FMatrixRMaj b, int brs,
                               int bcs, FMatrixRMaj c0) {
        FMatrixRMaj c = c0 == null ? new FMatrixRMaj(m, n) : c0.copy();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = c.data[i * n + j];
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a.data[i * ars + p * acs], b.data[p * brs + j * bcs], sum);
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

    /** An m x k times k x n product as op stores it, through EJML below SMALL or else in order, against every products given. */
    private static void check(Random rng, Op op, int m, int n, int k, MatrixProducts... products) {
        check(rng, op, m, n, k, true, byName(products));
    }

    /** An m x k times k x n product as op stores it, summed in order, against every products given (none to EJML). */
    private static void checkInOrder(Random rng, Op op, int m, int n, int k, MatrixProducts... products) {
        check(rng, op, m, n, k, false, byName(products));
    }

    /**
     * Random A, B (and C for dW += X^T · dY) for an m x k times k x n product as op stores it; every products given
     * must give the bits of EJML (for a product of at most SMALL multiply-adds, when {@code ejmlBelowSmall}) or of
     * the sum in order.
     */
    private static void check(Random rng, Op op, int m, int n, int k, boolean ejmlBelowSmall,
            Map<String, MatrixProducts> products) {
        FMatrixRMaj a = op == Op.MULT_ADD_TRANS_A ? random(rng, k, m) : random(rng, m, k);
        FMatrixRMaj b = op == Op.MULT_TRANS_B ? random(rng, n, k) : random(rng, k, n);
        FMatrixRMaj c0 = op == Op.MULT_ADD_TRANS_A ? random(rng, m, n) : null;
        FMatrixRMaj expected;
        if (ejmlBelowSmall && (long) m * n * k <= VectorProducts.SMALL) {
            expected = run(MatrixProducts.ejml(), op, a, b, c0);
        } else {
            expected = switch (op) {
                case MULT -> inOrder(m, n, k, a, k, 1, b, n, 1, null);
                case MULT_ADD_TRANS_A -> inOrder(m, n, k, a, 1, m, b, n, 1, c0);
                case MULT_TRANS_B -> inOrder(m, n, k, a, k, 1, b, 1, k, null);
            };
        }
        for (var p : products.entrySet()) {
            FMatrixRMaj got = run(p.getValue(), op, a, b, c0);
            for (int i = 0; i < expected.data.length; i++) {
                if (Float.floatToRawIntBits(expected.data[i]) != Float.floatToRawIntBits(got.data[i])) {
                    throw new AssertionError(op + " " + m + "x" + k + " · " + k + "x" + n + " with " + p.getKey()
                            + ": entry (" + i / n + "," + i % n + ") is " + got.data[i] + " but summing in order gives "
                            + expected.data[i] + "; a change of summation order changes the notebooks' quoted numbers");
                }
            }
        }
    }

    private static Map<String, MatrixProducts> byName(MatrixProducts... products) {
        Map<String, MatrixProducts> named = new LinkedHashMap<>();
        for (MatrixProducts p : products) {
            if (named.put(p.name(), p) != null) {
                throw new IllegalArgumentException("two products named " + p.name());
            }
        }
        return named;
    }

    private static final MatrixProducts[] THREADS = {MatrixProducts.vector(1), MatrixProducts.vector(2),
            MatrixProducts.vector(3), MatrixProducts.vector(4)};

    @Test
    void denseLayerProductsSumInTheSameOrderOnAnyThreadCount() {
        Random rng = new Random(2026);
        for (int[] layer : LAYERS) {
            for (int batch : BATCHES) {
                int in = layer[0], out = layer[1];
                if ((long) batch * in * out > MAX_WORK) {
                    continue;                      // the reference sums one entry at a time: keep the test quick
                }
                check(rng, Op.MULT, batch, out, in, THREADS);               // Y = X · W
                check(rng, Op.MULT_ADD_TRANS_A, in, out, batch, THREADS);   // dW += X^T · dY
                check(rng, Op.MULT_TRANS_B, batch, in, out, THREADS);       // dX = dY · W^T
            }
        }
    }

    /**
     * Odd shapes, every one through the vector path (none to EJML), on 1 to 4 threads: ragged tiles on each side,
     * k across several cache blocks, C narrower than a vector or wider than a block of columns, a band per thread of
     * less than one tile.
     */
    @Test
    void oddShapesSumInTheSameOrderOnAnyThreadCount() {
        MatrixProducts[] all = {new VectorProducts(1, -1), new VectorProducts(2, -1), new VectorProducts(3, -1),
                new VectorProducts(4, -1)};
        Random rng = new Random(11);
        int[] sizes = {1, 5, 11, 12, 13, 17, 31, 33, 100, 257, 530};
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : new int[] {1, 7, 255, 256, 257, 600}) {
                    if ((long) m * n * k > 40_000_000L) {
                        continue;
                    }
                    for (Op op : Op.values()) {
                        checkInOrder(rng, op, m, n, k, all);
                    }
                }
            }
        }
        // C wider (or, computed as C^T, taller) than one block of packed columns: A is packed again for each block,
        // and the last block is ragged
        int wide = 2 * VectorProducts.NC + 33;
        for (int[] mk : new int[][] {{5, 257}, {13, 600}, {33, 7}}) {
            for (Op op : Op.values()) {
                checkInOrder(rng, op, mk[0], wide, mk[1], all);
                checkInOrder(rng, op, wide, mk[0], mk[1], all);
            }
        }
        // a large C (over 64k floats): k in long blocks on AVX-512 (1,100 = 2 x 550), ragged tiles on both sides
        for (Op op : Op.values()) {
            checkInOrder(rng, op, 257, 257, 1100, all);
        }
    }

    /**
     * However a product is cut into bands and whichever thread computes each, no bit moves: cuts from one band to
     * one per tile, on 1 to 4 threads, with helpers at full speed, slow (they sleep 0-300 µs before and after taking
     * each band, seeded) or absent (they never take a band: the caller computes them all and must not wait for them;
     * a wait would hang, and the timeout fails the test). C is cut by columns (wide C), by rows (tall C), ragged.
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anyCutIntoBandsOnAnyThreadsSumsInTheSameOrder() {
        Map<String, MatrixProducts> cuts = new LinkedHashMap<>();
        for (String helpers : new String[] {"fast", "slow", "absent"}) {
            for (int threads = helpers.equals("fast") ? 1 : 2; threads <= 4; threads++) {
                ProductThreads team = ProductThreadsTest.team(helpers, threads);
                for (int bands : new int[] {1, 2, 3, 5, 8, 13, 1000}) {          // 1000: one band per tile
                    cuts.put(bands + " bands on " + threads + " threads, " + helpers + " helpers",
                            new VectorProducts(-1, bands, team));
                }
            }
        }
        Random rng = new Random(21);
        int[][] shapes = {{100, 530, 257}, {530, 70, 300}, {37, 70, 600}};   // {m, n, k}
        for (int[] shape : shapes) {
            int m = shape[0], n = shape[1], k = shape[2];
            for (Op op : Op.values()) {
                check(rng, op, m, n, k, false, cuts);
            }
        }
    }

    /**
     * A CPU without FMA (its micro-kernel computes each fused multiply-add exactly in double, {@link ExactFma}) sums
     * in the same order to the same bits: a few layer shapes and odd ones, on 1 and 2 threads. On any CPU this
     * forces that kernel; surefire's products-without-fma run repeats it in a JVM without FMA, where it is the
     * default and {@code Math.fma} of the reference is the JDK's own software path (kept small: that path is slow).
     */
    @Test
    void withoutHardwareFmaTheSameBits() {
        MatrixProducts[] noFma = {new VectorProducts(1, -1, false), new VectorProducts(2, -1, false)};
        Random rng = new Random(13);
        int[][] shapes = {{40, 33, 70}, {13, 10, 33}, {128, 10, 64}, {1, 5, 7}, {12, 32, 300}, {33, 31, 257}};
        for (int[] mnk : shapes) {
            for (Op op : Op.values()) {
                checkInOrder(rng, op, mnk[0], mnk[1], mnk[2], noFma);
            }
        }
    }

    @Test
    void biasAddAndColumnSumsAreThePlainLoops() {
        Random rng = new Random(77);
        // one thread, and long passes cut into pieces of rows (the bias add) and of columns (the sums) on 2-3 threads
        List<MatrixProducts> all = List.of(MatrixProducts.vector(1), new VectorProducts(-1, 2, new ProductThreads(2)),
                new VectorProducts(-1, 3, ProductThreadsTest.team("slow", 3)), new VectorProducts(-1, 5, new ProductThreads(2)));
        for (MatrixProducts vector : all) {
            for (int rows : new int[] {1, 5, 32, 513}) {
                for (int cols : new int[] {1, 3, 10, 15, 16, 17, 33, 64, 100, 256, 513}) {
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
                            assertEquals(y.get(r, c) + bias.data[c], got.get(r, c),
                                    "Y + b at (" + r + "," + c + "), " + vector.name());
                            sum += y.get(r, c);                   // row after row
                        }
                        assertEquals(Float.floatToRawIntBits(sum), Float.floatToRawIntBits(gotSums.data[c]),
                                "column sum " + c + " of a " + rows + "x" + cols + " matrix, " + vector.name());
                    }
                }
            }
        }
    }
}
