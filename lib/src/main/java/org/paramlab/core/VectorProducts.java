package org.paramlab.core;

import java.util.concurrent.locks.LockSupport;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ejml.data.FMatrixRMaj;

/**
 * Matrix products on the JDK's Vector API, blocked for the caches (the scheme of GotoBLAS / BLIS):
 * <pre>
 *   for each block of KC steps along the shared dimension k:
 *     copy ("pack") a KC x NC block of B so that each NR-wide strip is contiguous      (stays in L2)
 *     for each block of MC rows of A (read in place, 6 rows at a time):
 *       for each strip of B (NR columns), for each strip of A (MR rows):
 *         C[MR x NR] += sum over p of A[:, p] * B[p, :]    12 vector registers of sums, one FMA each
 * </pre>
 * The innermost loop reads one MR-strip of A and one NR-strip of B per step and keeps the whole
 * MR x NR tile of C in registers: 12 fused multiply-adds (FMA) of {@code L} floats each for 2 loads of B
 * and 6 broadcasts of A. Packing turns a transposed B into the same loop, and pads the edges with zeros
 * so that odd sizes (1, 7, 33 ...) run the same code; their extra lanes are dropped when the tile is
 * written back (only a ragged last strip of A is copied, to pad it). Every number of C is summed in the
 * same order whatever the thread count (SummationOrderTest writes that order down). Two choices keep the
 * copies cheap: B is read in place when few rows of A reuse it; and C^T = B^T · A^T is computed instead
 * of C when that costs less (a narrow C, or a B that would have to be gathered across its rows).
 * Products of at most {@link #SMALL} multiply-adds go to EJML.
 *
 * <p>Buffers are allocated once, when the products are created, so a warmed-up training step allocates nothing.
 */
final class VectorProducts extends MatrixProducts {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();     // floats per vector register: 16 with AVX-512, 8 with AVX2
    private static final int MR = 6;             // rows of a register tile
    private static final int NR = 2 * L;         // columns of a register tile: two vectors
    private static final int KC = 128;           // steps along k per block: an NR-wide strip of B is 16 kB (L1)
    private static final int MC = 16 * MR;       // rows of A per block (a ragged last strip is copied into packedA)
    private static final int NC = 64 * NR;       // columns of B packed at once: KC x NC floats
    private static final int PACK_B_ROWS = 48;   // below this many rows of A, B is read in place
    /**
     * Below this many multiply-adds per thread (about 20 µs of work) a product stays on the calling thread:
     * waking the other one costs about as much. With 2^17, a batch of 32 ran 2.7x slower on two threads
     * than with this (scripts/bench-lib.sh, loaded machine).
     */
    private static final long MIN_WORK_PER_THREAD = 1L << 20;

    private final int threads;
    private final long small;
    private final Workspace[] workspaces;
    private final Worker[] workers;

    /** Per-thread buffers: packed A, packed B, and one register tile for the ragged edges. */
    private static final class Workspace {
        final float[] packedA = new float[MC * KC];
        final float[] packedB = new float[KC * NC];
        final float[] tile = new float[MR * NR];
    }

    public VectorProducts(int threads) {
        this(threads, SMALL);
    }

    /** With {@code small} = -1 every product takes the vector path (the tests compare it on tiny shapes too). */
    VectorProducts(int threads, long small) {
        this.threads = threads;
        this.small = small;
        this.workspaces = new Workspace[threads];
        this.workers = new Worker[threads - 1];
        for (int t = 0; t < threads; t++) {
            workspaces[t] = new Workspace();
        }
        for (int t = 0; t < threads - 1; t++) {
            workers[t] = new Worker(workspaces[t + 1]);
            workers[t].start();
        }
    }

    @Override
    public String name() {
        return "vector (" + L * 32 + "-bit, " + threads + (threads == 1 ? " thread)" : " threads)");
    }

    // ---- the three products, each as C (+)= A · B with the right strides ----

    /**
     * Products of at most this many multiply-adds (a 32 x 64 x 32 product) go to EJML's plain loops. Once
     * compiled, the vector code is faster even there, but it must first run often enough for the JIT to
     * compile it (before that the Vector API is tens of times slower than plain loops): a notebook's small
     * models train for a few thousand steps of a few microseconds, which that first second would outweigh.
     */
    static final long SMALL = 1L << 16;

    private boolean small(int m, int n, int k) {
        return (long) m * n * k <= small;
    }

