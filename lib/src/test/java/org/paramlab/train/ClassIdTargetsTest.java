package org.paramlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.compress.DistillationLoss;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Dense;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.metrics.Metrics;
import org.paramlab.metrics.Perplexity;
import org.paramlab.optim.Adam;

/**
 * Class-id targets (one column holding the class number) give exactly the numbers one-hot rows give:
 * the loss, its gradient, the accuracy, the confusion counts, the distillation loss and a whole
 * training run, bit for bit; only the memory differs.
 */
class ClassIdTargetsTest {

    static final int CLASSES = 7;

    static int[] ids(int n, long seed) {
        Random rng = new Random(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = rng.nextInt(CLASSES);
        }
        return ids;
    }

    static FMatrixRMaj random(int rows, int cols, long seed) {
        Random rng = new Random(seed);
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (float) (3 * rng.nextGaussian());
        }
        return m;
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            names.add("c" + c);
        }
        return names;
    }

    static Dataset oneHot(FMatrixRMaj x, int[] y) {
        return Dataset.ofClasses(x, y, names().toArray(new String[0]));
    }

    static Dataset classIds(FMatrixRMaj x, int[] y) {
        List<String> features = new ArrayList<>();
        for (int c = 0; c < x.numCols; c++) {
            features.add("x" + c);
        }
        return Dataset.ofClassIds(x, y, features, "class", names());
    }

    @Test
    void lossAndGradientAreTheOneHotOnesBitForBit() {
        FMatrixRMaj logits = random(33, CLASSES, 1);
        int[] y = ids(33, 2);
        Dataset hot = oneHot(new FMatrixRMaj(33, 1), y);
        Dataset id = classIds(new FMatrixRMaj(33, 1), y);
        SoftmaxCrossEntropy a = new SoftmaxCrossEntropy();
        SoftmaxCrossEntropy b = new SoftmaxCrossEntropy();
        assertEquals(a.forward(logits, hot.targets()), b.forward(logits, id.targets()));
        assertArrayEquals(a.backward().data, b.backward().data);
        assertEquals(33, b.backward().numRows);
        assertEquals(CLASSES, b.backward().numCols);
    }

    @Test
    void datasetKeepsOneNumberPerExampleAndItsLabels() {
        int[] y = ids(20, 3);
        Dataset id = classIds(random(20, 4, 4), y);
        assertTrue(id.hasClassIds());
        assertTrue(id.isClassification());
        assertEquals(1, id.numTargets());
        assertArrayEquals(y, id.labels());
        assertArrayEquals(new int[] {y[5], y[2]}, id.subset(5, 2).labels());
        assertFalse(oneHot(random(20, 4, 4), y).hasClassIds());
    }

    @Test
    void badClassIdsAreRejectedWithWhereAndWhat() {
        FMatrixRMaj x = new FMatrixRMaj(3, 2);
        var error = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofClassIds(x, new int[] {0, 7, 1}, List.of("a", "b"), "class", names()));
        assertTrue(error.getMessage().contains("7"), error.getMessage());
        FMatrixRMaj column = new FMatrixRMaj(new float[][] {{0}, {2.5f}});
        var lossError = assertThrows(IllegalArgumentException.class,
                () -> new SoftmaxCrossEntropy().forward(random(2, CLASSES, 5), column));
        assertTrue(lossError.getMessage().contains("row 1") && lossError.getMessage().contains("2.5"), lossError.getMessage());
        var rowsError = assertThrows(IllegalArgumentException.class,
                () -> new SoftmaxCrossEntropy().forward(random(3, CLASSES, 5), column));
        assertTrue(rowsError.getMessage().contains("3 rows"), rowsError.getMessage());
    }

    @Test
    void accuracyConfusionAndPerplexityReadClassIds() {
        FMatrixRMaj logits = random(40, CLASSES, 6);
        int[] y = ids(40, 7);
        Dataset hot = oneHot(new FMatrixRMaj(40, 1), y);
        Dataset id = classIds(new FMatrixRMaj(40, 1), y);
        assertEquals(Metrics.accuracy(logits, hot.targets()), Metrics.accuracy(logits, id.targets()));
        assertTrue(Metrics.accuracy(logits, id.targets()) > 0.0);   // random logits still hit some
        int[][] a = Metrics.confusionCounts(logits, hot.targets());
        int[][] b = Metrics.confusionCounts(logits, id.targets());
        for (int r = 0; r < CLASSES; r++) {
            assertArrayEquals(a[r], b[r]);
        }
        assertEquals(Perplexity.crossEntropy().total(logits, hot.targets()), Perplexity.crossEntropy().total(logits, id.targets()));
        // mse never reads a column of ids as classes
        assertThrows(IllegalArgumentException.class, () -> Metrics.mse(logits, id.targets()));
    }

    @Test
    void distillationTakesClassIdsAsLabels() {
        FMatrixRMaj student = random(16, CLASSES, 8);
        FMatrixRMaj teacher = random(16, CLASSES, 9);
        int[] y = ids(16, 10);
        DistillationLoss a = new DistillationLoss(2f, 0.5f);
        DistillationLoss b = new DistillationLoss(2f, 0.5f);
        assertEquals(a.forward(student, teacher, oneHot(new FMatrixRMaj(16, 1), y).targets()),
                b.forward(student, teacher, classIds(new FMatrixRMaj(16, 1), y).targets()));
        assertArrayEquals(a.backward().data, b.backward().data);
    }

    @Test
    void trainingOnClassIdsIsTrainingOnOneHotRows() {
        FMatrixRMaj x = random(120, 5, 11);
        int[] y = new int[120];
        for (int i = 0; i < y.length; i++) {                 // a learnable rule: the class follows the largest feature
            int best = 0;
            for (int c = 1; c < 5; c++) {
                if (x.get(i, c) > x.get(i, best)) {
                    best = c;
                }
            }
            y[i] = best;
        }
        History hot = fit(oneHot(x, y));
        History id = fit(classIds(x, y));
        assertArrayEquals(hot.trainLoss(), id.trainLoss());
        assertArrayEquals(hot.trainMetric(), id.trainMetric());
        assertEquals("accuracy", id.metricName());
        assertTrue(id.trainMetric()[id.epochs() - 1] > 0.8, "learned: " + id.trainMetric()[id.epochs() - 1]);
    }

    static History fit(Dataset data) {
        Sequential model = new Sequential(new Dense("hidden", 5, 16, 1), new ReLU(), new Dense("out", 16, CLASSES, 2));
        return new Trainer(model, new SoftmaxCrossEntropy(), new Adam(model.parameters(), 0.01f))
                .epochs(30).batchSize(16).seed(3).fit(data);
    }
}
