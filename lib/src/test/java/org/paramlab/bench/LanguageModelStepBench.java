package org.paramlab.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.MatrixProducts;
import org.paramlab.init.Initializers;
import org.paramlab.layers.ContextEmbedding;
import org.paramlab.layers.Dense;
import org.paramlab.layers.PositionEmbedding;
import org.paramlab.layers.Sequential;
import org.paramlab.layers.Sum;
import org.paramlab.layers.Tanh;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.optim.AdamW;

/**
 * Steps per second of notebook 10's language model (6 x 32 embeddings, position, tanh hidden layer,
 * output over 2,004 tokens), batch 256, AdamW: what the notebook's time budget is planned with.
 * Wall clock, median of repetitions (the machine is shared; note its load beside the figure).
 *
 * <p>Run: {@code scripts/mvn -B -q -pl lib test-compile}, then java with the test classpath and
 * {@code --add-modules jdk.incubator.vector}: {@code LanguageModelStepBench [hidden ...]} (default 256 128).
 */
public final class LanguageModelStepBench {

    private static final int VOCAB = 2004;
    private static final int BATCH = 256;

    public static void main(String[] args) {
        int[] hiddens = args.length == 0 ? new int[] {256, 128} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("products: " + MatrixProducts.get().name() + "; batch " + BATCH + ", vocab " + VOCAB);
        for (int hidden : hiddens) {
            measure(hidden);
        }
    }

    private static void measure(int hidden) {
        Sequential model = new Sequential(
                new Sum("hidden+position",
                        new Sequential(new ContextEmbedding("embedding", VOCAB, 32, 6, 1L),
                                new Dense("hidden", 192, hidden, Initializers.xavierUniform(), Initializers.zeros(), 2L)),
                        new PositionEmbedding("position", 25, hidden, 6)),
                new Tanh(),
                new Dense("output", hidden, VOCAB, Initializers.xavierUniform(), Initializers.zeros(), 3L));
        Random rng = new Random(4);
        FMatrixRMaj x = new FMatrixRMaj(BATCH, 7);
        FMatrixRMaj y = new FMatrixRMaj(BATCH, VOCAB);
        for (int r = 0; r < BATCH; r++) {
            for (int j = 0; j < 6; j++) {
                x.set(r, j, rng.nextInt(VOCAB));
            }
            x.set(r, 6, rng.nextInt(25));
            y.set(r, rng.nextInt(VOCAB), 1f);
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        AdamW optimizer = new AdamW(model.parameters(), 3e-3f, 1f);
        Runnable step = () -> {
            optimizer.zeroGrad();
            loss.forward(model.forward(x), y);
            model.backward(loss.backward());
            optimizer.step();
        };
        for (int i = 0; i < 20; i++) {
            step.run();                                   // warm-up: JIT
        }
        double[] rates = new double[7];
        for (int rep = 0; rep < rates.length; rep++) {
            int steps = 20;
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.run();
            }
            rates[rep] = steps / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(rates);
        double median = rates[rates.length / 2];
        // the three big products of the output layer plus those of the hidden layer, 2 flops per multiply-add
        double flops = 3 * 2.0 * BATCH * ((double) hidden * VOCAB + 192.0 * hidden);
        System.out.printf(Locale.ROOT, "hidden %4d: %,d parameters, %.1f steps/s (median of %d; range %.1f..%.1f), "
                        + "%.1f GFLOP/s in the products, 4,000 steps ~ %.0f s%n",
                hidden, model.parameterCount(), median, rates.length, rates[0], rates[rates.length - 1],
                flops * median / 1e9, 4000 / median);
    }
}