    @Override
    protected void multImpl(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        // A(i,p) = a[i*k + p], B(p,j) = b[p*n + j]
        int m = a.numRows, k = a.numCols, n = b.numCols;
        if (small(m, n, k)) {
            EjmlProducts.INSTANCE.multImpl(a, b, c);
            return;
        }
        product(m, n, k, a.data, k, 1, b.data, n, 1, c.data, n, 1, false);
    }

    @Override
    protected void multAddTransAImpl(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        // (A^T)(i,p) = A(p,i) = a[p*m + i], B(p,j) = b[p*n + j]
        int k = a.numRows, m = a.numCols, n = b.numCols;
        if (small(m, n, k)) {
            EjmlProducts.INSTANCE.multAddTransAImpl(a, b, c);
            return;
        }
        product(m, n, k, a.data, 1, m, b.data, n, 1, c.data, n, 1, true);
    }

    @Override
    protected void multTransBImpl(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        // A(i,p) = a[i*k + p], (B^T)(p,j) = B(j,p) = b[j*k + p]
        int m = a.numRows, k = a.numCols, n = b.numRows;
        if (small(m, n, k)) {
            EjmlProducts.INSTANCE.multTransBImpl(a, b, c);
            return;
        }
        product(m, n, k, a.data, k, 1, b.data, 1, k, c.data, n, 1, false);
    }

    // ---- the bias add and the column sums: the same adds as the plain loops, L at a time ----

    /**
     * Below this many numbers the bias add and the column sums take the plain loops: as for {@link #SMALL}, the
     * vector code is slow (and allocates) until the JIT has compiled it, which small layers never repay. So do
     * rows shorter than one vector (a 10-class output), which the vector code would only walk one by one.
     */
    static final int SMALL_ROWS_TIMES_COLUMNS = 1 << 12;

    /** Y[r, c] += v[c]: one add per number, L columns at once; the last columns of a row one by one. */
    @Override
    protected void addToEachRowImpl(FMatrixRMaj y, FMatrixRMaj v) {
        if (y.getNumElements() <= SMALL_ROWS_TIMES_COLUMNS && small >= 0 || y.numCols < L) {
            super.addToEachRowImpl(y, v);
            return;
        }
        float[] data = y.data;
        float[] row = v.data;
        int cols = y.numCols;
        int full = S.loopBound(cols);
        for (int r = 0; r < y.numRows; r++) {
            int start = r * cols;
            int c = 0;
            for (; c < full; c += L) {
                FloatVector.fromArray(S, data, start + c).add(FloatVector.fromArray(S, row, c)).intoArray(data, start + c);
            }
            for (; c < cols; c++) {
                data[start + c] += row[c];
            }
        }
    }

    /**
     * s[c] += M[0, c] + M[1, c] + ..., row after row as the plain loop does: L neighbouring sums are carried
     * down the rows in one register, then the next L. (With fewer than L columns, the plain loop.)
     */
    @Override
    protected void addColumnSumsImpl(FMatrixRMaj m, FMatrixRMaj sums) {
        if (m.getNumElements() <= SMALL_ROWS_TIMES_COLUMNS && small >= 0 || m.numCols < L) {
            super.addColumnSumsImpl(m, sums);
            return;
        }
        float[] data = m.data;
        float[] s = sums.data;
        int cols = m.numCols;
        int full = S.loopBound(cols);
        for (int c = 0; c < full; c += L) {
            FloatVector sum = FloatVector.fromArray(S, s, c);
            for (int r = 0; r < m.numRows; r++) {
                sum = sum.add(FloatVector.fromArray(S, data, r * cols + c));
            }
            sum.intoArray(s, c);
        }
        for (int r = 0; r < m.numRows; r++) {
            for (int c = full; c < cols; c++) {
                s[c] += data[r * cols + c];
            }
        }
    }

    // ---- C (+)= A · B for strided A, B, C ----

