package org.paramlab.core;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;

/**
 * What cutting a product into more bands costs: the forward product and the weight gradient of a 784 -> 512 layer
 * (X·W and dW += X^T·dY) at batch 32, 128 and 512, on one thread and on two threads with 1, 2 and 3 bands per
 * thread. Each band packs its own copy of the other operand, so more bands cost CPU time. The settings take turns,
 * round after round, so that other work on the machine hits them alike; for each, the median of the rounds of the
 * process's CPU time (all threads, spinning included) and of the wall clock, per pair of products.
 * (In package org.paramlab.core: it sets the cut, which only the tests may.)
 *
 * <p>Run by {@code scripts/bench-lib.sh}; argument: [output JSON] (default target/bench/lib-product-bands.json).
 */
public final class ProductBandsBench {

    private static final int ROUNDS = 9;

    private ProductBandsBench() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args.length > 0 ? args[0] : "target/bench/lib-product-bands.json");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String[] names = {"1 thread", "2 threads, 1 band each", "2 threads, 2 bands each", "2 threads, 3 bands each"};
        ProductThreads two = new ProductThreads(2);
        MatrixProducts[] settings = {new VectorProducts(1, VectorProducts.SMALL), new VectorProducts(VectorProducts.SMALL, 2, two),
                new VectorProducts(VectorProducts.SMALL, 4, two), new VectorProducts(VectorProducts.SMALL, 6, two)};
        Random rng = new Random(1);
        StringBuilder json = new StringBuilder(String.format(Locale.ROOT, "{%n  \"what\": \"X(b x 784) W(784 x 512) and dW += X^T dY, "
                + "us per pair, median of %d rounds\",%n  \"load_before\": %.2f,%n  \"rows\": [%n", ROUNDS, os.getSystemLoadAverage()));
        System.out.printf(Locale.ROOT, "Products 784 -> 512 (forward + dW), cut into bands; process CPU / wall, us per pair, median of %d"
                + " rounds (load %.1f)%n", ROUNDS, os.getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%-7s", "batch");
        for (String name : names) {
            System.out.printf(Locale.ROOT, " %26s", name);
        }
        System.out.println();
        int[] batches = {32, 128, 512};
        for (int bi = 0; bi < batches.length; bi++) {
            int batch = batches[bi];
            FMatrixRMaj x = random(rng, batch, 784), w = random(rng, 784, 512), y = new FMatrixRMaj(batch, 512);
            FMatrixRMaj dy = random(rng, batch, 512), dw = new FMatrixRMaj(784, 512);
            int reps = 20_000 / batch;
            long[][] cpu = new long[settings.length][ROUNDS], wall = new long[settings.length][ROUNDS];
            for (MatrixProducts p : settings) {                     // warm-up: the JIT compiles the products
                for (int i = 0; i < 2 * reps; i++) {
                    p.mult(x, w, y);
                    p.multAddTransA(x, dy, dw);
                }
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (int s = 0; s < settings.length; s++) {
                    long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        settings[s].mult(x, w, y);
                        settings[s].multAddTransA(x, dy, dw);
                    }
                    cpu[s][round] = (os.getProcessCpuTime() - cpu0) / reps;
                    wall[s][round] = (System.nanoTime() - wall0) / reps;
                }
            }
            System.out.printf(Locale.ROOT, "%-7d", batch);
            json.append(String.format(Locale.ROOT, "    {\"batch\": %d", batch));
            for (int s = 0; s < settings.length; s++) {
                Arrays.sort(cpu[s]);
                Arrays.sort(wall[s]);
                double cpuUs = cpu[s][ROUNDS / 2] / 1e3, wallUs = wall[s][ROUNDS / 2] / 1e3;
                System.out.printf(Locale.ROOT, " %13.0f / %10.0f", cpuUs, wallUs);
                json.append(String.format(Locale.ROOT, ", \"%s\": {\"cpu_us\": %.0f, \"wall_us\": %.0f}", names[s], cpuUs, wallUs));
            }
            System.out.println();
            json.append(bi + 1 < batches.length ? "},\n" : "}\n");
        }
        json.append(String.format(Locale.ROOT, "  ],%n  \"load_after\": %.2f%n}%n", os.getSystemLoadAverage()));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json.toString(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    private static FMatrixRMaj random(Random rng, int rows, int cols) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (float) rng.nextGaussian();
        }
        return m;
    }
}
