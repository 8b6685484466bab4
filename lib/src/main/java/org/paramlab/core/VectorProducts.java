package org.paramlab.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ejml.data.FMatrixRMaj;

/**
 * Matrix products on the JDK's Vector API, blocked for the caches as GotoBLAS, BLIS and OpenBLAS do:
 * <pre>
 *   for each block of NC columns of B and C:
 *     for each block of KC steps along the shared dimension k (of up to KC_LONG for a large C):
 *       copy ("pack") the KC x NC block of B into NR-wide strips, each contiguous        (L2, or L3 when wide)
 *       for each block of MC rows of A:
 *         pack the MC x KC block of A into MR-tall strips, each contiguous                (stays in L2)
 *         for each strip of B (NR columns: 16 kB per 128 steps, stays in L1), for each strip of A:
 *           C[MR x NR] += sum over p of A[:, p] * B[p, :]     28 vector registers of sums, one FMA each
 * </pre>
 * A short A (at most MC rows, {@link #A_ONCE_MAX} floats packed) is packed once over all of k instead, and B then
 * {@link #NC_ONCE} columns at a time: each tile of C is summed over all of k in one go. A row-major A (X in X·W) is
 * packed in blocks of L steps, each row's L neighbours copied as one vector ({@link #rowBlocks}, {@link #blockTile14}).
 * The innermost loop (the "micro-kernel", {@link #tile14}) keeps a 14 x 32 tile of C in 28 of AVX-512's 32 vector
 * registers: per step it loads 2 vectors of B and broadcasts 14 numbers of A for 28 fused multiply-adds (FMA) of
 * {@code L} floats each, so the loads never hold the FMA units back. With AVX2's 16 registers the tile is 6 x 16
 * ({@link #tile6}: 12 sums), and so is a last strip of at most 6 rows with AVX-512. Packing is what lets it go that
 * fast: both strips are read at fixed, known strides ({@code p * MR}, {@code p * NR}), so the JIT can check the
 * array bounds once before the loop instead of at every load, and every load is a neighbour of the last. It
 * also turns a transposed A or B into the same loop, and pads odd sizes with zeros so that 1, 7, 33 ... run the
 * same code (the padding's results are dropped). C^T = B^T · A^T is computed instead of C when that costs less
 * (a 10-wide C fills 10 of 16 lanes; as C^T it fills 10 of 12 rows).
 *
 * <p>The order of the sums is one rule, whatever the blocking, the tile, the transposition or the thread count:
 * each entry of C is a chain {@code c = fma(A(i,p), B(p,j), c)} over p = 0, 1, ..., k-1, starting from C's value
 * (from 0 for C = A·B). Between blocks of k the partial sum waits in C (for a ragged edge, in a spare tile
 * loaded from C), so splitting k changes nothing. SummationOrderTest holds every product to that rule, bit for
 * bit, on 1 to 4 threads. Products of at most {@link #SMALL} multiply-adds go to EJML.
 *
 * <p>Buffers are allocated once, when the products are created, so a warmed-up training step allocates nothing.
 */
final class VectorProducts extends MatrixProducts {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();     // floats per vector register: 16 with AVX-512, 8 with AVX2
    /**
     * Rows of a register tile two vectors wide: 14 with AVX-512, whose 32 vector registers hold the tile's 28 sums
     * ({@link #tile14}); 6 with AVX2 or narrower vectors, whose 16 registers hold 12 ({@link #tile6}).
     */
    private static final int MR = L >= 16 ? 14 : 6;
    private static final int SMALL_MR = 6;       // rows of the small tile: with AVX-512, a last strip of at most 6 rows
    private static final int NARROW_MR = 12;     // rows of a one-vector tile, for a C at most L wide: 12 sums
    private static final int NR = 2 * L;         // columns of a register tile: two vectors
    private static final int KC = 256;           // steps along k per block: an NR-wide strip of B is 32 kB (L1)
    /**
     * Steps along k per block, at most, for a large C (more than {@link #LARGE_C} floats) on an AVX-512 machine: C then
     * lives outside L2, and each block of k loads and stores all of it once more, so fewer, longer blocks pay more than
     * keeping a strip of B in L1 does. A block of A is then up to MC x 1,024 floats, 688 kB of the 1 MB L2 that
     * AVX-512 server cores have (AVX2 cores often have 256-512 kB: they keep KC). The 784-512-10 step at batch 512, whose
     * X·W1 (k = 784) and X^T·dH (k = 512) now take one block each instead of four and two: 255 -> 276 steps/s (medians of
     * ten alternating starts of the code before and this, ahead in 9 of the 10 pairs; one thread, thread CPU time, AMD
     * EPYC, AVX-512, 2026-12-06); the products alone 1-2 % (X·W1) and 3-6 % (X^T·dH) faster. Batches 32 and 128, and
     * notebook 10's step, run as before (their C is small, or their k at most KC, or A packed once).
     */
    private static final int KC_LONG = L >= 16 ? 1024 : KC;
    /** Floats of C above which the blocks of k are long (see {@link #KC_LONG}): 256 kB, a quarter of L2. */
    private static final long LARGE_C = 64 * 1024;
    private static final int MC = 168;           // rows of A packed at once, at most (12 x 14, 14 x 12): 168 x KC floats, 168 kB (L2)
    /**
     * Columns of B packed at once: up to 4,096 with AVX-512, KC x NC floats, 4 MB. Each block of columns packs A again,
     * so a wide B in one block packs A once: with 512 columns a block (which kept packed B in L2), the products of a
     * 784-4096-10 step at batch 128 or 512 ran 2-13 % slower, though packed B now streams from L3 to each block of A.
     * The buffer grows to what the widest product needs, once.
     */
    static final int NC = 128 * NR;
    /**
     * A block of A this small (in packed floats: 512 kB, half of a 1 MB L2) is packed once, over all of k, instead of
     * once per block of k and block of columns of B: then the columns of B are packed {@link #NC_ONCE} at a time, and
     * each tile of C is summed over all of k in one go (stored once instead of once per block of k). It pays for a
     * short A and a wide B: X·W1 of a 784-H-10 step at batch 32 or 128 (A = 128 x 784: 140 x 784 = 109,760 floats
     * packed), where packing B (W1) from memory into 3 MB blocks and loading every tile of C once per block of k (four
     * times) took ~15 % of the product. One thread, thread CPU time, median of 9, two runs each (AMD EPYC, AVX-512,
     * 2026-12-06): 784-512-10 batch 32 / 128 2,970-3,059 -> 3,209-3,285 and 987-1,004 -> 1,060-1,067 steps/s, batch
     * 512 (A too tall) level; 784-H-10 at batch 128: H = 2,048 222-231 -> 257-260, H = 4,096 104-105 -> 111-114;
     * 64-256-10 level.
     */
    static final int A_ONCE_MAX = 128 * 1024;
    /** Columns of B packed at a time when A is packed once: 16 strips (784 x 512 floats for W1, 1.6 MB). */
    static final int NC_ONCE = 16 * NR;
    /** The longest k for A packed once: a block of B is then at most K_ONCE_MAX x NC_ONCE = KC x NC floats. */
    private static final int K_ONCE_MAX = KC * NC / NC_ONCE;
    /**
     * Below this many multiply-adds per thread (about 20 µs of work) a product stays on the calling thread: handing
     * half of it to another thread costs more than it saves. With 2^20, the 64-256-10 step at batch 128 (whose largest
     * products are 2^21) ran at 5,432 / 5,420 steps/s on two threads against 6,372 / 6,209 on one, and took 287-303 µs
     * of CPU per step against 163; with 2^21 it stays on one thread (6,063 / 5,967 steps/s, 165-168 µs), while the
     * 784-512-10 steps keep their two-thread speed-up (batch 32: 1,375-1,519 against 1,138-1,207 on one thread).
     * Quiet machine, wall clock, best of 9, two passes (2026-12-05). With 2^17 a batch of 32 ran 2.7x slower on two
     * threads than with 2^20 (scripts/bench-lib.sh, loaded machine).
     */
    private static final long MIN_WORK_PER_THREAD = 1L << 21;
    /**
     * The same for a product with a side of at most one vector (the products of a layer with 10 outputs: Z = H·W2,
     * dW2 = H^T·dZ, dH = dZ·W2^T): a band then packs twice only a sliver of an operand, and half of a product of
     * 2^21 multiply-adds pays for the wake-up. 784-512-10 at batch 512 on two threads: 245-249 -> 249-258 steps/s with
     * these three products shared (paired, wall clock, best of 9, 2026-12-05); the threshold above, used for them
     * too, kept them on one thread.
     */
    private static final long MIN_NARROW_WORK_PER_THREAD = 1L << 20;

