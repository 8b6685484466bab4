package org.paramlab.summary;

import static org.paramlab.core.Language.label;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.Parameter;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Layer;
import org.paramlab.metrics.Metrics;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The check-up after slimming (体检): several versions of a model — the original first, then its
 * distilled, pruned, quantized or combined versions — measured on the same test set, one row each:
 *
 * <ul>
 *   <li><b>non-zero parameters</b>: numbers in the model that are not 0 (pruned weights are 0);</li>
 *   <li><b>file bytes</b> of the saved model (its real size, as {@code Files.size} reports it) and
 *       <b>× smaller</b> than the original's file;</li>
 *   <li><b>accuracy</b> with its 95 % Wilson interval: with n test examples one example is 1/n, and
 *       two models whose intervals overlap widely may not differ at all;</li>
 *   <li>the <b>worst class</b> and its recall (the share of that class found): an average can hide one
 *       class that compression hurt far more than the others (Hooker et al. 2019);</li>
 *   <li><b>agreement</b>: the share of test examples on which the model predicts the same class as the original;</li>
 *   <li><b>µs per sample</b>: the measured time of one forward pass over the test set, divided by its size
 *       (the fastest of at least 10 passes: on a busy machine the fastest pass is the one least disturbed by
 *       other programs; it still varies from run to run and machine to machine).</li>
 * </ul>
 *
 * <pre>{@code
 * Table t = new HealthCheck(test)
 *         .add("original FP32", original, originalFile)
 *         .add("INT4 g32", int4Model, int4File)
 *         .table();
 * }</pre>
 */
public final class HealthCheck {

    /**
     * The English name of the time column, the only one that changes from run to run. Its name in the
     * table is {@link #timeColumn()}: the same in English, 每样本微秒数 in Chinese.
     */
    public static final String TIME_COLUMN = "µs per sample";

    /** The time column's name in the current language, e.g. for {@code report.removeColumns(HealthCheck.timeColumn())}. */
    public static String timeColumn() {
        return label(TIME_COLUMN);
    }

    /** One model to check: a name for the row, the model (FP32, for evaluation) and its saved file. */
    public record Candidate(String name, Layer model, Path file) { }

    private static final double Z95 = 1.959964;     // the 97.5 % point of the standard normal

    private final Dataset test;
    private final List<Candidate> candidates = new ArrayList<>();

    public HealthCheck(Dataset test) {
        if (test == null || !test.isClassification() && test.numTargets() < 2) {
            throw new IllegalArgumentException("health check: needs a classification test set, got "
                    + (test == null ? "null" : test.size() + " rows with " + test.numTargets() + " target column(s)"));
        }
        this.test = test;
    }

