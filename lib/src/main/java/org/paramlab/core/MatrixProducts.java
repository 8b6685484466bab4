package org.paramlab.core;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import org.ejml.data.FMatrixRMaj;

/**
 * The few matrix products a training step needs, in one place, so that layers say <em>what</em> they
 * compute and this class decides <em>how</em>:
 * <pre>
 *   mult(X, W, Y)             Y  = X · W          forward of a Dense layer
 *   multAddTransA(X, dY, dW)  dW += X^T · dY      its weight gradient, added to what is there
 *   multTransA(X, dY, dW)     dW  = X^T · dY      the same, written over a cleared gradient
 *   multTransB(dY, W, dX)     dX = dY · W^T       its input gradient
 *   addToEachRow(Y, b)        Y[r, :] += b        the bias, added to every row
 *   addColumnSums(dY, db)     db += sum_r dY[r,:] the bias gradient
 * </pre>
 * and {@link #eachPiece}, which shares a long pass over numbers (an optimizer's update) among the same threads.
 * Two implementations give the same numbers up to float rounding:
 * <ul>
 *   <li>{@code vector}: cache-blocked products on the JDK's Vector API ({@code jdk.incubator.vector}),
 *       16 floats per instruction with AVX-512 and a fused multiply-add (FMA) for each;
 *       see lib/README.md for where the speed comes from;</li>
 *   <li>{@code ejml}: EJML's {@code CommonOps_FDRM}, the reference and the fallback.</li>
 * </ul>
 * {@link #get()} is chosen once, at first use: {@code vector} when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (and compiles to machine code), else {@code ejml}.
 * The system property {@code paramlab.products} or the environment variable {@code PARAMLAB_PRODUCTS}
 * ({@code ejml} or {@code vector}) forces one. The vector products share the work among
 * {@link #defaultThreads()} threads: the cores this JVM may use, or 1 in a class
 * ({@code PARAMLAB_KERNEL_PROFILE=class}, where students share the server's cores);
 * {@code paramlab.threads} / {@code PARAMLAB_THREADS} sets the count. Every output number is still
 * computed by one thread in one order, so results do not depend on the thread count, bit for bit.
 */
public abstract class MatrixProducts {

    /** The property and the environment variable that choose the implementation. */
    public static final String PROPERTY = "paramlab.products";
    public static final String ENVIRONMENT = "PARAMLAB_PRODUCTS";
    /** The property and the environment variable that set the number of threads of the vector products. */
    public static final String THREADS_PROPERTY = "paramlab.threads";
    public static final String THREADS_ENVIRONMENT = "PARAMLAB_THREADS";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** The environment variable of the kernel's launcher that says the kernel runs in a class (value {@code class}). */
    public static final String PROFILE_ENVIRONMENT = "PARAMLAB_KERNEL_PROFILE";

    /** Holder idiom: chosen on first use, once per JVM. */
    private static final class Chosen {
        static final MatrixProducts INSTANCE = adviseOnTrapLimit(choose(setting(PROPERTY, ENVIRONMENT, ""),
                setting(THREADS_PROPERTY, THREADS_ENVIRONMENT, Integer.toString(defaultThreads()))));
    }

    /** The HotSpot {@code -XX:PerMethodTrapLimit} the vector products want at least (HotSpot's default is 100). */
    static final int TRAP_LIMIT = 1000;