    /**
     * Bands per thread of a product shared among threads. One: when all threads run, each takes one; when a helper
     * gets no core (a busy machine), the caller takes the band the helper has not started. More, smaller bands would
     * bound the caller's wait for a helper preempted in the middle of its band, but each band packs its own copy of
     * the other operand: at 784 x 512, batch 32 to 512, 2 bands per thread cost 3-10 % more CPU time than 1, and 3
     * cost 10-19 % more (ProductBandsBench, load 12). The tests cut products every way (SummationOrderTest,
     * ProductThreadsTest).
     */
    private static final int BANDS_PER_THREAD = 1;

    private final int threads;
    private final long small;
    private final boolean hardwareFma;
    private final int fixedBands;             // 0: chosen per product (the tests fix it to try every split)
    private final Workspace[] workspaces;
    private final ProductThreads team;
    private final Split split = new Split();

    /**
     * Per-thread buffers: packed A, packed B, and one register tile for the ragged edges; and which micro-kernel
     * runs: the vector tiles, or, without a hardware FMA, {@link #scalarTile}.
     */
    private static final class Workspace {
        final float[] packedA = new float[Math.max((MC + NARROW_MR) * KC_LONG, A_ONCE_MAX)];
        float[] packedB = new float[KC * 16 * NR];
        final float[] tile = new float[Math.max(MR, NARROW_MR) * NR];
        final boolean hardwareFma;

        Workspace(boolean hardwareFma) {
            this.hardwareFma = hardwareFma;
        }

        /** Packed B, grown to hold {@code floats} (once per size: a warmed-up step allocates nothing). */
        float[] packedB(int floats) {
            if (packedB.length < floats) {
                packedB = new float[floats];
            }
            return packedB;
        }
    }

    public VectorProducts(int threads) {
        this(threads, SMALL, ExactFma.HARDWARE);
    }

    /** With {@code small} = -1 every product takes the vector path (the tests compare it on tiny shapes too). */
    VectorProducts(int threads, long small) {
        this(threads, small, ExactFma.HARDWARE);
    }

    /**
     * As above; with {@code hardwareFma} false, the micro-kernel of a CPU without FMA (the tests compare it on any CPU).
     */
    VectorProducts(int threads, long small, boolean hardwareFma) {
        this(small, 0, new ProductThreads(threads), hardwareFma);
    }

    /**
     * For the tests: {@code bands} > 0 cuts every product into that many bands (at most one per tile), however small,
     * and {@code team} may pace its helpers.
     */
    VectorProducts(long small, int bands, ProductThreads team) {
        this(small, bands, team, ExactFma.HARDWARE);
    }

    private VectorProducts(long small, int bands, ProductThreads team, boolean hardwareFma) {
        this.threads = team.threads();
        this.hardwareFma = hardwareFma;
        this.small = small;
        this.fixedBands = bands;
        this.team = team;
        this.workspaces = new Workspace[threads];
        for (int t = 0; t < threads; t++) {
            workspaces[t] = new Workspace(hardwareFma);
        }
    }

