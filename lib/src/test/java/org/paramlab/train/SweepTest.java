package org.paramlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Dense;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.metrics.Metrics;
import org.paramlab.optim.Adam;

import tech.tablesaw.api.Table;

/** Rows measured after training, the tables they make, and mean ± sd over runs with one name. */
class SweepTest {

    /** Two classes split by the sign of x0. */
    static Dataset signs(int n, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        FMatrixRMaj x = new FMatrixRMaj(n, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float a = (float) rng.nextGaussian();
            x.set(i, 0, a);
            x.set(i, 1, (float) rng.nextGaussian());
            labels[i] = a > 0 ? 1 : 0;
        }
        return Dataset.ofClasses(x, labels, "neg", "pos");
    }

    static Sequential mlp(int width, long seed) {
        return new Sequential(new Dense("h", 2, width, seed), new ReLU(), new Dense("out", width, 2, seed + 1));
    }

    static History fit(Sequential model, Dataset train, Dataset validation, int epochs) {
        return new Trainer(model, new SoftmaxCrossEntropy(), new Adam(model.parameters(), 0.05f))
                .epochs(epochs).seed(1).fit(train, validation);
    }

    @Test
    void rowsHoldTheModelSizeAndItsScoresAfterTraining() {
        Dataset train = signs(200, 1);
        Dataset validation = signs(100, 2);
        Dataset test = signs(100, 3);
        Sweep sweep = new Sweep("widths", train, validation, test);
        Sequential untrained = mlp(4, 9);
        double before = Metrics.accuracy(untrained, test);
        long[] training = new long[2];  // the supplier's own start and end, System.nanoTime()
        long callStart = System.nanoTime();
        Sweep.Row row = sweep.run("width 4", untrained, () -> {
            training[0] = System.nanoTime();
            History history = fit(untrained, train, validation, 20);
            training[1] = System.nanoTime();
            return history;
        });
        long callEnd = System.nanoTime();
        assertEquals(2 * 4 + 4 + 4 * 2 + 2, row.parameters(), "(2+1)*4 + (4+1)*2 weights and biases");
        assertEquals(200, row.examples());
        assertEquals(20, row.epochs());
        assertEquals(Metrics.accuracy(untrained, train), row.train(), 0.0);
        assertEquals(Metrics.accuracy(untrained, validation), row.validation(), 0.0);
        assertEquals(Metrics.accuracy(untrained, test), row.test(), 0.0);
        assertTrue(row.test() > 0.9 && row.test() > before, "scored after training: " + row.test() + " vs " + before);
        // seconds is the training's time, in seconds: at least what the supplier measured around itself,
        // at most the whole run call (training and scoring); a time in ms or ns, or of nothing, falls outside.
        double trainingSeconds = (training[1] - training[0]) / 1e9, callSeconds = (callEnd - callStart) / 1e9;
        assertTrue(trainingSeconds <= row.seconds() && row.seconds() <= callSeconds,
                "seconds " + row.seconds() + " should lie between the training's " + trainingSeconds
                        + " s and the whole call's " + callSeconds + " s");

        Sequential wide = mlp(32, 9);
        Dataset few = train.subset(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Sweep.Row small = sweep.run("width 32, 10 examples", wide, few, () -> fit(wide, few, validation, 50));
        assertEquals(10, small.examples());
        assertEquals(Metrics.accuracy(wide, few), small.train(), 0.0, "train score on the data it trained on");

        Table table = sweep.table();
        assertEquals(List.of("run", "parameters", "examples", "epochs", "train", "validation", "test", "seconds"),
                table.columnNames());
        assertEquals(2, table.rowCount());
        assertEquals(22L, table.longColumn("parameters").get(0));
        assertEquals(table.columnNames().subList(0, 7), sweep.scores().columnNames(), "scores: no seconds");
        assertArrayEquals(new double[] {22, 32 * 3 + 33 * 2}, sweep.column("parameters"));
        assertTrue(table.doubleColumn("test").getString(0).matches("[01]\\.\\d{3}"),
                "scores print with 3 decimals: " + table.doubleColumn("test").getString(0));
        assertTrue(sweep.toString().contains("width 4"), sweep.toString());
    }

    @Test
    void summaryGivesMeanAndSampleSdPerName() {
        Dataset d = signs(20, 1);
        Sweep sweep = new Sweep("seeds", d, d, d);
        sweep.add(new Sweep.Row("a", 10, 20, 5, 1.0, 0.8, 0.70, 0.1));
        sweep.add(new Sweep.Row("a", 10, 20, 5, 1.0, 0.9, 0.80, 0.1));
        sweep.add(new Sweep.Row("a", 10, 20, 5, 1.0, 1.0, 0.90, 0.1));
        sweep.add(new Sweep.Row("b", 30, 20, 5, 0.5, 0.5, 0.50, 0.1));
        Table summary = sweep.summary();
        assertEquals(2, summary.rowCount());
        assertEquals("a", summary.stringColumn("run").get(0));
        assertEquals(3, summary.intColumn("runs").get(0));
        assertEquals(0.80, summary.doubleColumn("test_mean").get(0), 1e-12);
        assertEquals(0.10, summary.doubleColumn("test_sd").get(0), 1e-12, "sqrt((0.01 + 0 + 0.01) / 2)");
        assertEquals(0.0, summary.doubleColumn("test_sd").get(1), 0.0, "one run: sd 0");
        assertEquals(30L, summary.longColumn("parameters").get(1));
    }

    @Test
    void clearErrors() {
        Dataset d = signs(20, 1);
        Sweep sweep = new Sweep("s", d, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sweep.column("loss"));
        assertTrue(e.getMessage().contains("loss") && e.getMessage().contains("test"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sweep("s", null, d, d));
        Sequential model = mlp(2, 1);
        Sweep.Row row = sweep.run("no validation", model, () -> null);
        assertTrue(Double.isNaN(row.validation()) && Double.isNaN(row.test()));
        assertEquals(0, row.epochs());
        // a run that diverged is not a result to compare
        Sequential big = mlp(8, 1);
        IllegalStateException diverged = assertThrows(IllegalStateException.class, () -> sweep.run("lr 1e6", big,
                () -> new Trainer(big, new SoftmaxCrossEntropy(), new org.paramlab.optim.SGD(big.parameters(), 1e9f))
                        .epochs(5).fit(d, d)));
        assertTrue(diverged.getMessage().contains("lr 1e6"), diverged.getMessage());
    }
}
