package org.paramlab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.paramlab.core.MatrixProducts;
import org.paramlab.layers.Dense;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.optim.SGD;

/**
 * How fast is one training step, and how close to the machine's limit?
 *
 * <p>Times one training step (zeroGrad, forward, softmax cross-entropy, backward, SGD update) of
 * Dense -> ReLU -> Dense through the library (its matrix products from {@link MatrixProducts#get()}),
 * as the Trainer does it, and the six matrix products of the same step done directly with EJML into
 * preallocated matrices (per Dense layer: Y = X·W, dW = X^T·dY, dX = dY·W^T): the speed the library had
 * before the Vector-API products. GFLOP/s counts the products the library really does, 2 flops per
 * multiply-add: five, since the first layer's dX is skipped (nothing reads the gradient of the data;
 * PyTorch skips it too). Beside them: the machine's limit measured here by independent FMA chains
 * ({@link MatrixProducts#measuredPeakGflops}).
 *
 * <p>Method: warm-up, then several timed repetitions of each, interleaved (library, EJML, library, ...)
 * so that machine noise hits both alike. With one thread the time is the benchmark thread's CPU time
 * (see {@link #timeSteps}) and the median repetition is reported; with more threads
 * ({@code -Dparamlab.threads=2}) CPU time of one thread means nothing, so it is wall-clock time and the
 * best repetition (the least disturbed by other work on the machine).
 *
 * <p>With {@code --widths}, how the cost grows with the model instead: 784-H-10 at batch 128 for H from 64 to
 * 4,096, the library only (no EJML), as scripts/bench_step_peers.py times its peers.
 *
 * <p>With {@code --config 784-512-10x512}, that one step only, the library only: one round of the paired runs that
 * scripts/bench-lib.sh alternates with a peer's for a close result (scripts/bench_paired.py).
 *
 * <p>Run: {@code scripts/bench-lib.sh}. Arguments: [output JSON path] [--widths | --config I-H-CxB] (default
 * target/bench/lib-training-step.json).
 */
public final class TrainingStepBench {

    private static final int[] BATCHES = {32, 128, 512};
    private static final int[][] WIDTHS = {{64, 256, 10}, {784, 512, 10}};
    static final int REPETITIONS = 9;
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
    private static final double SECONDS_PER_REPETITION = 0.25;

    /** One way of doing a training step on a fixed batch. */
    interface Step {
        void run();
    }

    /** The width sweep: 784-H-10 at batch 128. */
    static final int[] SWEEP_HIDDEN = {64, 128, 256, 512, 1024, 2048, 4096};
    static final int SWEEP_BATCH = 128;

    private record Result(int inputs, int hidden, int outputs, int batch, double libraryStepsPerSecond,
                          double ejmlStepsPerSecond, double ratio) {
        /** Flops of the five matrix products of one step (the first layer's dX skipped), 2 per multiply-add. */
        double flopsPerStep() {
            return 2.0 * batch * (2.0 * inputs * hidden + 3.0 * hidden * outputs);
        }
    }

