package org.paramlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.testing.Allocation;

/**
 * The Vector-API products against EJML's, on random shapes: odd sizes (1, 7, 33, 65 ...), sizes that
 * are not a multiple of the vector length or of the register tile, sizes past one cache block, and
 * every transposed case a layer uses.
 *
 * <p>Tolerance, stated: a float dot product of length k is within {@code k·u·sum_p |A(i,p)·B(p,j)|} of the
 * exact value (u = 2^-24, the unit roundoff; the textbook bound, Higham ch. 3), whatever order it sums
 * in and whether it fuses the multiply-add. So each entry of either implementation must lie within
 * that bound of the product computed in double, and the two within twice the bound of each other.
 * A wrong index or a missing transpose is off by about the size of the entry and fails at once.
 */
class MatrixProductsTest {

    private static final double U = Math.pow(2, -24);
    private static final int[] SIZES = {1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 47, 48, 49, 65, 96, 97, 100, 130, 257, 300};

    private final MatrixProducts ejml = MatrixProducts.ejml();
    // every size through the vector path (by default products up to VectorProducts.SMALL go to EJML)
    private final MatrixProducts vector = new VectorProducts(1, -1);
    private final MatrixProducts vector2 = new VectorProducts(2, -1);
    private final MatrixProducts vector3 = new VectorProducts(3, -1);