    /**
     * C(i,j) = [C(i,j) +] sum_p A(i,p) B(p,j) for i < m, j < n, p < k, where
     * A(i,p) = a[i*ars + p*acs], B(p,j) = b[p*brs + j*bcs], C(i,j) = c[i*crs + j*ccs].
     */
    private synchronized void product(int m, int n, int k, float[] a, int ars, int acs, float[] b, int brs, int bcs,
                                      float[] c, int crs, int ccs, boolean add) {
        if (m == 0 || n == 0) {
            return;
        }
        // C = A·B or C^T = B^T·A^T, whichever costs less: a narrow C (10 columns) wastes most of a tile, and
        // a B read across its rows (B^T stored, as W in dY·W^T) must be gathered into strips first.
        if (cost(n, m, k, ars != 1, crs != 1) < 0.8 * cost(m, n, k, bcs != 1, ccs != 1)) {
            int t;
            t = m; m = n; n = t;
            float[] s = a; a = b; b = s;
            int ars2 = bcs, acs2 = brs, brs2 = acs, bcs2 = ars;
            ars = ars2; acs = acs2; brs = brs2; bcs = bcs2;
            t = crs; crs = ccs; ccs = t;
        }
        long work = (long) m * n * k;
        int parts = (int) Math.min(threads, Math.max(1, work / MIN_WORK_PER_THREAD));
        if (parts == 1) {
            serial(m, n, k, a, 0, ars, acs, b, 0, brs, bcs, c, 0, crs, ccs, add, workspaces[0]);
            return;
        }
        // split C into `parts` bands of whole tiles, along its longer side; each band is one serial product
        boolean byColumns = n / NR >= m / MR;
        int tiles = byColumns ? (n + NR - 1) / NR : (m + MR - 1) / MR;
        int tileSize = byColumns ? NR : MR;
        int extent = byColumns ? n : m;
        int start = 0;
        for (int t = 0; t < parts; t++) {
            int end = Math.min(extent, (int) ((long) tiles * (t + 1) / parts) * tileSize);
            if (t == parts - 1) {
                end = extent;
            }
            if (end > start) {
                int mm = byColumns ? m : end - start;
                int nn = byColumns ? end - start : n;
                int aOff = byColumns ? 0 : start * ars;
                int bOff = byColumns ? start * bcs : 0;
                int cOff = byColumns ? start * ccs : start * crs;
                if (t < parts - 1) {
                    workers[t].submit(mm, nn, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, add);
                } else {
                    serial(mm, nn, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, add, workspaces[0]);
                }
            }
            start = end;
        }
        for (int t = 0; t < parts - 1; t++) {
            workers[t].await();
        }
    }

    /**
     * Rough cost, in vector FMAs, of C[m x n] = A·B through {@link #serial}: the tiles (padded to whole tiles),
     * gathering a B stored transposed (a few operations per number), and adding tiles into a strided C.
     */
    private static double cost(int m, int n, int k, boolean bTransposed, boolean cStrided) {
        double tiles = (double) padded(m, MR) * padded(n, width(n)) * k / L;
        double gather = bTransposed ? 2.0 * k * n : 0;
        double strided = cStrided ? 4.0 * m * n * ((k + KC - 1) / KC) : 0;
        return tiles + gather + strided;
    }

    /** Columns of a register tile for a C with n columns: two vectors, or one when n fits in one. */
    private static int width(int n) {
        return n <= L ? L : NR;
    }

    private static long padded(int size, int multiple) {
        return (size + multiple - 1) / multiple * (long) multiple;
    }

