package org.paramlab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.data.Dataset;
import org.paramlab.init.Initializers;
import org.paramlab.layers.Dense;

import tech.tablesaw.api.Table;

class MetricsTest {

    // scores for 4 examples and 3 classes; predicted classes 0, 2, 1, 2
    static final FMatrixRMaj SCORES = new FMatrixRMaj(new float[][] {
            {2.0f, 0.1f, -1f}, {0f, 0.5f, 0.7f}, {-3f, 4f, 1f}, {0.2f, 0.1f, 0.3f}});
    // true classes 0, 2, 2, 1
    static final FMatrixRMaj ONE_HOT = new FMatrixRMaj(new float[][] {
            {1, 0, 0}, {0, 0, 1}, {0, 0, 1}, {0, 1, 0}});

    @Test
    void accuracyCountsArgmaxMatches() {
        assertEquals(0.5, Metrics.accuracy(SCORES, ONE_HOT));
        assertEquals(2.0, Metrics.accuracy().total(SCORES, ONE_HOT), "total = number correct");
    }

    @Test
    void binaryAccuracyReadsOneLogitColumn() {
        FMatrixRMaj logits = new FMatrixRMaj(new float[][] {{2f}, {-1f}, {0.1f}, {-0.1f}, {0f}});
        FMatrixRMaj labels = new FMatrixRMaj(new float[][] {{1}, {0}, {0}, {1}, {0}});
        // z > 0 means class 1: predictions 1, 0, 1, 0, 0 -> correct, correct, wrong, wrong, correct
        assertEquals(0.6, Metrics.accuracy(logits, labels), 1e-12);
    }

    @Test
    void mseAndMaeByHand() {
        FMatrixRMaj prediction = new FMatrixRMaj(new float[][] {{1, 2}, {3, 5}});
        FMatrixRMaj target = new FMatrixRMaj(new float[][] {{1, 4}, {0, 5}});
        // errors 0, -2, 3, 0
        assertEquals((0 + 4 + 9 + 0) / 4.0, Metrics.mse(prediction, target), 1e-12);
        assertEquals((0 + 2 + 3 + 0) / 4.0, Metrics.mae(prediction, target), 1e-12);
        // batch totals add up to the whole: first row alone + second row alone
        FMatrixRMaj p0 = new FMatrixRMaj(new float[][] {{1, 2}});
        FMatrixRMaj t0 = new FMatrixRMaj(new float[][] {{1, 4}});
        FMatrixRMaj p1 = new FMatrixRMaj(new float[][] {{3, 5}});
        FMatrixRMaj t1 = new FMatrixRMaj(new float[][] {{0, 5}});
        assertEquals(Metrics.mse().total(prediction, target), Metrics.mse().total(p0, t0) + Metrics.mse().total(p1, t1), 1e-12);
    }

    @Test
    void confusionMatrixTable() {
        int[][] counts = Metrics.confusionCounts(SCORES, ONE_HOT);
        assertArrayEquals(new int[] {1, 0, 0}, counts[0]);
        assertArrayEquals(new int[] {0, 0, 1}, counts[1]);
        assertArrayEquals(new int[] {0, 1, 1}, counts[2]);

        Table table = Metrics.confusionMatrix(SCORES, ONE_HOT, List.of("cat", "dog", "fish"));
        assertEquals(List.of("actual \\ predicted", "cat", "dog", "fish"), table.columnNames());
        assertEquals(List.of("cat", "dog", "fish"), table.stringColumn(0).asList());
        assertEquals(1, table.intColumn("fish").getInt(1), "one dog predicted as fish");
        assertEquals(1, table.intColumn("dog").getInt(2), "one fish predicted as dog");
        assertEquals("confusion matrix: 3 classes but 2 class names [cat, dog]",
                assertThrows(IllegalArgumentException.class,
                        () -> Metrics.confusionMatrix(SCORES, ONE_HOT, List.of("cat", "dog"))).getMessage());
    }

    @Test
    void confusionMatrixOfAModel() {
        // a fixed model: score of class j = x_j (identity weights)
        Dense model = new Dense("identity", 3, 3, Initializers.zeros(), Initializers.zeros(), 0);
        for (int j = 0; j < 3; j++) {
            model.weights().value().set(j, j, 1f);
        }
        Dataset data = Dataset.ofClasses(SCORES.copy(), new int[] {0, 2, 2, 1}, "cat", "dog", "fish");
        Table table = Metrics.confusionMatrix(model, data);
        assertEquals(1, table.intColumn("cat").getInt(0));
        assertEquals(0.5, Metrics.accuracy(model, data));
    }

    @Test
    void shapeMismatchIsNamed() {
        assertEquals("accuracy: prediction is 4x3 but target is 4x2; they must have the same shape",
                assertThrows(IllegalArgumentException.class,
                        () -> Metrics.accuracy(SCORES, new FMatrixRMaj(4, 2))).getMessage());
        assertEquals("mae: prediction is 4x3 but target is 3x3; they must have the same shape",
                assertThrows(IllegalArgumentException.class, () -> Metrics.mae(SCORES, new FMatrixRMaj(3, 3))).getMessage());
    }
}