    /**
     * One line for the user when this JVM's {@code -XX:PerMethodTrapLimit} is below {@link #TRAP_LIMIT}, else null
     * (also when it is not HotSpot's). Below it, about one JVM start in four to thirty compiled the products'
     * micro-kernel with stores that box a vector each, and the products ran about 8x slower for the JVM's life: C2
     * stops trusting type checks once the traps of the methods it inlines add up past the limit, and the micro-kernel
     * inlines 24 fused multiply-adds (lib/README.md, "A compile that boxes").
     */
    static String trapLimitAdvice(String limit) {
        try {
            if (limit == null || Long.parseLong(limit.trim()) >= TRAP_LIMIT) {
                return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return "ParamLab: this JVM runs with -XX:PerMethodTrapLimit=" + limit.trim() + "; start java with "
                + "-XX:PerMethodTrapLimit=" + TRAP_LIMIT + ", or about one start in four to thirty runs the matrix products "
                + "about 8x slower (lib/README.md, \"A compile that boxes\")";
    }

    /** This JVM's {@code -XX:PerMethodTrapLimit}, or null when the JVM does not say. */
    static String trapLimit() {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("PerMethodTrapLimit").getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static MatrixProducts adviseOnTrapLimit(MatrixProducts chosen) {
        String advice = chosen == ejml() ? null : trapLimitAdvice(trapLimit());
        if (advice != null) {
            System.err.println(advice);
        }
        return chosen;
    }

    /**
     * Threads when none are set: the cores this JVM may use ({@code Runtime.availableProcessors()}, which honours a
     * container's CPU limit), as PyTorch and NumPy use all cores; 1 in a class ({@code PARAMLAB_KERNEL_PROFILE=class}),
     * where each student's kernel shares the server's cores with the others'.
     */
    public static int defaultThreads() {
        return defaultThreads(System.getenv(PROFILE_ENVIRONMENT), Runtime.getRuntime().availableProcessors());
    }

    static int defaultThreads(String profile, int processors) {
        return "class".equals(profile == null ? null : profile.trim()) ? 1 : Math.max(1, processors);
    }

    /** The implementation the library uses (chosen once per JVM, see the class comment). */
    public static MatrixProducts get() {
        return Chosen.INSTANCE;
    }

    /** EJML's products: the reference. */
    public static MatrixProducts ejml() {
        return EjmlProducts.INSTANCE;
    }

    /** Whether this JVM has the Vector API module ({@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * New Vector-API products using {@code threads} threads (1 = the calling thread only).
     * Throws when the JVM lacks the module, naming the option that adds it.
     */
    public static MatrixProducts vector(int threads) {
        if (!vectorAvailable()) {
            throw new IllegalStateException("matrix products: the Vector API is not in this JVM; start java with "
                    + "--add-modules " + VECTOR_MODULE);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("matrix products: threads must be >= 1, got " + threads);
        }
        try {
            // by name: the class links against jdk.incubator.vector and must not load without it
            return (MatrixProducts) Class.forName("org.paramlab.core.VectorProducts")
                    .getConstructor(int.class).newInstance(threads);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("matrix products: cannot create the vector products", e);
        }
    }

    /**
     * This machine's FP32 limit on one core, measured (about half a second): the GFLOP/s of 12 independent
     * chains of fused multiply-adds on the widest vectors the JVM offers, nothing loaded from memory, as
     * fast as the FMA units go. A matrix product can approach it but not pass it. NaN without the Vector API.
     */
    public static double measuredPeakGflops() {
        return peak(20_000_000L);
    }

    /** How {@link #measuredPeakGflops} measures, in a few words. */
    public static String peakMethod() {
        return vectorAvailable() ? (String) peakMember("HOW") : "not measured (no Vector API in this JVM)";
    }

    static double peak(long steps) {
        return vectorAvailable() ? (double) peakMember("gflops", steps) : Double.NaN;
    }

    // by name: FmaPeak links against jdk.incubator.vector and must not load without it
    private static Object peakMember(String name, Object... arguments) {
        try {
            Class<?> peak = Class.forName("org.paramlab.core.FmaPeak");
            if (arguments.length == 0) {
                var field = peak.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(null);
            }
            var method = peak.getDeclaredMethod(name, long.class);
            method.setAccessible(true);
            return method.invoke(null, arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("matrix products: cannot measure the FMA peak", e);
        }
    }

    /** The choice {@link #get()} makes, from the setting's value ({@code ""} when unset) and the thread count. */
    static MatrixProducts choose(String wanted, String threadCount) {
        int threads;
        try {
            threads = Integer.parseInt(threadCount);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("matrix products: " + THREADS_PROPERTY + " / " + THREADS_ENVIRONMENT + " is '"
                    + threadCount + "'; use a whole number >= 1");
        }
        switch (wanted.toLowerCase(Locale.ROOT)) {
            case "ejml":
                return ejml();
            case "vector":
                return vector(threads);
            case "":
                return vectorAvailable() && compiled() ? vector(threads) : ejml();
            default:
                throw new IllegalArgumentException("matrix products: " + PROPERTY + " / " + ENVIRONMENT + " is '" + wanted
                        + "'; use ejml or vector");
        }
    }

    private static String setting(String property, String environment, String otherwise) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? otherwise : value.trim();
    }

    /**
     * The Vector API is fast only once the optimising compiler (C2) turns it into SIMD instructions;
     * interpreted ({@code -Xint}) or with C1 alone it is far slower than plain loops, so EJML is kept then.
     */
    private static boolean compiled() {
        if (System.getProperty("java.vm.info", "").contains("interpreted")) {
            return false;
        }
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:TieredStopAtLevel=") && !arg.endsWith("=4") || arg.equals("-XX:-UseCompiler")) {
                return false;
            }
        }
        return true;
    }

    /** A short name: {@code ejml} or {@code vector} (with its vector width and threads). */
    public abstract String name();

    @Override
    public String toString() {
        return "MatrixProducts(" + name() + ")";
    }

    // ---- the six operations: shapes checked here, arithmetic in the implementations ----

    /** {@code C = A · B}; C is reshaped to rows(A) x cols(B). */
    public final void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (a.numCols != b.numRows) {
            throw mismatch("mult", "A · B needs cols(A) = rows(B)", a, b);
        }
        distinct("mult", a, b, c);
        c.reshape(a.numRows, b.numCols);
        multImpl(a, b, c);
    }