    /** The blocked product on one thread (see the class comment). */
    private static void serial(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs,
                               int bcs, float[] c, int cOff, int crs, int ccs, boolean add, Workspace ws) {
        if (!add && k == 0) {             // an empty sum: C = 0
            zero(c, cOff, crs, ccs, m, n);
        }
        int w = width(n);                 // a C of at most L columns (a layer with 10 outputs) uses one-vector tiles
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                // C = A·B: the first block's tiles start from 0 instead of from C, so C needs no zeroing pass
                boolean fresh = !add && pc == 0;
                // B is packed when it is transposed, or reused by enough rows of A to repay the copy; else its
                // full strips are read where they are (row p of a strip: NR contiguous floats, brs apart)
                int bBlock = bOff + pc * brs + jc * bcs;
                boolean packB = bcs != 1 || m > PACK_B_ROWS;
                if (packB) {
                    packB(b, bBlock, brs, bcs, kc, 0, nc, w, ws.packedB);
                } else if (nc % w != 0) {
                    packB(b, bBlock, brs, bcs, kc, nc - nc % w, nc, w, ws.packedB);
                }
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    int aBlock = aOff + ic * ars + pc * acs;
                    // A's full strips are read where they are: the tile reads 6 numbers of A per step, from
                    // 6 rows (or 6 neighbours, for A^T) that stay in the L1 cache while the strips of B pass by;
                    // only a ragged last strip is copied, to pad it with zero rows
                    for (int ir = 0; ir < mc; ir += MR) {
                        if (mc - ir < MR) {
                            packA(a, aBlock + ir * ars, ars, acs, mc - ir, kc, ws.packedA, ir * kc);
                        }
                    }
                    for (int jr = 0; jr < nc; jr += w) {
                        int nr = Math.min(w, nc - jr);
                        boolean packed = packB || nr < w;
                        float[] bs = packed ? ws.packedB : b;
                        int bi = packed ? jr * kc : bBlock + jr;
                        int ldb = packed ? w : brs;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int cAt = cOff + (ic + ir) * crs + (jc + jr) * ccs;
                            boolean whole = mr == MR && nr == w && ccs == 1;
                            float[] cs = whole ? c : ws.tile;
                            int ci = whole ? cAt : 0;
                            int ldc = whole ? crs : w;
                            // a ragged edge (or a strided C) goes through the spare tile: summed from 0, then added to C
                            boolean fromZero = fresh || !whole;
                            boolean inPlace = mr == MR;
                            float[] as = inPlace ? a : ws.packedA;
                            int ai = inPlace ? aBlock + ir * ars : ir * kc;
                            int rowStep = inPlace ? ars : 1;
                            int kStep = inPlace ? acs : MR;
                            if (w == NR) {
                                tile(kc, as, ai, rowStep, kStep, bs, bi, ldb, cs, ci, ldc, fromZero);
                            } else {
                                narrowTile(kc, as, ai, rowStep, kStep, bs, bi, ldb, cs, ci, ldc, fromZero);
                            }
                            if (!whole) {
                                addBack(ws.tile, mr, nr, w, c, cAt, crs, ccs, fresh);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Copies rows [0, rows) x steps [0, kc) of A into one MR-tall strip: A(r, p) goes to p*MR + r, zero rows below. */
    private static void packA(float[] a, int at, int ars, int acs, int rows, int kc, float[] dst, int to) {
        for (int p = 0; p < kc; p++) {
            int d = to + p * MR;
            for (int r = 0; r < MR; r++) {
                dst[d + r] = r < rows ? a[at + r * ars + p * acs] : 0f;
            }
        }
    }

    /**
     * Copies steps [0, kc) x columns [from, nc) of B into w-wide strips: the strip starting at column s
     * holds B(p, s + j) at s*kc + p*w + j, with zero columns past nc.
     */
    private static void packB(float[] b, int at, int brs, int bcs, int kc, int from, int nc, int w, float[] dst) {
        for (int s = from; s < nc; s += w) {
            int cols = Math.min(w, nc - s);
            int base = s * kc;
            if (bcs == 1) {                      // B row-major: one step's NR values are contiguous
                for (int p = 0; p < kc; p++) {
                    int d = base + p * w;
                    System.arraycopy(b, at + p * brs + s, dst, d, cols);
                    for (int j = cols; j < w; j++) {
                        dst[d + j] = 0f;
                    }
                }
            } else {                             // B^T stored row-major: read each column of B along p
                for (int j = 0; j < w; j++) {
                    if (j < cols) {
                        int src = at + (s + j) * bcs;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * w + j] = b[src + p * brs];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * w + j] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * The register tile: C[MR x NR] += sum over p < kc of A-strip[p] (MR values) times B-strip[p] (NR values),
     * A's strip packed (A at {@code ai + p*MR + r}), B's row p the NR floats from {@code bi + p*ldb}.
     * C's rows are {@code ldc} apart and its columns contiguous. The tile is loaded before the loop and
     * stored after it, with no branch between: so the JIT keeps all 12 sums in registers (a conditional
     * store here made it box one of them in every step). With {@code fromZero} the sums start from 0
     * instead of from C (the first block of C = A·B, or the spare tile of a ragged edge): the same numbers
     * as zeroing C first, one pass less.
     */
    private static void tile(int kc, float[] a, int ai, int rowStep, int kStep, float[] b, int bi, int ldb,
                             float[] c, int ci, int ldc, boolean fromZero) {
        int a1 = ai + rowStep, a2 = a1 + rowStep, a3 = a2 + rowStep, a4 = a3 + rowStep, a5 = a4 + rowStep;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (fromZero) {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = FloatVector.zero(S);
        } else {
            c00 = FloatVector.fromArray(S, c, ci);
            c01 = FloatVector.fromArray(S, c, ci + L);
            c10 = FloatVector.fromArray(S, c, r1);
            c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2);
            c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3);
            c31 = FloatVector.fromArray(S, c, r3 + L);
            c40 = FloatVector.fromArray(S, c, r4);
            c41 = FloatVector.fromArray(S, c, r4 + L);
            c50 = FloatVector.fromArray(S, c, r5);
            c51 = FloatVector.fromArray(S, c, r5 + L);
        }
        for (int p = 0; p < kc; p++) {
            int ap = p * kStep;
            int bp = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[ai + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + ap]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + ap]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
    }

    /** As {@link #tile}, for a C at most one vector wide: an MR x L tile in 6 registers. */
    private static void narrowTile(int kc, float[] a, int ai, int rowStep, int kStep, float[] b, int bi, int ldb,
                                   float[] c, int ci, int ldc, boolean fromZero) {
        int a1 = ai + rowStep, a2 = a1 + rowStep, a3 = a2 + rowStep, a4 = a3 + rowStep, a5 = a4 + rowStep;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c0, c1, c2, c3, c4, c5;
        if (fromZero) {
            c0 = c1 = c2 = c3 = c4 = c5 = FloatVector.zero(S);
        } else {
            c0 = FloatVector.fromArray(S, c, ci);
            c1 = FloatVector.fromArray(S, c, r1);
            c2 = FloatVector.fromArray(S, c, r2);
            c3 = FloatVector.fromArray(S, c, r3);
            c4 = FloatVector.fromArray(S, c, r4);
            c5 = FloatVector.fromArray(S, c, r5);
        }
        for (int p = 0; p < kc; p++) {
            int ap = p * kStep;
            FloatVector b0 = FloatVector.fromArray(S, b, bi + p * ldb);
            c0 = FloatVector.broadcast(S, a[ai + ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + ap]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + ap]).fma(b0, c5);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, r1);
        c2.intoArray(c, r2);
        c3.intoArray(c, r3);
        c4.intoArray(c, r4);
        c5.intoArray(c, r5);
    }

    private static void zero(float[] c, int cOff, int crs, int ccs, int m, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * crs + j * ccs] = 0f;
            }
        }
    }

