package org.paramlab.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paramlab.data.Dataset;
import org.paramlab.io.ModelFile;
import org.paramlab.layers.Dense;
import org.paramlab.layers.Sequential;

import tech.tablesaw.api.Table;

class HealthCheckTest {

    @TempDir
    Path dir;

    /** 3 classes; class c has its feature c large. 40 examples: 20 of class 0, 10 of 1, 10 of 2. */
    static Dataset data() {
        int n = 40;
        FMatrixRMaj x = new FMatrixRMaj(n, 3);
        int[] labels = new int[n];
        Random rng = new Random(1);
        for (int i = 0; i < n; i++) {
            labels[i] = i < 20 ? 0 : i < 30 ? 1 : 2;
            for (int f = 0; f < 3; f++) {
                x.set(i, f, (float) (0.1 * rng.nextGaussian() + (f == labels[i] ? 1 : 0)));
            }
        }
        return Dataset.ofClasses(x, labels, "zero", "one", "two");
    }

    /** A model that copies its features to the scores: always right on {@link #data()}. */
    static Dense identity() {
        Dense d = new Dense("d", 3, 3, 1);
        d.weights().value().zero();
        for (int i = 0; i < 3; i++) {
            d.weights().value().set(i, i, 1);
        }
        d.bias().value().zero();
        return d;
    }

    @Test
    void theTableMeasuresEachModelAgainstTheOriginal() throws IOException {
        Dataset test = data();
        Dense original = identity();
        Path originalFile = dir.resolve("original.plm");
        ModelFile.save(original, originalFile);

        Dense blind = identity();                          // never predicts class "two": its column is dropped
        blind.weights().value().set(2, 2, 0);
        blind.bias().value().set(0, 2, -5);
        Path blindFile = dir.resolve("blind.plm");
        Files.write(blindFile, new byte[100]);             // any file: the size is what counts

        Table t = new HealthCheck(test).add("original", original, originalFile).add("blind", blind, blindFile).table();
        assertEquals(List.of("model", "non-zero parameters", "file bytes", "× smaller", "accuracy", "95% low", "95% high",
                "worst class", "worst recall", "agreement", HealthCheck.TIME_COLUMN), t.columnNames());
        assertEquals(3, t.longColumn("non-zero parameters").get(0));
        assertEquals(3, t.longColumn("non-zero parameters").get(1), "two weights and one bias are not 0");
        assertEquals(Files.size(originalFile), t.longColumn("file bytes").get(0));
        assertEquals(Files.size(originalFile) / 100.0, t.doubleColumn("× smaller").get(1), 1e-12);
        assertEquals(1.0, t.doubleColumn("accuracy").get(0));
        assertEquals(0.75, t.doubleColumn("accuracy").get(1), "the 10 examples of class two are missed");
        assertEquals("two", t.stringColumn("worst class").get(1));
        assertEquals(0.0, t.doubleColumn("worst recall").get(1));
        assertEquals(1.0, t.doubleColumn("agreement").get(0));
        assertEquals(0.75, t.doubleColumn("agreement").get(1));
        assertTrue(t.doubleColumn(HealthCheck.TIME_COLUMN).get(0) > 0);
        assertArrayEquals(HealthCheck.wilson(30, 40), new double[] {t.doubleColumn("95% low").get(1), t.doubleColumn("95% high").get(1)});

        Table recall = new HealthCheck(test).add("original", original, originalFile).add("blind", blind, blindFile).recallByClass();
        assertEquals(List.of("class", "examples", "original", "blind"), recall.columnNames());
        assertEquals(List.of(1.0, 1.0, 0.0), recall.doubleColumn("blind").asList());
        assertEquals(List.of(20L, 10L, 10L), recall.longColumn("examples").asList());
    }

    @Test
    void wilsonIntervalMatchesTheTextbook() {
        double[] ci = HealthCheck.wilson(8, 10);
        assertEquals(0.4902, ci[0], 1e-4);
        assertEquals(0.9433, ci[1], 1e-4);
        double[] all = HealthCheck.wilson(270, 270);
        assertEquals(1.0, all[1]);
        assertEquals(0.9860, all[0], 1e-4, "not 0 wide at 100 %");
        assertEquals("wilson interval: needs 0 <= successes <= n and n >= 1, got 5 of 4",
                assertThrows(IllegalArgumentException.class, () -> HealthCheck.wilson(5, 4)).getMessage());
    }

    @Test
    void missingPiecesAreNamed() {
        Dataset test = data();
        Path nowhere = dir.resolve("never-saved.plm");
        assertEquals("health check: the file of 'x' does not exist: " + nowhere
                        + " (save the model first; the size reported is the file's)",
                assertThrows(IllegalArgumentException.class, () -> new HealthCheck(test).add("x", identity(), nowhere)).getMessage());
        assertEquals("health check: no models added; add the original first, then its slimmed versions",
                assertThrows(IllegalStateException.class, () -> new HealthCheck(test).table()).getMessage());
    }
}
