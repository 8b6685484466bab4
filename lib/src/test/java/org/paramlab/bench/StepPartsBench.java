package org.paramlab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.MatrixProducts;
import org.paramlab.layers.Dense;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.optim.SGD;

/**
 * Where the time of one training step goes: each part of the step of {@link TrainingStepBench} (the three
 * products of each Dense layer, the bias adds and column sums, ReLU, softmax cross-entropy, the SGD update)
 * timed on its own, with the matrices a real step leaves behind, beside the whole step. This thread's CPU
 * time, the median of 7 runs after a warm-up. The parts add up to about the step; the largest parts are
 * where speed-ups pay.
 *
 * <p>Run by {@code scripts/bench-lib.sh}; arguments: [output JSON] [inputs hidden classes batch]
 * (default target/bench/lib-step-parts.json 64 256 10 512).
 */
public final class StepPartsBench {

    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

    private StepPartsBench() {
    }

    /** Microseconds of this thread's CPU time per run of {@code part}: median of 7 runs of {@code reps} each. */
    private static double micros(Runnable part, int reps) {
        for (int i = 0; i < 3 * reps; i++) {
            part.run();
        }
        double[] us = new double[7];
        for (int r = 0; r < us.length; r++) {
            long start = THREAD.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                part.run();
            }
            us[r] = (THREAD.getCurrentThreadCpuTime() - start) / 1e3 / reps;
        }
        Arrays.sort(us);
        return us[us.length / 2];
    }

    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args.length > 0 ? args[0] : "target/bench/lib-step-parts.json");
        int in = args.length > 4 ? Integer.parseInt(args[1]) : 64;
        int hidden = args.length > 4 ? Integer.parseInt(args[2]) : 256;
        int classes = args.length > 4 ? Integer.parseInt(args[3]) : 10;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 512;
        MatrixProducts p = MatrixProducts.get();
        FMatrixRMaj x = new FMatrixRMaj(batch, in);
        FMatrixRMaj y = new FMatrixRMaj(batch, classes);
        TrainingStepBench.randomBatch(x, y, new Random(42));
        Dense dense1 = new Dense("dense1", in, hidden, 1L);
        ReLU relu = new ReLU();
        Dense dense2 = new Dense("dense2", hidden, classes, 2L);
        Sequential model = new Sequential(dense1, relu, dense2);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        SGD sgd = new SGD(model.parameters(), 0.01f);
        Runnable step = () -> {
            sgd.zeroGrad();
            loss.forward(model.forward(x), y);
            model.backwardParametersOnly(loss.backward());   // as the Trainer does
            sgd.step();
        };
        // one real step leaves the activations and gradients each part reads
        step.run();
        FMatrixRMaj h = dense1.forward(x);
        FMatrixRMaj a = relu.forward(h);
        FMatrixRMaj z = dense2.forward(a);
        loss.forward(z, y);
        FMatrixRMaj dz = loss.backward();
        FMatrixRMaj da = dense2.backward(dz);
        FMatrixRMaj dh = relu.backward(da);
        FMatrixRMaj w1 = dense1.weights().value(), w2 = dense2.weights().value();
        // outputs of the parts timed alone: spare matrices, so the step's own buffers keep their values
        FMatrixRMaj h2 = new FMatrixRMaj(batch, hidden), z2 = new FMatrixRMaj(batch, classes);
        FMatrixRMaj dw1 = new FMatrixRMaj(in, hidden), dw2 = new FMatrixRMaj(hidden, classes);
        FMatrixRMaj da2 = new FMatrixRMaj(batch, hidden), dx = new FMatrixRMaj(batch, in);
        FMatrixRMaj b1 = new FMatrixRMaj(1, hidden), b2 = new FMatrixRMaj(1, classes);

        Map<String, Runnable> parts = new LinkedHashMap<>();
        parts.put("H = X·W1", () -> p.mult(x, w1, h2));
        parts.put("H += b1", () -> p.addToEachRow(h2, b1));
        parts.put("ReLU forward", () -> relu.forward(h));
        parts.put("Z = A·W2", () -> p.mult(a, w2, z2));
        parts.put("Z += b2", () -> p.addToEachRow(z2, b2));
        parts.put("softmax cross-entropy", () -> loss.forward(z, y));
        parts.put("dW2 += Aᵀ·dZ", () -> p.multAddTransA(a, dz, dw2));
        parts.put("db2 += column sums of dZ", () -> p.addColumnSums(dz, b2));
        parts.put("dA = dZ·W2ᵀ", () -> p.multTransB(dz, w2, da2));
        parts.put("ReLU backward", () -> relu.backward(da));
        parts.put("dW1 += Xᵀ·dH", () -> p.multAddTransA(x, dh, dw1));
        parts.put("db1 += column sums of dH", () -> p.addColumnSums(dh, b1));
        parts.put("dX = dH·W1ᵀ", () -> p.multTransB(dh, w1, dx));
        parts.put("zeroGrad + SGD update", () -> {
            sgd.zeroGrad();
            sgd.step();
        });

        // warm up the whole step for about 1.5 s of CPU time (the JIT compiles the vector code first), then
        // time each part in runs of about 30 ms
        long warmStart = THREAD.getCurrentThreadCpuTime();
        long warmSteps = 0;
        while (THREAD.getCurrentThreadCpuTime() - warmStart < 1_500_000_000L) {
            step.run();
            warmSteps++;
        }
        double stepMicros = (THREAD.getCurrentThreadCpuTime() - warmStart) / 1e3 / warmSteps;
        int reps = (int) Math.max(5, 30_000 / stepMicros);
        double whole = micros(step, reps);
        System.out.printf(Locale.ROOT, "Where the time of one training step goes: %d-%d-%d, batch %d, products: %s%n"
                + "(this thread's CPU time, median of 7; each part alone)%n", in, hidden, classes, batch, p.name());
        StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
                "{%n  \"benchmark\": \"lib-step-parts\",%n  \"widths\": [%d, %d, %d],%n  \"batch\": %d,%n  \"products\": \"%s\",%n"
                        + "  \"clock\": \"thread CPU time, median of 7\",%n  \"whole_step_us\": %.1f,%n  \"parts_us\": {%n",
                in, hidden, classes, batch, p.name(), whole));
        double sum = 0;
        int i = 0;
        for (Map.Entry<String, Runnable> part : parts.entrySet()) {
            double us = micros(part.getValue(), reps);
            sum += us;
            System.out.printf(Locale.ROOT, "  %-26s %8.1f µs  %5.1f%%%n", part.getKey(), us, 100 * us / whole);
            json.append(String.format(Locale.ROOT, "    \"%s\": %.1f%s%n", part.getKey(), us, ++i < parts.size() ? "," : ""));
        }
        System.out.printf(Locale.ROOT, "  %-26s %8.1f µs%n  %-26s %8.1f µs%n", "sum of the parts", sum, "whole step", whole);
        json.append(String.format(Locale.ROOT, "  },%n  \"sum_of_parts_us\": %.1f%n}%n", sum));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json.toString(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