    private static FMatrixRMaj random(Random rng, int rows, int cols) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (float) rng.nextGaussian();
        }
        return m;
    }

    private enum Op { MULT, MULT_ADD_TRANS_A, MULT_TRANS_A, MULT_TRANS_B }

    private static boolean transposesA(Op op) {
        return op == Op.MULT_ADD_TRANS_A || op == Op.MULT_TRANS_A;
    }

    /** A(i,p) and B(p,j) of the product an op computes, read from its stored (maybe transposed) inputs. */
    private static double a(Op op, FMatrixRMaj a, int i, int p) {
        return transposesA(op) ? a.get(p, i) : a.get(i, p);
    }

    private static double b(Op op, FMatrixRMaj b, int p, int j) {
        return op == Op.MULT_TRANS_B ? b.get(j, p) : b.get(p, j);
    }

    /** Runs one op with one implementation on copies of the inputs; C starts as {@code c0} (used by the += op). */
    private static FMatrixRMaj run(MatrixProducts products, Op op, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c0) {
        FMatrixRMaj c = c0.copy();
        switch (op) {
            case MULT -> products.mult(a, b, c);
            case MULT_ADD_TRANS_A -> products.multAddTransA(a, b, c);
            case MULT_TRANS_A -> products.multTransA(a, b, c);
            case MULT_TRANS_B -> products.multTransB(a, b, c);
        }
        return c;
    }

    /** Checks op on an m x k times k x n product (inputs stored as the op wants them). */
    private void check(Random rng, Op op, int m, int n, int k) {
        FMatrixRMaj a = transposesA(op) ? random(rng, k, m) : random(rng, m, k);
        FMatrixRMaj b = op == Op.MULT_TRANS_B ? random(rng, n, k) : random(rng, k, n);
        // C's old numbers: added to by the += op, and written over (never read) by multTransA
        FMatrixRMaj c0 = transposesA(op) ? random(rng, m, n) : new FMatrixRMaj(1, 1);
        FMatrixRMaj byEjml = run(ejml, op, a, b, c0);
        FMatrixRMaj byVector = run(vector, op, a, b, c0);
        FMatrixRMaj byTwoThreads = run(vector2, op, a, b, c0);
        String what = op + " " + m + "x" + k + " · " + k + "x" + n;
        assertEquals(m, byVector.numRows, what + ": rows of C");
        assertEquals(n, byVector.numCols, what + ": cols of C");
        // the same numbers whatever the thread count: each entry is summed by one thread in one order
        assertArrayEquals(byVector.data, byTwoThreads.data, what + ": 1 thread vs 2 threads");
        assertArrayEquals(byVector.data, run(vector3, op, a, b, c0).data, what + ": 1 thread vs 3 threads");
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = op == Op.MULT_ADD_TRANS_A ? c0.get(i, j) : 0;
                double magnitude = op == Op.MULT_ADD_TRANS_A ? Math.abs(c0.get(i, j)) : 0;
                for (int p = 0; p < k; p++) {
                    double term = a(op, a, i, p) * b(op, b, p, j);
                    exact += term;
                    magnitude += Math.abs(term);
                }
                double bound = (k + 1) * U * magnitude + 1e-30;
                String at = what + " at (" + i + "," + j + ")";
                assertTrue(Math.abs(byEjml.get(i, j) - exact) <= bound, at + ": EJML " + byEjml.get(i, j) + " vs exact " + exact);
                assertTrue(Math.abs(byVector.get(i, j) - exact) <= bound,
                        at + ": vector " + byVector.get(i, j) + " vs exact " + exact + " (bound " + bound + ")");
                assertTrue(Math.abs(byVector.get(i, j) - byEjml.get(i, j)) <= 2 * bound,
                        at + ": vector " + byVector.get(i, j) + " vs EJML " + byEjml.get(i, j));
            }
        }
    }

    @Test
    void randomShapesAgreeWithEjml() {
        Random rng = new Random(20261129L);
        for (Op op : Op.values()) {
            for (int trial = 0; trial < 40; trial++) {
                check(rng, op, SIZES[rng.nextInt(SIZES.length)], SIZES[rng.nextInt(SIZES.length)],
                        SIZES[rng.nextInt(SIZES.length)]);
            }
        }
    }

    @Test
    void edgeShapesAgreeWithEjml() {
        Random rng = new Random(7);
        int[][] shapes = {
                {1, 1, 1}, {1, 33, 1}, {33, 1, 1}, {1, 1, 65}, {7, 7, 7}, {65, 33, 7},
                {6, 32, 256}, {6, 32, 257},        // one register tile, one and just over one block along k
                {97, 65, 300},                     // past a block of rows of A and of k
                {3, 2100, 5},                      // past a block of columns of B
                {2100, 3, 5},                      // a tall narrow C, computed as C^T = B^T · A^T
                {32, 10, 256}, {256, 10, 32}, {32, 256, 10},   // the 64-256-10 model's second layer
        };
        for (Op op : Op.values()) {
            for (int[] s : shapes) {
                check(rng, op, s[0], s[1], s[2]);
            }
        }
    }

    @Test
    void denseLayerShapesAgreeWithEjml() {
        // the three products of a 784 -> 64 layer on a batch of 65 (not a multiple of anything)
        Random rng = new Random(11);
        check(rng, Op.MULT, 65, 64, 784);
        check(rng, Op.MULT_ADD_TRANS_A, 784, 64, 65);
        check(rng, Op.MULT_TRANS_B, 65, 784, 64);
    }

    @Test
    void aGradientWrittenOverHasTheBitsOfOneAddedToZeros() {
        // Dense writes dW = X^T · dY over a cleared gradient instead of adding it to zeros: the same bits, for every
        // implementation, thread count and shape (small ones through EJML, large ones through the vector blocks)
        Random rng = new Random(20261205L);
        int[][] shapes = {{3, 5, 4}, {784, 64, 65}, {300, 200, 64}, {97, 520, 300}, {512, 10, 512}};
        for (MatrixProducts products : List.of(ejml, vector, vector2, MatrixProducts.vector(1), MatrixProducts.vector(2))) {
            for (int[] s : shapes) {
                FMatrixRMaj a = random(rng, s[2], s[0]);
                FMatrixRMaj b = random(rng, s[2], s[1]);
                FMatrixRMaj addedToZeros = new FMatrixRMaj(s[0], s[1]);
                products.multAddTransA(a, b, addedToZeros);
                FMatrixRMaj writtenOver = random(rng, s[0], s[1]);
                products.multTransA(a, b, writtenOver);
                assertArrayEquals(addedToZeros.data, writtenOver.data, products + " " + Arrays.toString(s));
            }
        }
    }

    @Test
    void sameSeedSameNumbers() {
        FMatrixRMaj a = random(new Random(3), 50, 70);
        FMatrixRMaj b = random(new Random(4), 70, 90);
        FMatrixRMaj first = new FMatrixRMaj(1, 1);
        FMatrixRMaj again = new FMatrixRMaj(1, 1);
        vector.mult(a, b, first);
        new VectorProducts(1, -1).mult(a, b, again);
        assertArrayEquals(first.data, again.data);
    }

    @Test
    void smallProductsGoToEjml() {
        // up to VectorProducts.SMALL multiply-adds the default vector products hand over to EJML: same bits
        FMatrixRMaj a = random(new Random(5), 8, 12);
        FMatrixRMaj b = random(new Random(6), 12, 16);
        assertTrue(8L * 12 * 16 <= VectorProducts.SMALL);
        FMatrixRMaj byEjml = new FMatrixRMaj(1, 1);
        FMatrixRMaj byDefault = new FMatrixRMaj(1, 1);
        ejml.mult(a, b, byEjml);
        MatrixProducts.vector(1).mult(a, b, byDefault);
        assertArrayEquals(byEjml.data, byDefault.data);
    }

    @Test
    void vectorProductsAllocateNothingOnceWarm() {
        // on one thread, and on two sharing each product in 3 bands (counting what the caller and the helper allocate)
        ProductThreads two = new ProductThreads(2);
        long[] both = {Thread.currentThread().getId(), two.helperIds()[0]};
        assertAllocatesNothingOnceWarm(new VectorProducts(1, -1), "1 thread", Thread.currentThread().getId());
        assertAllocatesNothingOnceWarm(new VectorProducts(-1, 3, two), "2 threads, 3 bands", both);
    }

    private static void assertAllocatesNothingOnceWarm(MatrixProducts p, String how, long... threadIds) {
        // the three products of a 70 -> 33 layer (ragged tiles) and of a 33 -> 10 layer (one-vector tiles), batch 40;
        // counted once the JIT has compiled them (until then the Vector API boxes its vectors)
        Random rng = new Random(8);
        FMatrixRMaj x = random(rng, 40, 70), w = random(rng, 70, 33), y = new FMatrixRMaj(40, 33);
        FMatrixRMaj w2 = random(rng, 33, 10), z = new FMatrixRMaj(40, 10), dz = random(rng, 40, 10);
        FMatrixRMaj dw2 = new FMatrixRMaj(33, 10), dy = new FMatrixRMaj(40, 33), dw = new FMatrixRMaj(70, 33);
        FMatrixRMaj dx = new FMatrixRMaj(40, 70);
        // (small = -1: these sizes would otherwise go to EJML)
        Runnable step = () -> {
            p.mult(x, w, y);
            p.mult(y, w2, z);
            p.multAddTransA(y, dz, dw2);
            p.multTransB(dz, w2, dy);
            p.multAddTransA(x, dy, dw);
            p.multTransB(dy, w, dx);
        };
        Allocation.assertBelowOnceWarm("warmed-up vector products (" + how + ")", 64, 200, step, threadIds);
    }

    @Test
    void biasOperationsEqualEjmlExactly() {
        // plain additions in the same order: not one bit may differ
        Random rng = new Random(9);
        for (int cols : new int[] {1, 7, 16, 33, 65, 100}) {
            FMatrixRMaj y = random(rng, 13, cols);
            FMatrixRMaj v = random(rng, 1, cols);
            FMatrixRMaj y1 = y.copy();
            FMatrixRMaj y2 = y.copy();
            ejml.addToEachRow(y1, v);
            vector.addToEachRow(y2, v);
            assertArrayEquals(y1.data, y2.data, "addToEachRow, " + cols + " columns");
            for (int c = 0; c < cols; c++) {
                assertEquals(y.get(4, c) + v.get(0, c), y2.get(4, c), "Y[4," + c + "] + b[" + c + "]");
            }

            FMatrixRMaj s1 = random(rng, 1, cols);
            FMatrixRMaj s2 = s1.copy();
            FMatrixRMaj start = s1.copy();
            ejml.addColumnSums(y, s1);
            vector.addColumnSums(y, s2);
            assertArrayEquals(s1.data, s2.data, "addColumnSums, " + cols + " columns");
            float expected = start.get(0, cols - 1);
            for (int r = 0; r < y.numRows; r++) {
                expected += y.get(r, cols - 1);
            }
            assertEquals(expected, s2.get(0, cols - 1), "sum of the last column");
        }
    }

    @Test
    void shapeErrorsNameBothShapes() {
        FMatrixRMaj a = new FMatrixRMaj(3, 4);
        FMatrixRMaj b = new FMatrixRMaj(5, 6);
        for (MatrixProducts p : new MatrixProducts[] {ejml, vector}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.mult(a, b, new FMatrixRMaj(1, 1)));
            assertTrue(e.getMessage().contains("A 3x4 and B 5x6"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.multAddTransA(a, new FMatrixRMaj(3, 6), new FMatrixRMaj(4, 5)));
            assertTrue(e.getMessage().contains("(4x6) into C, but C is 4x5"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.multTransB(a, b, new FMatrixRMaj(1, 1)));
            assertTrue(e.getMessage().contains("cols(A) = cols(B)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.addToEachRow(a, new FMatrixRMaj(1, 3)));
            assertTrue(e.getMessage().contains("got a 1x3 row"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.mult(a, new FMatrixRMaj(4, 4), a));
            assertTrue(e.getMessage().contains("into one of its inputs"), e.getMessage());
        }
    }

    @Test
    void peakIsMeasuredWithTheVectorApi() {
        // a rate, not a timing test: only that the FMA chains ran and gave a positive, finite figure
        double gflops = MatrixProducts.peak(200_000L);
        assertTrue(gflops > 0 && Double.isFinite(gflops), "FMA peak " + gflops + " GFLOP/s");
        // without FMA (surefire's products-without-fma run) the chains are a multiply and an add: the Vector API's fma
        // would box every vector, and notebook 05 would wait minutes for its peak
        String chains = ExactFma.HARDWARE ? "FMA chains" : "multiply-add chains";
        assertTrue(MatrixProducts.peakMethod().contains(chains), MatrixProducts.peakMethod());
    }

    @Test
    void choiceFollowsTheSwitch() {
        // Surefire starts the JVM with --add-modules jdk.incubator.vector, as the kernel's launcher does
        assertTrue(MatrixProducts.vectorAvailable(), "the Vector API module should be in the test JVM");
        assertTrue(MatrixProducts.choose("", "1").name().startsWith("vector"), MatrixProducts.choose("", "1").name());
        assertTrue(MatrixProducts.get().name().startsWith("vector"), MatrixProducts.get().name());
        assertSame(MatrixProducts.ejml(), MatrixProducts.choose("ejml", "1"));
        assertSame(MatrixProducts.ejml(), MatrixProducts.choose("EJML", "2"));
        assertEquals("vector (" + 32 * jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() + "-bit, 2 threads)",
                MatrixProducts.choose("vector", "2").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixProducts.choose("blas", "1"));
        assertTrue(e.getMessage().contains("'blas'; use ejml or vector"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MatrixProducts.choose("", "two"));
        assertTrue(e.getMessage().contains("'two'"), e.getMessage());
    }

    @Test
    void threadsDefaultToTheCoresExceptInAClass() {
        assertEquals(16, MatrixProducts.defaultThreads(null, 16), "no profile: every core this JVM may use");
        assertEquals(2, MatrixProducts.defaultThreads("", 2));
        assertEquals(1, MatrixProducts.defaultThreads("class", 16), "a class shares the cores among students");
        assertEquals(1, MatrixProducts.defaultThreads(" class ", 2));
        assertEquals(Runtime.getRuntime().availableProcessors(), MatrixProducts.defaultThreads(null,
                Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void aTrapLimitBelowAThousandGetsAdviceNamingTheOption() {
        String advice = MatrixProducts.trapLimitAdvice("100");
        assertTrue(advice != null && advice.contains("-XX:PerMethodTrapLimit=1000") && advice.contains("=100;"), advice);
        assertEquals(null, MatrixProducts.trapLimitAdvice("1000"));
        assertEquals(null, MatrixProducts.trapLimitAdvice("5000"));
        assertEquals(null, MatrixProducts.trapLimitAdvice(null));
        // the tests run with the option (pom.xml), as the kernel does
        assertEquals("1000", MatrixProducts.trapLimit());
    }
}
