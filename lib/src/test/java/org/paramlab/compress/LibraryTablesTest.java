package org.paramlab.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paramlab.core.Language;
import org.paramlab.data.Dataset;
import org.paramlab.io.ModelFile;
import org.paramlab.layers.Dense;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;
import org.paramlab.summary.HealthCheck;

import tech.tablesaw.api.Table;

/**
 * The tables the library builds row by row (Sparsity.table, PruningMask.table and toString, PruningSchedule's table,
 * HealthCheck.table without its time column) print exactly as the committed library-tables.txt, written by
 * library-tables.jsh with the code before they were built with SmallTable: the same column types, the same text,
 * in English and in Chinese. (QuantizedModel.errors() is held the same way by CompressedModelFilesTest.)
 */
class LibraryTablesTest {

    @TempDir
    Path dir;

    @AfterEach
    void english() {
        Language.use("en");
    }

    static String shown(Table t) {
        return t.structure().printAll() + "\n" + t.printAll() + "\n";
    }

    static Sequential model() {
        return new Sequential(new Dense("hidden", 20, 12, 7), new ReLU(), new Dense("output", 12, 3, 8));
    }

    static Dataset data() {
        FMatrixRMaj x = new FMatrixRMaj(30, 20);
        int[] labels = new int[30];
        Random rng = new Random(3);
        for (int i = 0; i < 30; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 20; j++) {
                x.set(i, j, (float) rng.nextGaussian() + (j % 3 == labels[i] ? 1f : 0f));
            }
        }
        return Dataset.ofClasses(x, labels, "zero", "one", "two");
    }

    String tables() throws IOException {
        StringBuilder s = new StringBuilder();
        Sequential model = model();
        PruningMask mask = Pruning.magnitude(model, 0.7, Pruning.Scope.GLOBAL);
        s.append(shown(Sparsity.table(model))).append(shown(mask.table())).append(mask).append("\n\n");
        PruningSchedule.Result result = new PruningSchedule(Pruning.Scope.LAYER_WISE, 0.5, 0.8).run(model(), data(), m -> null);
        s.append(shown(result.table()));
        Sequential original = model();
        Path a = dir.resolve("original.plm");
        ModelFile.save(original, a);
        Path b = dir.resolve("pruned.plm");
        QuantizedModel.fp32(model).save(b);
        Table check = new HealthCheck(data()).add("original", original, a).add("pruned", model, b).table();
        s.append(shown(check.removeColumns(HealthCheck.timeColumn())));
        return s.toString();
    }

    @Test
    void theTablesPrintAsBeforeInBothLanguages() throws IOException {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("library-tables.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Language.use("en");
        String en = tables();
        Language.use("zh");
        String zh = tables();
        assertEquals(expected, en + zh);
    }
}