    @Override
    public String name() {
        return "vector (" + L * 32 + "-bit, " + (hardwareFma ? "" : "FMA exact in double, ") + threads
                + (threads == 1 ? " thread)" : " threads)");
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
    protected void multTransAImpl(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        int k = a.numRows, m = a.numCols, n = b.numCols;
        if (small(m, n, k)) {
            super.multTransAImpl(a, b, c);
            return;
        }
        // as multAddTransAImpl, but each sum starts from 0 instead of from C (the first block's chains start at 0)
        product(m, n, k, a.data, 1, m, b.data, n, 1, c.data, n, 1, false);
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

    /**
     * Y[r, c] += v[c]: one add per number, L columns at once; the last columns of a row one by one. A long Y (512 x
     * 512) is shared among the threads in pieces of rows.
     */
    @Override
    protected void addToEachRowImpl(FMatrixRMaj y, FMatrixRMaj v) {
        if (y.getNumElements() <= SMALL_ROWS_TIMES_COLUMNS && small >= 0 || y.numCols < L) {
            super.addToEachRowImpl(y, v);
            return;
        }
        biasAdd.y = y.data;
        biasAdd.v = v.data;
        biasAdd.cols = y.numCols;
        share(y.numRows, 1, y.getNumElements(), biasAdd);
        biasAdd.y = biasAdd.v = null;
    }

    /** Rows from ... to-1 of the bias add. */
    private static final class BiasAdd implements Piece {
        float[] y, v;
        int cols;

        @Override
        public void compute(int from, int to) {
            int full = S.loopBound(cols);
            for (int r = from; r < to; r++) {
                int start = r * cols;
                int c = 0;
                for (; c < full; c += L) {
                    FloatVector.fromArray(S, y, start + c).add(FloatVector.fromArray(S, v, c)).intoArray(y, start + c);
                }
                for (; c < cols; c++) {
                    y[start + c] += v[c];
                }
            }
        }
    }

    /**
     * s[c] += M[0, c] + M[1, c] + ..., row after row as the plain loop does: L neighbouring sums are carried
     * down the rows in one register, then the next L. (With fewer than L columns, the plain loop.) A long M is
     * shared among the threads in pieces of columns, each column summed by one thread in that order.
     */
    @Override
    protected void addColumnSumsImpl(FMatrixRMaj m, FMatrixRMaj sums) {
        if (m.getNumElements() <= SMALL_ROWS_TIMES_COLUMNS && small >= 0 || m.numCols < L) {
            super.addColumnSumsImpl(m, sums);
            return;
        }
        columnSums.m = m.data;
        columnSums.s = sums.data;
        columnSums.rows = m.numRows;
        columnSums.cols = m.numCols;
        share(m.numCols, 16, m.getNumElements(), columnSums);   // pieces of whole vectors (16 is a multiple of L)
        columnSums.m = columnSums.s = null;
    }

    /** Columns from ... to-1 of the column sums (from a multiple of 16: whole vectors, then the last columns). */
    private static final class ColumnSums implements Piece {
        float[] m, s;
        int rows, cols;

        @Override
        public void compute(int from, int to) {
            int full = Math.max(from, Math.min(to, S.loopBound(cols)));
            for (int c = from; c < full; c += L) {
                FloatVector sum = FloatVector.fromArray(S, s, c);
                for (int r = 0; r < rows; r++) {
                    sum = sum.add(FloatVector.fromArray(S, m, r * cols + c));
                }
                sum.intoArray(s, c);
            }
            for (int r = 0; r < rows; r++) {
                for (int c = full; c < to; c++) {
                    s[c] += m[r * cols + c];
                }
            }
        }
    }

    // ---- a long pass over numbers, shared among the threads ----

    /**
     * Passes over fewer numbers than this stay on the calling thread: a pass over 2^16 floats reads and writes
     * about half a megabyte (tens of microseconds), against a few microseconds to hand half of it to a helper.
     */
    static final int SHARED_PASS = 1 << 16;

    private final Pass pass = new Pass();
    private final BiasAdd biasAdd = new BiasAdd();
    private final ColumnSums columnSums = new ColumnSums();

    @Override
    public void eachPiece(int n, Piece piece) {
        share(n, 16, n, piece);
    }

    @Override
    public void eachPieceOfRows(int rows, int cols, Piece piece) {
        share(rows, 1, (long) rows * cols, piece);
    }

    /** Runs piece over 0 ... count-1 in runs of whole grains, one run per thread when the pass covers enough numbers. */
    private synchronized void share(int count, int grain, long numbers, Piece piece) {
        int pieces = fixedBands > 0 ? fixedBands : numbers >= SHARED_PASS ? threads : 1;
        if (pieces == 1) {
            piece.compute(0, count);
            return;
        }
        pass.count = count;
        pass.grain = grain;
        pass.pieces = pieces;
        pass.piece = piece;
        team.run(pieces, pass);
        pass.piece = null;                      // keep no reference to the caller's arrays
    }

    /** The pass being shared: piece {@code band} is a run of whole grains (16-float lines, rows); the last takes the rest. */
    private static final class Pass implements ProductThreads.Bands {
        int count, grain, pieces;
        Piece piece;

        int start(int band) {
            return band >= pieces ? count : (int) ((long) count * band / pieces) / grain * grain;
        }

        @Override
        public void compute(int band, int thread) {
            int from = start(band), to = start(band + 1);
            if (from < to) {
                piece.compute(from, to);
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
        // C = A·B or C^T = B^T·A^T, whichever costs less (the same sums either way: fma(a, b, c) = fma(b, a, c))
        if (cost(n, m, k, bcs, brs, acs, ars, crs != 1) < 0.9 * cost(m, n, k, ars, acs, brs, bcs, ccs != 1)) {
            int t;
            t = m; m = n; n = t;
            float[] s = a; a = b; b = s;
            int ars2 = bcs, acs2 = brs, brs2 = acs, bcs2 = ars;
            ars = ars2; acs = acs2; brs = brs2; bcs = bcs2;
            t = crs; crs = ccs; ccs = t;
        }
        long work = (long) m * n * k;
        long minWork = Math.min(m, Math.min(n, k)) <= L ? MIN_NARROW_WORK_PER_THREAD : MIN_WORK_PER_THREAD;
        int parts = (int) Math.min(threads, Math.max(1, work / minWork));
        if (parts == 1 && fixedBands == 0) {
            serial(m, n, k, a, 0, ars, acs, b, 0, brs, bcs, c, 0, crs, ccs, add, workspaces[0]);
            return;
        }
        // cut C into bands of whole tiles, along the side with more tiles; the threads take them one by one (see
        // ProductThreads). Each band is one serial product and each entry still one chain over p, so the numbers
        // depend neither on the cut nor on which thread computes which band
        Split s = split;
        int h = tileRows(width(n));
        s.byColumns = (n + NR - 1) / NR >= (m + h - 1) / h;
        s.tiles = s.byColumns ? (n + NR - 1) / NR : (m + h - 1) / h;
        s.tileSize = s.byColumns ? NR : h;
        s.extent = s.byColumns ? n : m;
        int wanted = fixedBands > 0 ? fixedBands
                : (int) Math.min((long) parts * BANDS_PER_THREAD, Math.max(parts, work / minWork));
        s.bands = Math.min(wanted, s.tiles);
        s.m = m; s.n = n; s.k = k;
        s.a = a; s.ars = ars; s.acs = acs;
        s.b = b; s.brs = brs; s.bcs = bcs;
        s.c = c; s.crs = crs; s.ccs = ccs;
        s.add = add;
        team.run(s.bands, s);
        s.a = s.b = s.c = null;                 // keep no reference to the matrices
    }

    /** The product being shared: how C is cut into bands, and one band computed by {@link #serial}. */
    private final class Split implements ProductThreads.Bands {
        boolean byColumns, add;
        int tiles, tileSize, extent, bands;
        int m, n, k, ars, acs, brs, bcs, crs, ccs;
        float[] a, b, c;

        /** Where band {@code band} starts (in columns or rows of C): bands of whole tiles, as equal as they go. */
        int start(int band) {
            return band >= bands ? extent : (int) Math.min(extent, (long) tiles * band / bands * tileSize);
        }

        @Override
        public void compute(int band, int thread) {
            int start = start(band), end = start(band + 1);
            if (end <= start) {
                return;
            }
            int mm = byColumns ? m : end - start;
            int nn = byColumns ? end - start : n;
            int aOff = byColumns ? 0 : start * ars;
            int bOff = byColumns ? start * bcs : 0;
            int cOff = byColumns ? start * ccs : start * crs;
            serial(mm, nn, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, add, workspaces[thread]);
        }
    }

    /**
     * Rough cost, in vector FMAs, of C[m x n] = A·B through {@link #serial}: the tiles (padded to whole tiles),
     * packing A and B (a copy along rows is cheap, a strided copy across them costs about one FMA per number), and
     * moving each ragged or strided tile of C through the spare tile once per block of k.
     */
    private static double cost(int m, int n, int k, int ars, int acs, int brs, int bcs, boolean cStrided) {
        int w = width(n), h = tileRows(w);
        double tiles = (double) padded(m, h) * padded(n, w) * k / L;
        // A is not packed for a narrow C with rows of A stored row-major (see direct in serial)
        // (a short A is packed once, and its tiles of C are moved once: see A_ONCE_MAX; not for a direct A, as in serial)
        boolean once = !direct(n, acs) && aOnce(m, k, w);
        double packA = direct(n, acs) ? 0
                : (double) m * k * (once ? 1 : (n + NC - 1) / NC) * (ars == 1 || rowBlocks(acs, w) ? 0.25 : 1.0);
        double packB = (double) k * n * (bcs == 1 ? 0.1 : 1.0);
        double edges = (cStrided ? (double) m * n : (double) (m % h) * n + (double) m * (n % w)) * 2.0
                * (once ? 1 : kBlocks(m, Math.min(n, NC), k));
        return tiles + packA + packB + edges;
    }

    /**
     * Whether A is read in place instead of packed: for a C at most one vector wide (Z = H·W2 into 10 classes) with
     * the rows of A stored row-major. Each step of the one-vector tile broadcasts 12 numbers of A for 12 FMAs, so the
     * tile reads as much of A as copying it would: packing would double the work (it did, at 17 GFLOP/s).
     */
    private static boolean direct(int n, int acs) {
        return n <= L && acs == 1;
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
        boolean direct = direct(n, acs) && ws.hardwareFma;
        boolean aInBlocks = rowBlocks(acs, w) && ws.hardwareFma;   // a row-major A packed in blocks of L steps
        // blocks of A as equal as whole strips allow: each block reads all of packed B again, so a last block of a few
        // rows (256 = 3 x 84 + 4) costs a pass over B for almost nothing (notebook 10's 256 x 256 x 2,004: 2 MB of B)
        int blocksOfA = Math.max(1, (m + MC - 1) / MC);
        int mcBlock = (int) padded((m + blocksOfA - 1) / blocksOfA, tileRows(w));
        // a short A packed once over all of k, B then packed a few strips at a time (see A_ONCE_MAX)
        boolean aOnce = !direct && aOnce(m, k, w);
        int ncMax = aOnce ? NC_ONCE : NC;
        if (aOnce) {
            packA(a, aOff, ars, acs, m, k, w, aInBlocks, ws.packedA);
        }
        for (int jc = 0; jc < n; jc += ncMax) {
            int nc = Math.min(ncMax, n - jc);
            // k in equal blocks (784 = 4 x 196, not 3 x 256 + 16: a short block costs as much loading and storing
            // the tiles of C as a long one)
            int blocks = aOnce ? 1 : kBlocks(m, nc, k);
            int kBlock = blocks == 0 ? 0 : (k + blocks - 1) / blocks;
            for (int pc = 0; pc < k; pc += kBlock) {
                int kc = Math.min(kBlock, k - pc);
                // C = A·B: the first block's chains start from 0 instead of from C, so C needs no zeroing pass
                boolean fresh = !add && pc == 0;
                int stripStride = aInBlocks ? (int) padded(kc, L) : kc;   // floats per row of a packed strip of A
                float[] packedB = ws.packedB(kc * (int) padded(nc, w));
                packB(b, bOff + pc * brs + jc * bcs, brs, bcs, kc, nc, w, packedB);
                for (int ic = 0; ic < m; ic += mcBlock) {
                    int mc = Math.min(mcBlock, m - ic);
                    if (!direct && !aOnce) {
                        packA(a, aOff + ic * ars + pc * acs, ars, acs, mc, kc, w, aInBlocks, ws.packedA);
                    }
                    for (int jr = 0; jr < nc; jr += w) {
                        int nr = Math.min(w, nc - jr);
                        for (int ir = 0, h; ir < mc; ir += h) {
                            h = stripRows(w, mc - ir);
                            int mr = Math.min(h, mc - ir);
                            int cAt = cOff + (ic + ir) * crs + (jc + jr) * ccs;
                            boolean whole = mr == h && nr == w && ccs == 1;
                            // a ragged edge (or a strided C) goes through the spare tile: loaded from C, summed on, put back
                            if (!whole && !fresh) {
                                loadTile(c, cAt, crs, ccs, mr, nr, ws.tile, h, w);
                            }
                            float[] cs = whole ? c : ws.tile;
                            int ci = whole ? cAt : 0;
                            int ldc = whole ? crs : w;
                            int ai = ir * stripStride;
                            if (!ws.hardwareFma) {
                                scalarTile(kc, h, ws.packedA, ai, packedB, jr * kc, w, cs, ci, ldc, fresh);
                            } else if (aInBlocks && h == SMALL_MR) {
                                blockTile6(kc, ws.packedA, ai, packedB, jr * kc, cs, ci, ldc, fresh);
                            } else if (aInBlocks) {
                                blockTile14(kc, ws.packedA, ai, packedB, jr * kc, cs, ci, ldc, fresh);
                            } else if (w == NR && h == SMALL_MR) {
                                tile6(kc, ws.packedA, ai, packedB, jr * kc, cs, ci, ldc, fresh);
                            } else if (w == NR) {
                                tile14(kc, ws.packedA, ai, packedB, jr * kc, cs, ci, ldc, fresh);
                            } else {
                                if (direct) {
                                    directNarrowTile(kc, a, aOff + (ic + ir) * ars + pc, ars, mr, packedB, jr * kc, cs, ci,
                                            ldc, fresh);
                                } else {
                                    narrowTile(kc, ws.packedA, ai, packedB, jr * kc, cs, ci, ldc, fresh);
                                }
                            }
                            if (!whole) {
                                storeTile(ws.tile, mr, nr, w, c, cAt, crs, ccs);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Blocks of k for a C of m x n (n: a block of columns): of at most KC steps, or of at most {@link #KC_LONG} for a
     * large C, as long as a block of packed B stays within KC x NC floats (4 MB).
     */
    private static int kBlocks(int m, int n, int k) {
        int most = (long) m * n > LARGE_C ? (int) Math.max(KC, Math.min(KC_LONG, (long) KC * NC / n)) : KC;
        return (k + most - 1) / most;
    }

    /** Whether A (m x k) is packed once, over all of k (see {@link #A_ONCE_MAX}). */
    private static boolean aOnce(int m, int k, int w) {
        return m <= MC && k <= K_ONCE_MAX && padded(m, tileRows(w)) * padded(k, L) <= A_ONCE_MAX;
    }

    /**
     * Whether A is packed in blocks of L steps ({@link #blockTile14}) rather than step by step ({@link #tile14}): for a
     * two-vector tile with A row-major (X in H = X·W). Then each block copies L neighbours of a row at once, one vector,
     * where the step-by-step strips take each row's numbers one by one, 14 apart: X·W1 of a 784-64-10 step at batch 128
     * spent 35 of its 90 µs packing X so (AMD EPYC, AVX-512, 2026-12-06).
     */
    private static boolean rowBlocks(int acs, int w) {
        return acs == 1 && w == NR;
    }

    /**
     * Rows of the strip of A that starts {@code left} rows before the end of a block, for a C tile {@code w} wide:
     * 12 for a one-vector tile; for a two-vector tile MR, or the small tile's 6 when at most 6 rows are left.
     */
    private static int stripRows(int w, int left) {
        return w == NR && left <= SMALL_MR ? SMALL_MR : tileRows(w);
    }

    /** Rows of a whole tile of C {@code w} wide: 12 for a one-vector tile, MR for a two-vector one. */
    private static int tileRows(int w) {
        return w == L ? NARROW_MR : MR;
    }

    /**
     * Copies rows [0, rows) x steps [0, kc) of A into strips of {@link #stripRows} rows, h: the strip starting at row
     * s holds A(s + r, p) at s*kc + p*h + r, with zero rows past {@code rows}. With {@code blocks} (see
     * {@link #rowBlocks}) it holds them in blocks of L steps instead: A(s + r, p) at s*kp + (p/L)*h*L + r*L + p%L,
     * where kp is kc rounded up to whole blocks.
     */
    private static void packA(float[] a, int at, int ars, int acs, int rows, int kc, int w, boolean blocks,
                              float[] dst) {
        if (blocks) {
            packRowBlocks(a, at, ars, rows, kc, w, dst);
            return;
        }
        // Packing only copies numbers, with plain loads and stores. No gathers: an indexed Vector API load needs
        // AVX2's integer vectors, and where the CPU lacks them JDK 17 boxes every vector (the CI machine allocated
        // 322 kB per training step, MatrixProductsTest). Copying costs m*k against the product's m*n*k, but A often
        // comes from memory, not from a cache, so the copies read A in long runs of neighbours: a cache line that is
        // read whole and the hardware prefetcher that sees where the reads go next (see lib/README.md, "Packing").
        if (ars == 1) {                          // A^T stored (X^T in dW = X^T·dY): step p is one stored row, read
            for (int p = 0; p < kc; p++) {       // whole and cut into the strips' h neighbours
                int from = at + p * acs;
                for (int s = 0, h; s < rows; s += h) {
                    h = stripRows(w, rows - s);
                    int to = s * kc + p * h;
                    // a whole strip's h numbers as one vector of L >= h: its last L - h <= h lanes land on the next
                    // step's place, written again at step p + 1, so not at the last step (where they would also read
                    // past A's last row; before it they read the next row's first numbers)
                    if (s + h <= rows && p < kc - 1 && h <= L && L <= 2 * h) {
                        FloatVector.fromArray(S, a, from + s).intoArray(dst, to);
                    } else {
                        System.arraycopy(a, from + s, dst, to, Math.min(h, rows - s));
                    }
                }
            }
        } else {
            for (int s = 0, h; s < rows; s += h) {
                h = stripRows(w, rows - s);
                int base = s * kc;
                if (acs == 1 && s + h <= rows) { // A row-major, a whole strip: two of its rows read side by side along p
                    for (int r = 0; r < h; r += 2) {  // (as fast as all of them at once, and the same code for any even h)
                        int r0 = at + (s + r) * ars, r1 = r0 + ars;
                        for (int p = 0, d = base + r; p < kc; p++, d += h) {
                            dst[d] = a[r0 + p];
                            dst[d + 1] = a[r1 + p];
                        }
                    }
                } else {                         // the ragged last strip, or other strides: row by row
                    for (int r = 0; r < Math.min(h, rows - s); r++) {
                        int from = at + (s + r) * ars;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * h + r] = a[from + p * acs];
                        }
                    }
                }
            }
        }
        int last = 0;                            // where the last strip starts
        while (rows - last > stripRows(w, rows - last)) {
            last += stripRows(w, rows - last);
        }
        int h = stripRows(w, rows - last);       // a ragged last strip gets zero rows past the end of A
        for (int r = rows - last; r < h; r++) {
            for (int p = 0; p < kc; p++) {
                dst[last * kc + p * h + r] = 0f;
            }
        }
    }

    /** packA for a row-major A in blocks of L steps: each row's L neighbours are one vector, copied whole. */
    private static void packRowBlocks(float[] a, int at, int ars, int rows, int kc, int w, float[] dst) {
        int kp = (int) padded(kc, L);
        for (int s = 0, h; s < rows; s += h) {
            h = stripRows(w, rows - s);
            for (int p = 0; p < kc; p += L) {
                int d = s * kp + p * h;             // the block of steps p ... p+L-1: h rows of L numbers
                int steps = Math.min(L, kc - p);
                for (int r = 0; r < h; r++, d += L) {
                    int from = at + (s + r) * ars + p;
                    if (s + r >= rows) {             // a ragged last strip: zero rows past the end of A
                        java.util.Arrays.fill(dst, d, d + steps, 0f);
                    } else if (steps == L) {
                        FloatVector.fromArray(S, a, from).intoArray(dst, d);
                    } else {
                        System.arraycopy(a, from, dst, d, steps);
                    }
                }
            }
        }
    }

    /**
     * Copies steps [0, kc) x columns [0, nc) of B into w-wide strips: the strip starting at column s holds
     * B(p, s + j) at s*kc + p*w + j, with zero columns past nc.
     */
    private static void packB(float[] b, int at, int brs, int bcs, int kc, int nc, int w, float[] dst) {
        int whole = nc / w * w;                  // columns in whole strips
        if (bcs == 1) {                          // B row-major: 8 rows at a time, each cut into the whole strips' w/L vectors
            // (each strip then gets 8 steps, 1 kB with w = 32, in one run: row after row wrote 128 bytes to each of the
            // nc/w strips, kc*w floats apart, and ran 1.4x slower than a plain copy for a B from memory; see lib/README.md).
            // A row of a strip is one or two vector copies, written out: a loop over its w/L vectors ran 1.5x slower
            for (int p0 = 0; p0 < kc; p0 += 8) {
                int pEnd = Math.min(kc, p0 + 8);
                for (int s = 0; s < whole; s += w) {
                    int from = at + p0 * brs + s, d = s * kc + p0 * w;
                    for (int p = p0; p < pEnd; p++, from += brs, d += w) {
                        FloatVector.fromArray(S, b, from).intoArray(dst, d);
                        if (w == NR) {
                            FloatVector.fromArray(S, b, from + L).intoArray(dst, d + L);
                        }
                    }
                }
            }
        }
        for (int s = bcs == 1 ? whole : 0; s < nc; s += w) {
            int cols = Math.min(w, nc - s);
            int base = s * kc;
            if (bcs == 1) {                      // the ragged last strip, padded with zero columns
                for (int p = 0; p < kc; p++) {
                    int d = base + p * w;
                    System.arraycopy(b, at + p * brs + s, dst, d, cols);
                    for (int j = cols; j < w; j++) {
                        dst[d + j] = 0f;
                    }
                }
            } else {                             // B^T stored row-major (W in dY·W^T): read each column of B along p
                int j = 0;
                // eight columns at a time: eight reads along p, eight neighbouring writes (twice as fast as one column at
                // a time, which writes one number per line of the strip: notebook 10's dZ·W^T packs 2,004 x 256 per step)
                for (; j + 8 <= cols; j += 8) {
                    int s0 = at + (s + j) * bcs, s1 = s0 + bcs, s2 = s1 + bcs, s3 = s2 + bcs;
                    int s4 = s3 + bcs, s5 = s4 + bcs, s6 = s5 + bcs, s7 = s6 + bcs;
                    for (int p = 0; p < kc; p++) {
                        int d = base + p * w + j, q = p * brs;
                        dst[d] = b[s0 + q];
                        dst[d + 1] = b[s1 + q];
                        dst[d + 2] = b[s2 + q];
                        dst[d + 3] = b[s3 + q];
                        dst[d + 4] = b[s4 + q];
                        dst[d + 5] = b[s5 + q];
                        dst[d + 6] = b[s6 + q];
                        dst[d + 7] = b[s7 + q];
                    }
                }
                for (; j < w; j++) {
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
     * The micro-kernel with AVX-512: C[14 x NR] (+)= sum over p < kc of A-strip[p] (14 numbers, at {@code ai + p*14})
     * times B-strip[p] (NR = 2L numbers, at {@code bi + p*NR}); C's rows are {@code ldc} apart, its columns contiguous.
     * The 28 sums live in 28 of the 32 vector registers from the first load to the last store, with no branch between
     * (a conditional store here made the JIT keep one of them in memory). Each step loads 2 vectors of B, broadcasts 14
     * numbers of A and does 28 FMAs: the loop's own index arithmetic and checks are shared by 28 FMAs instead of the 24
     * of a 12-row tile (784-512-10 at batch 512, one thread: 125-126 -> 130-137 steps/s, see lib/README.md). With
     * {@code fromZero} the sums start from 0 instead of from C: C = A·B without a pass zeroing C first.
     */
    private static void tile14(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc, boolean fromZero) {
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        int r8 = r7 + ldc, r9 = r8 + ldc, r10 = r9 + ldc, r11 = r10 + ldc, r12 = r11 + ldc, r13 = r12 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61;
        FloatVector c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1, cc0, cc1, cd0, cd1;
        if (fromZero) {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = FloatVector.zero(S);
            c70 = c71 = c80 = c81 = c90 = c91 = ca0 = ca1 = cb0 = cb1 = cc0 = cc1 = cd0 = cd1 = FloatVector.zero(S);
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
            c60 = FloatVector.fromArray(S, c, r6);
            c61 = FloatVector.fromArray(S, c, r6 + L);
            c70 = FloatVector.fromArray(S, c, r7);
            c71 = FloatVector.fromArray(S, c, r7 + L);
            c80 = FloatVector.fromArray(S, c, r8);
            c81 = FloatVector.fromArray(S, c, r8 + L);
            c90 = FloatVector.fromArray(S, c, r9);
            c91 = FloatVector.fromArray(S, c, r9 + L);
            ca0 = FloatVector.fromArray(S, c, r10);
            ca1 = FloatVector.fromArray(S, c, r10 + L);
            cb0 = FloatVector.fromArray(S, c, r11);
            cb1 = FloatVector.fromArray(S, c, r11 + L);
            cc0 = FloatVector.fromArray(S, c, r12);
            cc1 = FloatVector.fromArray(S, c, r12 + L);
            cd0 = FloatVector.fromArray(S, c, r13);
            cd1 = FloatVector.fromArray(S, c, r13 + L);
        }
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * 14;
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ap + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ap + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, a[ap + 8]);
            c80 = x.fma(b0, c80);
            c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, a[ap + 9]);
            c90 = x.fma(b0, c90);
            c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, a[ap + 10]);
            ca0 = x.fma(b0, ca0);
            ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, a[ap + 11]);
            cb0 = x.fma(b0, cb0);
            cb1 = x.fma(b1, cb1);
            x = FloatVector.broadcast(S, a[ap + 12]);
            cc0 = x.fma(b0, cc0);
            cc1 = x.fma(b1, cc1);
            x = FloatVector.broadcast(S, a[ap + 13]);
            cd0 = x.fma(b0, cd0);
            cd1 = x.fma(b1, cd1);
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
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + L);
        c80.intoArray(c, r8);
        c81.intoArray(c, r8 + L);
        c90.intoArray(c, r9);
        c91.intoArray(c, r9 + L);
        ca0.intoArray(c, r10);
        ca1.intoArray(c, r10 + L);
        cb0.intoArray(c, r11);
        cb1.intoArray(c, r11 + L);
        cc0.intoArray(c, r12);
        cc1.intoArray(c, r12 + L);
        cd0.intoArray(c, r13);
        cd1.intoArray(c, r13 + L);
    }

    /**
     * As {@link #tile14}, 6 rows tall: the tile with AVX2, whose 16 vector registers hold its 12 sums, two vectors of B
     * and a broadcast (a 12-row tile there kept half of its 24 sums in memory: 784-512-10 at batch 512 ran 26-27
     * against 70-72 steps/s with it, under {@code -XX:UseAVX=2}). With AVX-512 it takes a last strip of at most 6 rows,
     * which a 14-row tile would mostly spend on padding (a batch of 32 is 14 + 14 + 4 rows).
     */
    private static void tile6(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc, boolean fromZero) {
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21;
        FloatVector c30, c31, c40, c41, c50, c51;
        if (fromZero) {
            c00 = c01 = c10 = c11 = c20 = c21 = FloatVector.zero(S);
            c30 = c31 = c40 = c41 = c50 = c51 = FloatVector.zero(S);
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
            int ap = ai + p * 6;
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5]);
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

    /**
     * As {@link #tile14}, for A packed in blocks of L steps ({@link #rowBlocks}): at step p, row r's number is at
     * {@code ai + (p/L)*14L + r*L + p%L} instead of {@code ai + p*14 + r}. The same chains in the same order.
     */
    private static void blockTile14(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc, boolean fromZero) {
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        int r8 = r7 + ldc, r9 = r8 + ldc, r10 = r9 + ldc, r11 = r10 + ldc, r12 = r11 + ldc, r13 = r12 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61;
        FloatVector c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1, cc0, cc1, cd0, cd1;
        if (fromZero) {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = FloatVector.zero(S);
            c70 = c71 = c80 = c81 = c90 = c91 = ca0 = ca1 = cb0 = cb1 = cc0 = cc1 = cd0 = cd1 = FloatVector.zero(S);
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
            c60 = FloatVector.fromArray(S, c, r6);
            c61 = FloatVector.fromArray(S, c, r6 + L);
            c70 = FloatVector.fromArray(S, c, r7);
            c71 = FloatVector.fromArray(S, c, r7 + L);
            c80 = FloatVector.fromArray(S, c, r8);
            c81 = FloatVector.fromArray(S, c, r8 + L);
            c90 = FloatVector.fromArray(S, c, r9);
            c91 = FloatVector.fromArray(S, c, r9 + L);
            ca0 = FloatVector.fromArray(S, c, r10);
            ca1 = FloatVector.fromArray(S, c, r10 + L);
            cb0 = FloatVector.fromArray(S, c, r11);
            cb1 = FloatVector.fromArray(S, c, r11 + L);
            cc0 = FloatVector.fromArray(S, c, r12);
            cc1 = FloatVector.fromArray(S, c, r12 + L);
            cd0 = FloatVector.fromArray(S, c, r13);
            cd1 = FloatVector.fromArray(S, c, r13 + L);
        }
        for (int p = 0; p < kc; p++) {
            int ap = ai + p / L * (14 * L) + p % L;      // row r of this step at ap + r*L
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1 * L]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2 * L]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3 * L]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4 * L]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5 * L]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ap + 6 * L]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ap + 7 * L]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, a[ap + 8 * L]);
            c80 = x.fma(b0, c80);
            c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, a[ap + 9 * L]);
            c90 = x.fma(b0, c90);
            c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, a[ap + 10 * L]);
            ca0 = x.fma(b0, ca0);
            ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, a[ap + 11 * L]);
            cb0 = x.fma(b0, cb0);
            cb1 = x.fma(b1, cb1);
            x = FloatVector.broadcast(S, a[ap + 12 * L]);
            cc0 = x.fma(b0, cc0);
            cc1 = x.fma(b1, cc1);
            x = FloatVector.broadcast(S, a[ap + 13 * L]);
            cd0 = x.fma(b0, cd0);
            cd1 = x.fma(b1, cd1);
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
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + L);
        c80.intoArray(c, r8);
        c81.intoArray(c, r8 + L);
        c90.intoArray(c, r9);
        c91.intoArray(c, r9 + L);
        ca0.intoArray(c, r10);
        ca1.intoArray(c, r10 + L);
        cb0.intoArray(c, r11);
        cb1.intoArray(c, r11 + L);
        cc0.intoArray(c, r12);
        cc1.intoArray(c, r12 + L);
        cd0.intoArray(c, r13);
        cd1.intoArray(c, r13 + L);
    }

    /** As {@link #tile6}, for A packed in blocks of L steps: row r's number at {@code ai + (p/L)*6L + r*L + p%L}. */
    private static void blockTile6(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc, boolean fromZero) {
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21;
        FloatVector c30, c31, c40, c41, c50, c51;
        if (fromZero) {
            c00 = c01 = c10 = c11 = c20 = c21 = FloatVector.zero(S);
            c30 = c31 = c40 = c41 = c50 = c51 = FloatVector.zero(S);
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
            int ap = ai + p / L * (6 * L) + p % L;
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1 * L]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2 * L]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3 * L]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4 * L]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5 * L]);
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

    /** As {@link #tile14}, for a C at most one vector wide (B's strip is L wide): a 12 x L tile in 12 registers. */
    private static void narrowTile(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc,
                                   boolean fromZero) {
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        int r6 = r5 + ldc, r7 = r6 + ldc, r8 = r7 + ldc, r9 = r8 + ldc, r10 = r9 + ldc, r11 = r10 + ldc;
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (fromZero) {
            c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = c8 = c9 = c10 = c11 = FloatVector.zero(S);
        } else {
            c0 = FloatVector.fromArray(S, c, ci);
            c1 = FloatVector.fromArray(S, c, r1);
            c2 = FloatVector.fromArray(S, c, r2);
            c3 = FloatVector.fromArray(S, c, r3);
            c4 = FloatVector.fromArray(S, c, r4);
            c5 = FloatVector.fromArray(S, c, r5);
            c6 = FloatVector.fromArray(S, c, r6);
            c7 = FloatVector.fromArray(S, c, r7);
            c8 = FloatVector.fromArray(S, c, r8);
            c9 = FloatVector.fromArray(S, c, r9);
            c10 = FloatVector.fromArray(S, c, r10);
            c11 = FloatVector.fromArray(S, c, r11);
        }
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * NARROW_MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi + p * L);
            c0 = FloatVector.broadcast(S, a[ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ap + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ap + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ap + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[ap + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[ap + 5]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[ap + 6]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[ap + 7]).fma(b0, c7);
            c8 = FloatVector.broadcast(S, a[ap + 8]).fma(b0, c8);
            c9 = FloatVector.broadcast(S, a[ap + 9]).fma(b0, c9);
            c10 = FloatVector.broadcast(S, a[ap + 10]).fma(b0, c10);
            c11 = FloatVector.broadcast(S, a[ap + 11]).fma(b0, c11);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, r1);
        c2.intoArray(c, r2);
        c3.intoArray(c, r3);
        c4.intoArray(c, r4);
        c5.intoArray(c, r5);
        c6.intoArray(c, r6);
        c7.intoArray(c, r7);
        c8.intoArray(c, r8);
        c9.intoArray(c, r9);
        c10.intoArray(c, r10);
        c11.intoArray(c, r11);
    }

    /**
     * The micro-kernel for a CPU without FMA (see {@link ExactFma}): the same h x w tile over the same packed
     * strips, entry by entry, each the same chain {@code c = fma(A(i,p), B(p,j), c)} over p with every fused
     * multiply-add computed exactly in double arithmetic, so the bits equal those of {@link #tile}. Without a
     * hardware FMA the Vector API's {@code fma} boxes each vector; this allocates nothing.
     */
    private static void scalarTile(int kc, int h, float[] a, int ai, float[] b, int bi, int w, float[] c, int ci, int ldc,
                                   boolean fromZero) {
        for (int r = 0; r < h; r++) {
            for (int j = 0; j < w; j += 4) {      // four neighbouring chains at once, so that they overlap in time (w = 2L or L, L >= 4)
                int at = ci + r * ldc + j;
                float s0 = fromZero ? 0f : c[at], s1 = fromZero ? 0f : c[at + 1];
                float s2 = fromZero ? 0f : c[at + 2], s3 = fromZero ? 0f : c[at + 3];
                for (int p = 0; p < kc; p++) {
                    float x = a[ai + p * h + r];
                    int bp = bi + p * w + j;
                    s0 = ExactFma.fma(x, b[bp], s0);
                    s1 = ExactFma.fma(x, b[bp + 1], s1);
                    s2 = ExactFma.fma(x, b[bp + 2], s2);
                    s3 = ExactFma.fma(x, b[bp + 3], s3);
                }
                c[at] = s0;
                c[at + 1] = s1;
                c[at + 2] = s2;
                c[at + 3] = s3;
            }
        }
    }

    /**
     * As {@link #narrowTile}, reading A in place: its 12 rows start {@code ars} apart at {@code at}, each read along p
     * (rows past the {@code mr} valid ones repeat the last valid row; their sums land in the spare tile and are dropped).
     */
    private static void directNarrowTile(int kc, float[] a, int at, int ars, int mr, float[] b, int bi, float[] c, int ci,
                                         int ldc, boolean fromZero) {
        int a0 = at, a1 = at + Math.min(1, mr - 1) * ars, a2 = at + Math.min(2, mr - 1) * ars;
        int a3 = at + Math.min(3, mr - 1) * ars, a4 = at + Math.min(4, mr - 1) * ars, a5 = at + Math.min(5, mr - 1) * ars;
        int a6 = at + Math.min(6, mr - 1) * ars, a7 = at + Math.min(7, mr - 1) * ars, a8 = at + Math.min(8, mr - 1) * ars;
        int a9 = at + Math.min(9, mr - 1) * ars, a10 = at + Math.min(10, mr - 1) * ars, a11 = at + Math.min(11, mr - 1) * ars;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        int r6 = r5 + ldc, r7 = r6 + ldc, r8 = r7 + ldc, r9 = r8 + ldc, r10 = r9 + ldc, r11 = r10 + ldc;
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (fromZero) {
            c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = c8 = c9 = c10 = c11 = FloatVector.zero(S);
        } else {
            c0 = FloatVector.fromArray(S, c, ci);
            c1 = FloatVector.fromArray(S, c, r1);
            c2 = FloatVector.fromArray(S, c, r2);
            c3 = FloatVector.fromArray(S, c, r3);
            c4 = FloatVector.fromArray(S, c, r4);
            c5 = FloatVector.fromArray(S, c, r5);
            c6 = FloatVector.fromArray(S, c, r6);
            c7 = FloatVector.fromArray(S, c, r7);
            c8 = FloatVector.fromArray(S, c, r8);
            c9 = FloatVector.fromArray(S, c, r9);
            c10 = FloatVector.fromArray(S, c, r10);
            c11 = FloatVector.fromArray(S, c, r11);
        }
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi + p * L);
            c0 = FloatVector.broadcast(S, a[a0 + p]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + p]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + p]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[a6 + p]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[a7 + p]).fma(b0, c7);
            c8 = FloatVector.broadcast(S, a[a8 + p]).fma(b0, c8);
            c9 = FloatVector.broadcast(S, a[a9 + p]).fma(b0, c9);
            c10 = FloatVector.broadcast(S, a[a10 + p]).fma(b0, c10);
            c11 = FloatVector.broadcast(S, a[a11 + p]).fma(b0, c11);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, r1);
        c2.intoArray(c, r2);
        c3.intoArray(c, r3);
        c4.intoArray(c, r4);
        c5.intoArray(c, r5);
        c6.intoArray(c, r6);
        c7.intoArray(c, r7);
        c8.intoArray(c, r8);
        c9.intoArray(c, r9);
        c10.intoArray(c, r10);
        c11.intoArray(c, r11);
    }

    private static void zero(float[] c, int cOff, int crs, int ccs, int m, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * crs + j * ccs] = 0f;
            }
        }
    }

    /** The mr x nr corner of C at {@code ci} (any strides) into the spare tile's h rows (w apart); zeros around it. */
    private static void loadTile(float[] c, int ci, int crs, int ccs, int mr, int nr, float[] tile, int h, int w) {
        for (int r = 0; r < h; r++) {
            for (int j = 0; j < w; j++) {
                tile[r * w + j] = r < mr && j < nr ? c[ci + r * crs + j * ccs] : 0f;
            }
        }
    }

    /** The valid mr x nr corner of the spare tile (rows w apart) back into C, of any strides. */
    private static void storeTile(float[] tile, int mr, int nr, int w, float[] c, int ci, int crs, int ccs) {
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                c[ci + r * crs + j * ccs] = tile[r * w + j];
            }
        }
    }
}
