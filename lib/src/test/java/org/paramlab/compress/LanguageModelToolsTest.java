package org.paramlab.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paramlab.core.Parameter;
import org.paramlab.data.Dataset;
import org.paramlab.init.Initializers;
import org.paramlab.io.ModelFile;
import org.paramlab.layers.ContextEmbedding;
import org.paramlab.layers.Dense;
import org.paramlab.layers.PositionEmbedding;
import org.paramlab.layers.Sequential;
import org.paramlab.layers.Sum;
import org.paramlab.layers.Tanh;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.optim.AdamW;
import org.paramlab.summary.HealthCheck;
import org.paramlab.summary.ModelSummary;
import org.paramlab.train.History;
import org.paramlab.train.Trainer;
import org.paramlab.train.WarmupCosine;

import tech.tablesaw.api.Table;

/**
 * The tools of notebooks 05-09 (training, summary, model file, quantization, pruning, distillation,
 * health check) work on notebook 10's kind of model: context embedding + position embedding added
 * to the hidden layer, tanh, output layer.
 */
class LanguageModelToolsTest {

    private static final int VOCAB = 8;
    private static final int CONTEXT = 3;
    private static final int POSITIONS = 6;

    /** A toy language: the next token is (previous + previous-but-one + position) mod VOCAB. */
    private static Dataset toyLanguage(int n, long seed) {
        Random rng = new Random(seed);
        FMatrixRMaj x = new FMatrixRMaj(n, CONTEXT + 1);
        int[] next = new int[n];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < CONTEXT; j++) {
                x.set(r, j, rng.nextInt(VOCAB));
            }
            int pos = rng.nextInt(POSITIONS);
            x.set(r, CONTEXT, pos);
            next[r] = ((int) x.get(r, CONTEXT - 1) + (int) x.get(r, CONTEXT - 2) + pos) % VOCAB;
        }
        String[] names = new String[VOCAB];
        for (int k = 0; k < VOCAB; k++) {
            names[k] = "t" + k;
        }
        return Dataset.ofClasses(x, next, names);
    }

    private static Sequential model(int hidden, boolean position, long seed) {
        Sequential context = new Sequential(new ContextEmbedding("embedding", VOCAB, 4, CONTEXT, seed),
                new Dense("hidden", CONTEXT * 4, hidden, Initializers.xavierUniform(), Initializers.zeros(), seed + 1));
        return new Sequential(
                position ? new Sum("hidden+position", context, new PositionEmbedding("position", POSITIONS, hidden, CONTEXT))
                         : context,
                new Tanh(),
                new Dense("output", hidden, VOCAB, Initializers.xavierUniform(), Initializers.zeros(), seed + 2));
    }

    private static double loss(Sequential model, Dataset data) {
        return Trainer.evaluate(model, new SoftmaxCrossEntropy(), data).loss();
    }

    private static Sequential trained(Dataset train, Dataset validation, boolean position) {
        Sequential model = model(32, position, 1L);
        AdamW adamW = new AdamW(model.parameters(), 0.02f, 0.01f);
        int epochs = 40;
        int steps = epochs * ((train.size() + 31) / 32);
        History h = new Trainer(model, new SoftmaxCrossEntropy(), adamW).epochs(epochs).batchSize(32).seed(3)
                .listener(new WarmupCosine(adamW, 0.02f, 20, steps, 0.002f)).fit(train, validation);
        assertEquals(epochs, h.epochs());
        return model;
    }

    @Test
    void trainsAndThePositionEmbeddingIsWhatMakesThePositionKnown(@TempDir Path dir) throws IOException {
        Dataset train = toyLanguage(1200, 1);
        Dataset validation = toyLanguage(300, 2);
        Sequential withPosition = trained(train, validation, true);
        Sequential without = trained(train, validation, false);
        double uniform = Math.log(VOCAB);
        assertTrue(loss(withPosition, validation) < 0.5 * uniform,
                "with the position: validation loss " + loss(withPosition, validation) + " vs guessing " + uniform);
        // without it the position is unknown, and the next token depends on it: much worse
        assertTrue(loss(without, validation) > loss(withPosition, validation) + 0.5,
                "without position " + loss(without, validation) + ", with " + loss(withPosition, validation));

        // the summary opens the Sum: one row per layer, the position table by name
        Table summary = ModelSummary.of(withPosition);
        assertEquals(List.of("embedding", "hidden", "position", "tanh", "output", "total"),
                summary.stringColumn("layer").asList().stream().map(s -> s.startsWith("tanh") ? "tanh" : s).toList());
        assertEquals(withPosition.parameterCount(), summary.longColumn("parameters").get(5));
        assertEquals(POSITIONS * 32L, summary.longColumn("parameters").get(2));

        // the model file: saved and loaded into a fresh model, the same loss
        Path file = dir.resolve("lm.paramlab");
        ModelFile.save(withPosition, file);
        Sequential loaded = model(32, true, 99L);
        ModelFile.load(loaded, file);
        assertEquals(loss(withPosition, validation), loss(loaded, validation), 1e-6);

        // quantization: every table and matrix (embedding, hidden, position, output) gets codes
        QuantizedModel int8 = Quantizer.int8().quantize(withPosition);
        long quantizedWeights = int8.tensors().stream().filter(t -> t.role() == Parameter.Role.WEIGHT).count();
        assertEquals(4, quantizedWeights);
        Path int8File = dir.resolve("lm-int8.paramlab");
        int8.save(int8File);
        assertTrue(Files.size(int8File) < Files.size(file) / 3, Files.size(int8File) + " vs " + Files.size(file));
        Sequential int8Model = model(32, true, 99L);
        int8.dequantizeInto(int8Model);
        assertEquals(loss(withPosition, validation), loss(int8Model, validation), 0.02);
        Sequential int4Model = model(32, true, 99L);
        Quantizer.int4().perChannel().quantize(withPosition).dequantizeInto(int4Model);
        assertTrue(Math.abs(loss(int4Model, validation) - loss(withPosition, validation)) > 1e-4, "INT4 changes something");

        // pruning reaches the embedding and position tables too
        Sequential pruned = model(32, true, 99L);
        ModelFile.load(pruned, file);
        Pruning.magnitude(pruned, 0.5, Pruning.Scope.LAYER_WISE);
        for (Parameter p : Pruning.weights(pruned)) {
            assertEquals(Math.round(0.5 * p.count()), Sparsity.zeros(p), p.name());
        }

        // the health check reads it as a classifier of the next token
        Path prunedFile = dir.resolve("lm-pruned.paramlab");
        QuantizedModel.fp32(pruned).save(prunedFile);
        Table health = new HealthCheck(validation).add("original", withPosition, file).add("pruned 50 %", pruned, prunedFile).table();
        assertEquals(2, health.rowCount());
        assertEquals(1.0, health.doubleColumn("agreement").get(0), 0);
    }

    @Test
    void aSmallerStudentLearnsFromTheLanguageModel() {
        Dataset train = toyLanguage(1200, 1);
        Dataset validation = toyLanguage(300, 2);
        Sequential teacher = trained(train, validation, true);
        Sequential student = model(8, true, 5L);
        double before = loss(student, validation);
        new Trainer(new DistillationStep(student, teacher, new DistillationLoss(2f, 0.5f),
                new AdamW(student.parameters(), 0.02f, 0.01f))).epochs(20).batchSize(32).seed(4).fit(train, validation);
        assertTrue(loss(student, validation) < before - 0.5, before + " -> " + loss(student, validation));
    }
}