    static final String PRODUCTS = MatrixProducts.get().name();
    /** The products' thread count (from -Dparamlab.threads, as scripts/bench-lib.sh sets it). */
    static final int THREADS = Integer.getInteger(MatrixProducts.THREADS_PROPERTY, MatrixProducts.defaultThreads());
    static final boolean WALL_CLOCK = !PRODUCTS.contains("1 thread") && !PRODUCTS.equals("ejml");

    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args.length > 0 ? args[0] : "target/bench/lib-training-step.json");
        boolean sweep = Arrays.asList(args).contains("--widths");
        int[] only = onlyConfig(args);
        List<Result> results = new ArrayList<>();
        double peak = MatrixProducts.measuredPeakGflops();
        System.out.println("Training step: Dense -> ReLU -> Dense, softmax cross-entropy, SGD (FP32); products: " + PRODUCTS
                + "; " + (WALL_CLOCK ? "wall clock, best" : "thread CPU time, median") + " of " + REPETITIONS);
        System.out.printf(Locale.ROOT, "machine limit here: %.0f GFLOP/s per core (FMA chains, %s)%n", peak, PEAK_HOW);
        crossCoreAtStart();
        System.out.printf(Locale.ROOT, "%-14s %6s %16s %16s %14s %10s%n", "widths", "batch", "library steps/s",
                "EJML steps/s", "time lib/EJML", "GFLOP/s");
        List<int[]> configs = new ArrayList<>();
        if (only != null) {
            configs.add(only);
        } else if (sweep) {
            for (int hidden : SWEEP_HIDDEN) {
                configs.add(new int[] {784, hidden, 10, SWEEP_BATCH});
            }
        } else {
            for (int[] w : WIDTHS) {
                for (int batch : BATCHES) {
                    configs.add(new int[] {w[0], w[1], w[2], batch});
                }
            }
        }
        for (int[] w : configs) {
            Result r = measure(w[0], w[1], w[2], w[3], !sweep && only == null);
            results.add(r);
            System.out.printf(Locale.ROOT, "%-14s %6d %16.1f %16.1f %13.3fx %10.1f%n", w[0] + "-" + w[1] + "-" + w[2], w[3],
                    r.libraryStepsPerSecond, r.ejmlStepsPerSecond, r.ratio, r.flopsPerStep() * r.libraryStepsPerSecond / 1e9);
        }
        double worst = results.stream().mapToDouble(Result::ratio).filter(r -> !Double.isNaN(r)).max().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "library time / bare-EJML time, worst: %.3fx (below 1: faster than bare EJML)%n", worst);
        crossCoreAtEnd();
        writeJson(out, results, worst, peak);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /**
     * Microseconds to hand 3.2 MB from core to core ({@link CrossCoreTransfer}) at the start and the end of a run on
     * more than one thread: how close the host kept the cores decides the two-thread figures of small steps.
     */
    private static final double[] CROSS_CORE = {Double.NaN, Double.NaN};

    static void crossCoreAtStart() {
        if (THREADS > 1) {
            CROSS_CORE[0] = CrossCoreTransfer.microsPerTurn(200);
        }
    }

    static void crossCoreAtEnd() {
        if (THREADS > 1) {
            CROSS_CORE[1] = CrossCoreTransfer.microsPerTurn(200);
            System.out.println(CrossCoreTransfer.describe(CROSS_CORE[0], CROSS_CORE[1]));
        }
    }

    /** The step named by {@code --config I-H-CxB} (784-512-10x512: widths 784, 512, 10, batch 512), or null. */
    static int[] onlyConfig(String[] args) {
        int at = Arrays.asList(args).indexOf("--config");
        if (at < 0) {
            return null;
        }
        String value = at + 1 < args.length ? args[at + 1] : "";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)-(\\d+)-(\\d+)x(\\d+)").matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("--config wants widths and batch as I-H-CxB, e.g. 784-512-10x512; got '"
                    + value + "'");
        }
        int[] config = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                config[i] = Integer.parseInt(m.group(i + 1));
            } catch (NumberFormatException tooLarge) {
                config[i] = 0;
            }
            if (config[i] <= 0) {
                throw new IllegalArgumentException("--config " + value + ": widths and batch must be whole numbers from 1 to "
                        + Integer.MAX_VALUE + "; got '" + m.group(i + 1) + "'");
            }
        }
        return config;
    }

    private static Result measure(int in, int hidden, int classes, int batch, boolean withEjml) {
        Random rng = new Random(42);
        FMatrixRMaj x = new FMatrixRMaj(batch, in);
        FMatrixRMaj y = new FMatrixRMaj(batch, classes);
        randomBatch(x, y, rng);

        Step library = libraryStep(in, hidden, classes, x, y);
        Step ejml = withEjml ? ejmlStep(in, hidden, classes, x, rng) : () -> { };

        // warm-up: let the JIT compile both paths
        long stepsPerRep = calibrate(library);
        timeSteps(ejml, stepsPerRep);

        long ejmlSteps = Math.max(1, Math.round(stepsPerRep * timeSteps(library, stepsPerRep) / timeSteps(ejml, stepsPerRep)));
        double[] libSeconds = new double[REPETITIONS];
        double[] ejmlSeconds = new double[REPETITIONS];
        for (int rep = 0; rep < REPETITIONS; rep++) {
            libSeconds[rep] = timeSteps(library, stepsPerRep) / stepsPerRep;
            ejmlSeconds[rep] = timeSteps(ejml, ejmlSteps) / ejmlSteps;
        }
        double lib = WALL_CLOCK ? min(libSeconds) : median(libSeconds);
        double raw = WALL_CLOCK ? min(ejmlSeconds) : median(ejmlSeconds);
        return withEjml ? new Result(in, hidden, classes, batch, 1 / lib, 1 / raw, lib / raw)
                : new Result(in, hidden, classes, batch, 1 / lib, Double.NaN, Double.NaN);
    }

    /** Fills x with standard normal inputs and gives each row of y one random class (one-hot). */
    static void randomBatch(FMatrixRMaj x, FMatrixRMaj y, Random rng) {
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = (float) rng.nextGaussian();
        }
        for (int r = 0; r < y.numRows; r++) {
            y.set(r, rng.nextInt(y.numCols), 1f);
        }
    }

    /** The library way, as a notebook writes it and the Trainer runs it. */
    private static Step libraryStep(int in, int hidden, int classes, FMatrixRMaj x, FMatrixRMaj y) {
        Sequential model = new Sequential(new Dense("dense1", in, hidden, 1L), new ReLU(), new Dense("dense2", hidden, classes, 2L));
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        SGD sgd = new SGD(model.parameters(), 0.01f);
        return () -> {
            sgd.zeroGrad();
            loss.forward(model.forward(x), y);
            model.backwardParametersOnly(loss.backward());   // as the Trainer does
            sgd.step();
        };
    }

    /** The minimum work: only the six matrix products, into preallocated matrices. */
    private static Step ejmlStep(int in, int hidden, int classes, FMatrixRMaj x, Random rng) {
        int batch = x.numRows;
        FMatrixRMaj w1 = random(in, hidden, rng);
        FMatrixRMaj w2 = random(hidden, classes, rng);
        FMatrixRMaj h = new FMatrixRMaj(batch, hidden);
        FMatrixRMaj z = new FMatrixRMaj(batch, classes);
        FMatrixRMaj dZ = random(batch, classes, rng);
        FMatrixRMaj dW2 = new FMatrixRMaj(hidden, classes);
        FMatrixRMaj dH = new FMatrixRMaj(batch, hidden);
        FMatrixRMaj dW1 = new FMatrixRMaj(in, hidden);
        FMatrixRMaj dX = new FMatrixRMaj(batch, in);
        return () -> {
            CommonOps_FDRM.mult(x, w1, h);            // H = X · W1
            CommonOps_FDRM.mult(h, w2, z);            // Z = H · W2
            CommonOps_FDRM.multTransA(h, dZ, dW2);    // dW2 = H^T · dZ
            CommonOps_FDRM.multTransB(dZ, w2, dH);    // dH = dZ · W2^T
            CommonOps_FDRM.multTransA(x, dH, dW1);    // dW1 = X^T · dH
            CommonOps_FDRM.multTransB(dH, w1, dX);    // dX = dH · W1^T
        };
    }

    private static FMatrixRMaj random(int rows, int cols, Random rng) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = 0.05f * (float) rng.nextGaussian();
        }
        return m;
    }

    /**
     * Warms up until the step runs at its steady speed, and returns how many steps make one repetition of the target
     * length. The JIT compiles the step's methods in the first seconds, one by one, and the vector code runs 10-100x
     * slower until C2 has compiled it. A warm-up of "a second" counted those slow first steps in that second: notebook
     * 10's step on two threads was timed 1.3-1.8 s after the JVM started, while C2 was still compiling the small tile,
     * and read 74-98 steps/s in four runs of four (342 once it had compiled). So repetitions of the target length run
     * until one is no more than {@link #STEADY} faster than the one before it, after at least a second, at most
     * {@link #MAX_WARM_UP_SECONDS}.
     */
    static long calibrate(Step step) {
        long steps = 1;
        double warmedUp = 0;
        double lastPerStep = Double.MAX_VALUE;
        while (true) {
            double seconds = timeSteps(step, steps);
            warmedUp += seconds;
            double perStep = seconds / steps;
            if (seconds < SECONDS_PER_REPETITION / 4) {
                steps *= 2;                      // too short to time well yet
            } else {
                steps = Math.max(1, Math.round(SECONDS_PER_REPETITION / perStep));
                boolean steady = perStep > lastPerStep / STEADY;
                if ((steady && warmedUp >= 1.0) || warmedUp >= MAX_WARM_UP_SECONDS) {
                    return steps;
                }
                lastPerStep = perStep;
            }
        }
    }

    /** A repetition at most this much faster than the one before it: the warm-up is over. */
    static final double STEADY = 1.05;
    static final double MAX_WARM_UP_SECONDS = 15;

    /**
     * Seconds of CPU time this thread spent on {@code steps} steps. CPU time rather than wall-clock time:
     * both paths are single-threaded, and on a shared machine (CI, notebooks, builds running beside)
     * time spent waiting for a core would otherwise count as overhead of whichever path it hit.
     */
    static double timeSteps(Step step, long steps) {
        long start = WALL_CLOCK ? System.nanoTime() : THREAD.getCurrentThreadCpuTime();
        for (long i = 0; i < steps; i++) {
            step.run();
        }
        return ((WALL_CLOCK ? System.nanoTime() : THREAD.getCurrentThreadCpuTime()) - start) / 1e9;
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static final String PEAK_HOW = MatrixProducts.peakMethod();

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void writeJson(Path out, List<Result> results, double worst, double peak) throws IOException {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"benchmark\": \"lib-training-step\",\n");
        json.append("  \"description\": \"one training step (forward + backward + SGD update) of Dense-ReLU-Dense with "
                + "softmax cross-entropy through the library, vs the six matrix products done directly with EJML\",\n");
        appendMethod(json, peak);
        json.append("  \"flops_counted\": \"the five matrix products the library does: 3 per Dense layer (forward, dW, dX) less the "
                + "first layer's dX, which nothing reads; 2 flops per multiply-add\",\n");
        json.append("  \"threads\": ").append(THREADS).append(",\n");
        json.append(String.format(Locale.ROOT, "  \"worst_ratio\": %.4f,%n", worst));
        json.append("  \"results\": [\n");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            json.append(String.format(Locale.ROOT,
                    "    {\"widths\": [%d, %d, %d], \"batch\": %d, \"library_steps_per_s\": %.2f, "
                            + "\"ejml_steps_per_s\": %s, \"ratio_library_over_ejml\": %s, \"flops_per_step\": %.0f, "
                            + "\"library_gflops\": %.2f}%s%n",
                    r.inputs, r.hidden, r.outputs, r.batch, r.libraryStepsPerSecond, jsonNumber(r.ejmlStepsPerSecond, "%.2f"),
                    jsonNumber(r.ratio, "%.4f"),
                    r.flopsPerStep(), r.flopsPerStep() * r.libraryStepsPerSecond / 1e9,
                    i + 1 < results.size() ? "," : ""));
        }
        json.append("  ]\n}\n");
        write(out, json.toString());
    }

    private static String jsonNumber(double value, String format) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, format, value);
    }

    /** The JSON lines that say how a benchmark measured: JVM, products, repetitions, clock, the machine's limit. */
    static void appendMethod(StringBuilder json, double peak) {
        json.append("  \"java\": \"").append(System.getProperty("java.version")).append("\",\n");
        json.append("  \"products\": \"").append(PRODUCTS).append("\",\n");
        json.append("  \"processors\": ").append(Runtime.getRuntime().availableProcessors()).append(",\n");
        json.append("  \"repetitions\": ").append(REPETITIONS).append(",\n");
        json.append("  \"statistic\": \"").append(WALL_CLOCK ? "min" : "median").append("\",\n");
        json.append("  \"clock\": \"").append(WALL_CLOCK ? "wall clock" : "thread CPU time").append("\",\n");
        json.append(String.format(Locale.ROOT, "  \"peak_gflops_per_core\": %.1f,%n", peak));
        json.append("  \"peak_how\": \"").append(PEAK_HOW).append("\",\n");
        if (THREADS > 1) {
            json.append(String.format(Locale.ROOT, "  \"cross_core_us_per_3_2_mb\": {\"start\": %.1f, \"end\": %.1f},%n",
                    CROSS_CORE[0], CROSS_CORE[1]));
        }
    }

    /** Writes the JSON to a temporary file beside {@code out} and moves it there, so a reader never sees half of it. */
    static void write(Path out, String json) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(out.getFileName() + ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