    /** Adds a model; the first one added is the original the others are compared with. */
    public HealthCheck add(String name, Layer model, Path file) {
        if (name == null || name.isBlank() || model == null || file == null) {
            throw new IllegalArgumentException("health check: each model needs a name, the model and its saved file; got name="
                    + name + ", model=" + (model == null ? "null" : model.name()) + ", file=" + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("health check: the file of '" + name + "' does not exist: " + file
                    + " (save the model first; the size reported is the file's)");
        }
        candidates.add(new Candidate(name, model, file));
        return this;
    }

    public List<Candidate> candidates() {
        return List.copyOf(candidates);
    }

    /** The check-up table, one row per model in the order added. */
    public Table table() {
        requireModels();
        SmallTable table = SmallTable.of(label("health check on %d test examples", test.size()), label("model"),
                        label("non-zero parameters"), label("file bytes"), label("× smaller"), label("accuracy"), label("95% low"),
                        label("95% high"), label("worst class"), label("worst recall"), label("agreement"), timeColumn())
                .typed(ColumnType.STRING, ColumnType.LONG, ColumnType.LONG, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE,
                        ColumnType.DOUBLE, ColumnType.STRING, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE);
        FMatrixRMaj reference = Metrics.predict(candidates.get(0).model(), test.features());
        long referenceBytes = size(candidates.get(0).file());
        List<String> classes = classNames();
        for (Candidate c : candidates) {
            FMatrixRMaj prediction = Metrics.predict(c.model(), test.features());
            int[][] counts = Metrics.confusionCounts(prediction, test.targets());
            int correct = 0;
            for (int k = 0; k < counts.length; k++) {
                correct += counts[k][k];
            }
            double[] interval = wilson(correct, test.size());
            double[] recall = recalls(counts);
            int worst = -1;
            for (int k = 0; k < recall.length; k++) {
                if (!Double.isNaN(recall[k]) && (worst < 0 || recall[k] < recall[worst])) {
                    worst = k;                    // classes without test examples have no recall
                }
            }
            long fileBytes = size(c.file());
            table.row(c.name(), nonZeroParameters(c.model()), fileBytes, (double) referenceBytes / fileBytes,
                    (double) correct / test.size(), interval[0], interval[1], classes.get(worst), recall[worst],
                    agreement(reference, prediction), secondsPerSample(c.model(), test.features()) * 1e6);
        }
        return table.table();
    }

    /** Recall of every class (rows) for every model (columns): where an average hides a damaged class. */
    public Table recallByClass() {
        requireModels();
        Table table = Table.create(label("recall by class (share of each class's test examples predicted right)"));
        List<String> classes = classNames();
        int[] support = new int[classes.size()];
        for (int i = 0; i < test.size(); i++) {
            support[Metrics.actualClass(test.targets(), i, classes.size())]++;
        }
        table.addColumns(StringColumn.create(label("class"), classes),
                LongColumn.create(label("examples"), Arrays.stream(support).asLongStream().toArray()));
        for (Candidate c : candidates) {
            int[][] counts = Metrics.confusionCounts(Metrics.predict(c.model(), test.features()), test.targets());
            table.addColumns(DoubleColumn.create(c.name(), recalls(counts)));
        }
        return table;
    }

    // ---- the measurements, usable one by one -----------------------------------------------------

    /** Parameters whose value is not 0. */
    public static long nonZeroParameters(Layer model) {
        long n = 0;
        for (Parameter p : model.parameters()) {
            float[] v = p.value().data;
            for (int i = 0; i < p.count(); i++) {
                if (v[i] != 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The share of rows on which two models' outputs predict the same class. */
    public static double agreement(FMatrixRMaj a, FMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols || a.numRows == 0) {
            throw new IllegalArgumentException("agreement: predictions are " + a.numRows + "x" + a.numCols + " and "
                    + b.numRows + "x" + b.numCols + "; they must have the same, non-empty shape");
        }
        int same = 0;
        for (int i = 0; i < a.numRows; i++) {
            if (Metrics.predictedClass(a, i) == Metrics.predictedClass(b, i)) {
                same++;
            }
        }
        return (double) same / a.numRows;
    }

    /** The share of {@code data}'s rows on which {@code a} and {@code b} predict the same class. */
    public static double agreement(Layer a, Layer b, Dataset data) {
        return agreement(Metrics.predict(a, data.features()), Metrics.predict(b, data.features()));
    }

    /**
     * The 95 % Wilson score interval of a proportion {@code successes / n}:
     * <pre>
     *   centre = (p + z²/2n) / (1 + z²/n)      half-width = z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/4n²)
     * </pre>
     * with z = 1.96. Unlike p ± 1.96·sqrt(p(1 − p)/n) it stays inside [0, 1] and is not 0 wide at p = 1.
     */
    public static double[] wilson(int successes, int n) {
        if (n < 1 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("wilson interval: needs 0 <= successes <= n and n >= 1, got " + successes + " of " + n);
        }
        double p = (double) successes / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /**
     * Measured seconds per example of one evaluation-mode forward pass over {@code x}: the fastest of at
     * least 10 passes (more if they are quick, up to 30 ms in all), after 3 passes to warm up the JIT.
     */
    public static double secondsPerSample(Layer model, FMatrixRMaj x) {
        for (int i = 0; i < 3; i++) {
            Metrics.predict(model, x);            // warm up: the JIT compiles the hot loops first
        }
        long fastest = Long.MAX_VALUE;
        long spent = 0;
        for (int pass = 0; pass < 10 || spent < 30_000_000L && pass < 500; pass++) {
            long start = System.nanoTime();
            Metrics.predict(model, x);
            long t = System.nanoTime() - start;
            fastest = Math.min(fastest, t);
            spent += t;
        }
        return fastest / 1e9 / x.numRows;
    }

    private static double[] recalls(int[][] counts) {
        double[] recall = new double[counts.length];
        for (int a = 0; a < counts.length; a++) {
            int total = Arrays.stream(counts[a]).sum();
            recall[a] = total == 0 ? Double.NaN : (double) counts[a][a] / total;
        }
        return recall;
    }

    private List<String> classNames() {
        List<String> names = test.classNames();
        if (names.isEmpty()) {
            names = new ArrayList<>();
            for (int c = 0; c < Math.max(2, test.numTargets()); c++) {
                names.add(Integer.toString(c));
            }
        }
        return names;
    }

    private void requireModels() {
        if (candidates.isEmpty()) {
            throw new IllegalStateException("health check: no models added; add the original first, then its slimmed versions");
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("health check: cannot read the size of " + file, e);
        }
    }
}