    /** {@code C += A^T · B}; C must already be cols(A) x cols(B). */
    public final void multAddTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (a.numRows != b.numRows) {
            throw mismatch("multAddTransA", "A^T · B needs rows(A) = rows(B)", a, b);
        }
        if (c.numRows != a.numCols || c.numCols != b.numCols) {
            throw new IllegalArgumentException("matrix products: multAddTransA adds A^T · B (" + a.numCols + "x" + b.numCols
                    + ") into C, but C is " + c.numRows + "x" + c.numCols);
        }
        distinct("multAddTransA", a, b, c);
        multAddTransAImpl(a, b, c);
    }

    /**
     * {@code C = A^T · B}; C is reshaped to cols(A) x cols(B). The same bits as {@link #multAddTransA} into a C of
     * zeros (each sum starts from 0 either way), without the pass that writes the zeros and the one that reads them.
     */
    public final void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (a.numRows != b.numRows) {
            throw mismatch("multTransA", "A^T · B needs rows(A) = rows(B)", a, b);
        }
        distinct("multTransA", a, b, c);
        c.reshape(a.numCols, b.numCols);
        multTransAImpl(a, b, c);
    }

    /** {@code C = A · B^T}; C is reshaped to rows(A) x rows(B). */
    public final void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (a.numCols != b.numCols) {
            throw mismatch("multTransB", "A · B^T needs cols(A) = cols(B)", a, b);
        }
        distinct("multTransB", a, b, c);
        c.reshape(a.numRows, b.numRows);
        multTransBImpl(a, b, c);
    }

    /** {@code Y[r, :] += v} for every row r; v is 1 x cols(Y). */
    public final void addToEachRow(FMatrixRMaj y, FMatrixRMaj v) {
        if (v.numRows != 1 || v.numCols != y.numCols) {
            throw new IllegalArgumentException("matrix products: addToEachRow adds a 1x" + y.numCols + " row to each row of a "
                    + y.numRows + "x" + y.numCols + " matrix, got a " + v.numRows + "x" + v.numCols + " row");
        }
        addToEachRowImpl(y, v);
    }

    /** {@code s[c] += sum over rows r of M[r, c]}; s is 1 x cols(M). */
    public final void addColumnSums(FMatrixRMaj m, FMatrixRMaj sums) {
        if (sums.numRows != 1 || sums.numCols != m.numCols) {
            throw new IllegalArgumentException("matrix products: addColumnSums adds the column sums of a " + m.numRows + "x"
                    + m.numCols + " matrix into a 1x" + m.numCols + " row, got " + sums.numRows + "x" + sums.numCols);
        }
        addColumnSumsImpl(m, sums);
    }

    /** The bias add as a plain loop: one add per number (the vector products do the same adds 16 at a time). */
    protected void addToEachRowImpl(FMatrixRMaj y, FMatrixRMaj v) {
        float[] data = y.data;
        float[] row = v.data;
        int cols = y.numCols;
        for (int r = 0; r < y.numRows; r++) {
            int start = r * cols;
            for (int c = 0; c < cols; c++) {
                data[start + c] += row[c];
            }
        }
    }

    /** The column sums as a plain loop, each sum adding its rows in order (the vector products keep that order). */
    protected void addColumnSumsImpl(FMatrixRMaj m, FMatrixRMaj sums) {
        float[] data = m.data;
        float[] s = sums.data;
        int cols = m.numCols;
        for (int r = 0; r < m.numRows; r++) {              // row after row: each sum adds its rows in order
            int start = r * cols;
            for (int c = 0; c < cols; c++) {
                s[c] += data[start + c];
            }
        }
    }

    // ---- a long pass over numbers, each on its own, shared among the same threads ----

    /** One thread's piece of a pass over numbers that are each computed on their own: numbers from ... to-1. */
    @FunctionalInterface
    public interface Piece {
        void compute(int from, int to);
    }

    /**
     * Runs {@code piece} over numbers 0 ... n-1: a long pass (an optimizer's update of a 784 x 512 weight matrix)
     * cut into one piece per thread of the products, a short one on this thread in one go. Each number is computed
     * by one thread with the same formula, so the numbers are those of one loop over 0 ... n-1, on any thread count.
     * Keep the piece in a field and reuse it: a training step allocates nothing. A piece must not call the
     * products (it runs on their threads).
     */
    public void eachPiece(int n, Piece piece) {
        piece.compute(0, n);
    }

    /**
     * {@link #eachPiece} over the rows of a rows x cols matrix whose rows are each computed on their own (the softmax
     * of each row of logits): pieces of whole rows, rows from ... to-1, shared when the matrix is as long a pass.
     */
    public void eachPieceOfRows(int rows, int cols, Piece piece) {
        piece.compute(0, rows);
    }

    protected abstract void multImpl(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c);

    protected abstract void multAddTransAImpl(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c);

    protected abstract void multTransBImpl(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c);

    /** C = A^T · B as zeros plus A^T · B: the order of {@link #multAddTransAImpl}, so the same bits. */
    protected void multTransAImpl(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        c.zero();
        multAddTransAImpl(a, b, c);
    }

    private static IllegalArgumentException mismatch(String op, String rule, FMatrixRMaj a, FMatrixRMaj b) {
        return new IllegalArgumentException("matrix products: " + op + ": " + rule + ", got A " + a.numRows + "x" + a.numCols
                + " and B " + b.numRows + "x" + b.numCols);
    }

    private static void distinct(String op, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (c == a || c == b) {
            throw new IllegalArgumentException("matrix products: " + op + " cannot write its result into one of its inputs");
        }
    }
}
