package org.paramlab.train;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.paramlab.core.Parameter;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Layer;
import org.paramlab.metrics.Metric;
import org.paramlab.metrics.Metrics;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * A sweep (扫描): the same experiment run for several settings (widths, data sizes, seeds), one row
 * per run with what we want to compare: the parameter count, the score on the training, validation
 * and test data, and the seconds training took.
 *
 * <pre>{@code
 * var sweep = new Sweep("width sweep", train, validation, test);
 * for (int width : new int[] {4, 16, 64}) {
 *     var model = mlp(width);
 *     sweep.run("width " + width, model, () -> trainer(model).fit(train, validation));
 * }
 * sweep.table()      // run, parameters, examples, epochs, train, validation, test, seconds
 * }</pre>
 *
 * <p>The scores are measured after training, in evaluation mode, with the sweep's metric (accuracy
 * unless {@link #metric} says otherwise). The {@code train} score is measured on the data the run
 * trained on: pass it to {@link #run(String, Layer, Dataset, Supplier)} when it is not the sweep's.
 * Seconds are wall-clock time and differ from run to run; {@link #scores()} is the table without them,
 * for text that must read the same every time.
 */
public final class Sweep {

    /** One run: its name, model size, data size, epochs run, scores after training and seconds of training. */
    public record Row(String name, long parameters, int examples, int epochs,
                      double train, double validation, double test, double seconds) { }

    private final String title;
    private final Dataset train;
    private final Dataset validation;
    private final Dataset test;
    private Metric metric = Metrics.accuracy();
    private final List<Row> rows = new ArrayList<>();

    /** A sweep scored on these datasets; {@code validation} or {@code test} may be null (NaN in the table). */
    public Sweep(String title, Dataset train, Dataset validation, Dataset test) {
        if (train == null) {
            throw new IllegalArgumentException("sweep '" + title + "' needs the training data to score on, got null");
        }
        this.title = title;
        this.train = train;
        this.validation = validation;
        this.test = test;
    }

    /** The score of each run (default accuracy); the column names stay train, validation, test. */
    public Sweep metric(Metric metric) {
        if (metric == null) {
            throw new IllegalArgumentException("sweep '" + title + "' needs a metric to score runs, got null");
        }
        this.metric = metric;
        return this;
    }

    /** Trains with {@code training} (timed), then scores {@code model} on the sweep's datasets. */
    public Row run(String name, Layer model, Supplier<History> training) {
        return run(name, model, train, training);
    }

    /** Like {@link #run(String, Layer, Supplier)}, for a run that trains on {@code trainedOn} (e.g. a subset). */
    public Row run(String name, Layer model, Dataset trainedOn, Supplier<History> training) {
        if (name == null || model == null || trainedOn == null || training == null) {
            throw new IllegalArgumentException("sweep '" + title + "': run needs a name, a model, its training data and"
                    + " the training to run; got name=" + name + ", model=" + model + ", data=" + trainedOn);
        }
        long start = System.nanoTime();
        History history = training.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (history != null && history.diverged()) {
            throw new IllegalStateException("sweep '" + title + "', run '" + name + "': " + history.message());
        }
        Row row = new Row(name, parameterCount(model), trainedOn.size(), history == null ? 0 : history.epochs(),
                score(model, trainedOn), score(model, validation), score(model, test), seconds);
        rows.add(row);
        return row;
    }

    /** Adds a row measured elsewhere (e.g. read from a saved table). */
    public Sweep add(Row row) {
        if (row == null) {
            throw new IllegalArgumentException("sweep '" + title + "': no row given");
        }
        rows.add(row);
        return this;
    }

    private double score(Layer model, Dataset data) {
        if (data == null) {
            return Double.NaN;
        }
        return metric.value(Metrics.predict(model, data.features()), data.targets());
    }

    /** N: the number of learned numbers in the model. */
    public static long parameterCount(Layer model) {
        long n = 0;
        for (Parameter p : model.parameters()) {
            n += p.count();
        }
        return n;
    }

    public List<Row> rows() { return List.copyOf(rows); }

    public String title() { return title; }

    /** One row per run: run, parameters, examples, epochs, train, validation, test, seconds. */
    public Table table() {
        Table table = scores();
        DoubleColumn seconds = DoubleColumn.create(label("seconds"), rows.stream().mapToDouble(Row::seconds).toArray());
        seconds.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        return table.addColumns(seconds);
    }

    /** {@link #table()} without the seconds: the same on every run with the same seeds. */
    public Table scores() {
        Table table = Table.create(title);
        table.addColumns(
                StringColumn.create(label("run"), rows.stream().map(Row::name).toArray(String[]::new)),
                LongColumn.create(label("parameters"), rows.stream().mapToLong(Row::parameters).toArray()),
                IntColumn.create(label("examples"), rows.stream().mapToInt(Row::examples).toArray()),
                IntColumn.create(label("epochs"), rows.stream().mapToInt(Row::epochs).toArray()),
                rounded(label("train"), rows.stream().mapToDouble(Row::train).toArray()),
                rounded(label("validation"), rows.stream().mapToDouble(Row::validation).toArray()),
                rounded(label("test"), rows.stream().mapToDouble(Row::test).toArray()));
        return table;
    }

    /**
     * Runs with the same name (e.g. one setting trained with several seeds) summarised in one row:
     * how many runs, the mean parameter count, and the mean and standard deviation of each score
     * (sample sd, with n − 1; 0 for a single run), in the order the names first appeared.
     */
    public Table summary() {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : rows) {
            groups.computeIfAbsent(row.name(), k -> new ArrayList<>()).add(row);
        }
        StringColumn name = StringColumn.create(label("run"));
        IntColumn runs = IntColumn.create(label("runs"));
        LongColumn parameters = LongColumn.create(label("parameters"));
        DoubleColumn[] columns = {
            DoubleColumn.create(label("train_mean")), DoubleColumn.create(label("train_sd")),
            DoubleColumn.create(label("validation_mean")), DoubleColumn.create(label("validation_sd")),
            DoubleColumn.create(label("test_mean")), DoubleColumn.create(label("test_sd"))};
        for (Map.Entry<String, List<Row>> group : groups.entrySet()) {
            List<Row> g = group.getValue();
            name.append(group.getKey());
            runs.append(g.size());
            parameters.append(Math.round(g.stream().mapToLong(Row::parameters).average().orElse(0)));
            double[][] values = {
                g.stream().mapToDouble(Row::train).toArray(),
                g.stream().mapToDouble(Row::validation).toArray(),
                g.stream().mapToDouble(Row::test).toArray()};
            for (int k = 0; k < 3; k++) {
                columns[2 * k].append(mean(values[k]));
                columns[2 * k + 1].append(sd(values[k]));
            }
        }
        for (DoubleColumn c : columns) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        }
        Table table = Table.create(label("%s (mean and sd over runs with the same name)", title));
        table.addColumns(name, runs, parameters);
        table.addColumns(columns);
        return table;
    }

    /**
     * A column of the full table as numbers, e.g. {@code column("test")} for a chart. The English name
     * works in every language; the name the table shows (in Chinese {@code column("测试")}) works too.
     */
    public double[] column(String name) {
        return switch (englishColumnName(name)) {
            case "parameters" -> rows.stream().mapToDouble(Row::parameters).toArray();
            case "examples" -> rows.stream().mapToDouble(Row::examples).toArray();
            case "epochs" -> rows.stream().mapToDouble(Row::epochs).toArray();
            case "train" -> rows.stream().mapToDouble(Row::train).toArray();
            case "validation" -> rows.stream().mapToDouble(Row::validation).toArray();
            case "test" -> rows.stream().mapToDouble(Row::test).toArray();
            case "seconds" -> rows.stream().mapToDouble(Row::seconds).toArray();
            default -> throw new IllegalArgumentException("sweep '" + title + "' has no numeric column '" + name
                    + "'; its columns are parameters, examples, epochs, train, validation, test, seconds");
        };
    }

    private static final List<String> NUMERIC_COLUMNS =
            List.of("parameters", "examples", "epochs", "train", "validation", "test", "seconds");

    /** The English name of a numeric column given by its English name or by its label in the current language. */
    private static String englishColumnName(String name) {
        for (String english : NUMERIC_COLUMNS) {
            if (english.equals(name) || label(english).equals(name)) {
                return english;
            }
        }
        return name;
    }

    /** The arithmetic mean: (x1 + … + xn) / n. */
    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** The sample standard deviation: sqrt(Σ (xi − mean)² / (n − 1)); 0 for a single value. */
    static double sd(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        double squares = 0;
        for (double v : x) {
            squares += (v - m) * (v - m);
        }
        return Math.sqrt(squares / (x.length - 1));
    }

    private static DoubleColumn rounded(String name, double[] values) {
        DoubleColumn column = DoubleColumn.create(name, values);
        column.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        return column;
    }

    @Override
    public String toString() {
        return org.paramlab.summary.TextTable.of(scores());
    }
}