    /**
     * The valid mr x nr corner of a tile (rows w apart), added into a C of any strides; with {@code fresh}
     * (the first block of C = A·B) into a C taken as 0: {@code 0 + t}, exactly what adding to a zeroed C gave.
     */
    private static void addBack(float[] tile, int mr, int nr, int w, float[] c, int ci, int crs, int ccs, boolean fresh) {
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                int at = ci + r * crs + j * ccs;
                c[at] = (fresh ? 0f : c[at]) + tile[r * w + j];
            }
        }
    }

    // ---- a helper thread: takes one band of a product, then waits for the next ----

    /** A daemon thread that computes one band of a product when handed one (no allocation per hand-over). */
    private static final class Worker extends Thread {
        private final Workspace ws;
        private volatile int posted;      // bumped by the caller for each band
        private volatile int finished;    // set to posted when the band is done
        private volatile Thread caller;
        private int m, n, k, aOff, ars, acs, bOff, brs, bcs, cOff, crs, ccs;
        private float[] a, b, c;
        private boolean add;

        Worker(Workspace ws) {
            super("paramlab-products");
            this.ws = ws;
            setDaemon(true);
        }

        void submit(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs,
                    float[] c, int cOff, int crs, int ccs, boolean add) {
            this.m = m; this.n = n; this.k = k;
            this.a = a; this.aOff = aOff; this.ars = ars; this.acs = acs;
            this.b = b; this.bOff = bOff; this.brs = brs; this.bcs = bcs;
            this.c = c; this.cOff = cOff; this.crs = crs; this.ccs = ccs;
            this.add = add;
            this.caller = Thread.currentThread();
            posted = posted + 1;              // volatile write publishes the fields above
            LockSupport.unpark(this);
        }

        void await() {
            int target = posted;
            for (int spin = 0; finished != target; spin++) {
                if (spin < 2000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }

        @Override
        public void run() {
            int done = 0;
            while (true) {
                for (int spin = 0; posted == done; spin++) {
                    if (spin < 2000) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                done = posted;
                serial(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, add, ws);
                a = b = c = null;
                finished = done;
                LockSupport.unpark(caller);
            }
        }
    }
}
