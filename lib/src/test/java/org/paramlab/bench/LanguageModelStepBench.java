package org.paramlab.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * One training step of notebook 10's language model, timed as {@link TrainingStepBench} times its steps:
 * what the notebook's time budget is planned with, and what scripts/bench_lm_peers.py does in NumPy and PyTorch.
 * <pre>
 *   h      = tanh(concat(E[c1..c6])·W1 + b1 + P[pos])     E: 2,004 x 32, W1: 192 x H, P: 25 x H
 *   logits = h·W2 + b2                                    W2: H x 2,004
 *   loss   = softmax cross-entropy on the next character's class id; AdamW (lr 3e-3, decay 1)
 * </pre>
 * Batch 256, H = 256 (the notebook's model) unless other widths are given. Warm-up, then the median of
 * {@link TrainingStepBench#REPETITIONS} repetitions of about a quarter of a second, on this thread's CPU time
 * (one thread: {@code -Dparamlab.threads=1}, as scripts/bench-lib.sh runs it).
 *
 * <p>FLOPs are the six matrix products of the two Dense layers (per layer X·W, X^T·dY, dY·W^T), 2 flops per
 * multiply-add: {@code 6 · B · (192·H + H·V)}. That is notebook 10's training compute, 6·N per token with N
 * the two Dense layers' parameters, without their biases (which add 0.4 %); the look-ups are not multiplied.
 *
 * <p>Run: {@code scripts/bench-lib.sh}. Arguments: [output JSON] [hidden ...] (default
 * target/bench/lib-lm-step.json 256).
 */
public final class LanguageModelStepBench {

    static final int VOCAB = 2004;
    static final int CONTEXT = 6;
    static final int DIM = 32;
    static final int POSITIONS = 25;
    static final int BATCH = 256;
    static final float LEARNING_RATE = 3e-3f;
    static final float WEIGHT_DECAY = 1f;

    private record Result(int hidden, long parameters, double stepsPerSecond, double minSteps, double maxSteps) {
        /** 2 flops per multiply-add, 3 products per Dense layer (forward, dW, dX). */
        double flopsPerStep() {
            return 3 * 2.0 * BATCH * ((double) CONTEXT * DIM * hidden + (double) hidden * VOCAB);
        }

        double gflops() {
            return flopsPerStep() * stepsPerSecond / 1e9;
        }
    }

    private LanguageModelStepBench() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args.length > 0 ? args[0] : "target/bench/lib-lm-step.json");
        int[] hiddens = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {256};
        double peak = MatrixProducts.measuredPeakGflops();
        System.out.println("Language-model step of notebook 10 (6 x 32 context embedding, position embedding, tanh, "
                + "output over " + VOCAB + " tokens, AdamW), batch " + BATCH + "; products: " + TrainingStepBench.PRODUCTS
                + "; " + (TrainingStepBench.WALL_CLOCK ? "wall clock, best" : "thread CPU time, median") + " of "
                + TrainingStepBench.REPETITIONS);
        TrainingStepBench.crossCoreAtStart();
        System.out.printf(Locale.ROOT, "%-7s %11s %10s %9s %17s %8s %16s%n", "hidden", "parameters", "steps/s", "ms/step",
                "range steps/s", "GFLOP/s", "4,000 steps");
        List<Result> results = new ArrayList<>();
        for (int hidden : hiddens) {
            Result r = measure(hidden);
            results.add(r);
            System.out.printf(Locale.ROOT, "%-7d %,11d %10.1f %9.2f %8.1f..%-8.1f %8.1f %14.0f s%n", hidden, r.parameters,
                    r.stepsPerSecond, 1e3 / r.stepsPerSecond, r.minSteps, r.maxSteps, r.gflops(), 4000 / r.stepsPerSecond);
        }
        System.out.printf(Locale.ROOT, "machine limit here: %.0f GFLOP/s per core%n", peak);
        TrainingStepBench.crossCoreAtEnd();
        TrainingStepBench.write(out, json(results, peak));
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** The notebook's languageModel(hidden, true, seed 1). */
    static Sequential model(int hidden) {
        return new Sequential(
                new Sum("hidden + position",
                        new Sequential(new ContextEmbedding("embedding", VOCAB, DIM, CONTEXT, 1L),
                                new Dense("hidden", CONTEXT * DIM, hidden, Initializers.xavierUniform(), Initializers.zeros(), 2L)),
                        new PositionEmbedding("position", POSITIONS, hidden, CONTEXT)),
                new Tanh(),
                new Dense("output", hidden, VOCAB, Initializers.xavierUniform(), Initializers.zeros(), 3L));
    }

    private static Result measure(int hidden) {
        Sequential model = model(hidden);
        // inputs as NextCharacterExamples gives them: 6 previous ids, then the position; targets as class ids
        Random rng = new Random(4);
        FMatrixRMaj x = new FMatrixRMaj(BATCH, CONTEXT + 1);
        FMatrixRMaj y = new FMatrixRMaj(BATCH, 1);
        for (int r = 0; r < BATCH; r++) {
            for (int j = 0; j < CONTEXT; j++) {
                x.set(r, j, rng.nextInt(VOCAB));
            }
            x.set(r, CONTEXT, rng.nextInt(POSITIONS));
            y.set(r, 0, rng.nextInt(VOCAB));
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        AdamW optimizer = new AdamW(model.parameters(), LEARNING_RATE, WEIGHT_DECAY);
        TrainingStepBench.Step step = () -> {
            optimizer.zeroGrad();
            loss.forward(model.forward(x), y);
            model.backwardParametersOnly(loss.backward());   // as the Trainer does
            optimizer.step();
        };
        long steps = TrainingStepBench.calibrate(step);          // warm-up: about a second
        double[] seconds = new double[TrainingStepBench.REPETITIONS];
        for (int rep = 0; rep < seconds.length; rep++) {
            seconds[rep] = TrainingStepBench.timeSteps(step, steps) / steps;
        }
        double perStep = TrainingStepBench.WALL_CLOCK ? TrainingStepBench.min(seconds) : TrainingStepBench.median(seconds);
        double slowest = Arrays.stream(seconds).max().orElse(Double.NaN);
        return new Result(hidden, model.parameterCount(), 1 / perStep, 1 / slowest, 1 / TrainingStepBench.min(seconds));
    }

    private static String json(List<Result> results, double peak) {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"benchmark\": \"lib-lm-step\",\n");
        json.append("  \"description\": \"one training step (zeroGrad, forward, softmax cross-entropy on class ids, backward, "
                + "AdamW) of notebook 10's language model: 6 x 32 context embedding, Dense 192 x hidden + position embedding "
                + POSITIONS + " x hidden, tanh, Dense hidden x " + VOCAB + "\",\n");
        json.append("  \"optimizer\": \"AdamW lr 3e-3, weight decay 1, betas 0.9/0.999, eps 1e-8\",\n");
        TrainingStepBench.appendMethod(json, peak);
        json.append("  \"threads\": ").append(TrainingStepBench.THREADS).append(",\n");
        json.append("  \"flops_counted\": \"the six matrix products of the two Dense layers (forward, dW, dX each), 2 flops "
                + "per multiply-add: 6 * batch * (192 * hidden + hidden * vocab); notebook 10's 6 * N per token with N the two "
                + "Dense layers' parameters, less their biases; embedding look-ups not counted\",\n");
        json.append("  \"results\": [\n");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            json.append(String.format(Locale.ROOT,
                    "    {\"hidden\": %d, \"batch\": %d, \"vocab\": %d, \"parameters\": %d, \"steps_per_s\": %.2f, "
                            + "\"ms_per_step\": %.3f, \"flops_per_step\": %.0f, \"gflops\": %.2f, "
                            + "\"steps_per_s_range\": [%.2f, %.2f]}%s%n",
                    r.hidden, BATCH, VOCAB, r.parameters, r.stepsPerSecond, 1e3 / r.stepsPerSecond, r.flopsPerStep(),
                    r.gflops(), r.minSteps, r.maxSteps, i + 1 < results.size() ? "," : ""));
        }
        json.append("  ]\n}\n");
        return json.toString();
    }
}
