package org.paramlab.data;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.ejml.data.FMatrixRMaj;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Examples to learn from: a feature matrix {@code X} (n examples x d features, one example per row)
 * and a target matrix {@code Y} (n x k).
 *
 * <p>Two kinds of target:
 * <ul>
 *   <li><b>regression</b>: {@code Y} holds the numbers to predict (k = 1 for one target column);</li>
 *   <li><b>classification</b>: {@code Y} is one-hot, row i has a 1 in the column of its class, and
 *       {@link #classNames()} says which class each column stands for.</li>
 * </ul>
 *
 * <p>A dataset never changes after it is built; {@link #split}, {@link #subset} and
 * {@link Standardizer#transform} return new datasets.
 */
public final class Dataset {

    /** A train / validation / test split, see {@link #trainValidationTest}. */
    public record Split(Dataset train, Dataset validation, Dataset test) { }

    private final FMatrixRMaj features;
    private final FMatrixRMaj targets;
    private final List<String> featureNames;
    private final List<String> targetNames;
    private final List<String> classNames;

    /**
     * The general constructor. {@code classNames} is empty for regression; for classification it
     * has one name per target column. The matrices are kept (not copied): do not change them afterwards.
     */
    public Dataset(FMatrixRMaj features, FMatrixRMaj targets,
                   List<String> featureNames, List<String> targetNames, List<String> classNames) {
        if (features == null || targets == null) {
            throw new IllegalArgumentException("a dataset needs a feature matrix and a target matrix, got "
                    + (features == null ? "no features" : "no targets"));
        }
        if (features.numRows == 0) {
            throw new IllegalArgumentException("a dataset needs at least one example, got 0 rows");
        }
        if (features.numRows != targets.numRows) {
            throw new IllegalArgumentException("features and targets need one row per example: features have "
                    + features.numRows + " rows (" + shape(features) + "), targets have " + targets.numRows
                    + " rows (" + shape(targets) + ")");
        }
        if (featureNames.size() != features.numCols) {
            throw new IllegalArgumentException("need one feature name per feature column: " + features.numCols
                    + " columns but " + featureNames.size() + " names " + featureNames);
        }
        if (targetNames.size() != targets.numCols && classNames.isEmpty()) {
            throw new IllegalArgumentException("need one target name per target column: " + targets.numCols
                    + " columns but " + targetNames.size() + " names " + targetNames);
        }
        if (!classNames.isEmpty() && classNames.size() != targets.numCols
                && !ClassIds.areClassIds(targets, classNames.size())) {
            throw new IllegalArgumentException("a one-hot target needs one class name per column: "
                    + targets.numCols + " columns but " + classNames.size() + " class names " + classNames
                    + " (or give one column of class ids)");
        }
        if (!classNames.isEmpty() && ClassIds.areClassIds(targets, classNames.size())) {
            for (int r = 0; r < targets.numRows; r++) {
                ClassIds.classId(targets, r, classNames.size());     // a clear error now, not in the middle of training
            }
        }
        this.features = features;
        this.targets = targets;
        this.featureNames = List.copyOf(featureNames);
        this.targetNames = List.copyOf(targetNames);
        this.classNames = List.copyOf(classNames);
    }

    /** A regression dataset from two matrices; columns are named x0, x1, ... and y0, y1, ... */
    public static Dataset of(FMatrixRMaj features, FMatrixRMaj targets) {
        if (features == null || targets == null) {
            throw new IllegalArgumentException("a dataset needs a feature matrix and a target matrix");
        }
        return new Dataset(features, targets, names("x", features.numCols), names("y", targets.numCols), List.of());
    }

    /**
     * A classification dataset from a feature matrix and one class index per example
     * (0 .. classNames.length-1); the targets become one-hot rows.
     */
    public static Dataset ofClasses(FMatrixRMaj features, int[] labels, String... classNames) {
        if (classNames.length < 2) {
            throw new IllegalArgumentException("classification needs at least 2 class names, got "
                    + Arrays.toString(classNames));
        }
        FMatrixRMaj targets = OneHot.encode(labels, classNames.length);
        return new Dataset(features, targets, names("x", features.numCols), List.of("class"),
                Arrays.asList(classNames));
    }

    /**
     * A dataset from a Tablesaw table. A numeric target column gives a regression dataset; a text
     * (string, boolean, ...) target column gives a classification dataset with one-hot targets and
     * the distinct values, sorted, as class names. Without feature columns every other column is a feature.
     */
    public static Dataset fromTable(Table table, String targetColumn, String... featureColumns) {
        Column<?> target = column(table, targetColumn, "target");
        boolean numeric = target instanceof NumericColumn<?>;
        return build(table, targetColumn, !numeric, featureColumns);
    }

    /**
     * Like {@link #fromTable} but always a classification dataset: each distinct value of the target
     * column is a class (useful when classes are stored as numbers, e.g. digit labels 0..9).
     */
    public static Dataset classesFromTable(Table table, String targetColumn, String... featureColumns) {
        return build(table, targetColumn, true, featureColumns);
    }

    private static Dataset build(Table table, String targetColumn, boolean classes, String... featureColumns) {
        Column<?> target = column(table, targetColumn, "target");
        if (table.rowCount() == 0) {
            throw new IllegalArgumentException("table '" + table.name() + "' is empty: a dataset needs at least one row");
        }
        List<String> featureList = new ArrayList<>();
        if (featureColumns.length == 0) {
            for (String name : table.columnNames()) {
                if (!name.equals(targetColumn)) {
                    featureList.add(name);
                }
            }
        } else {
            featureList.addAll(Arrays.asList(featureColumns));
        }
        if (featureList.isEmpty()) {
            throw new IllegalArgumentException("table '" + table.name() + "' has no feature column besides target '"
                    + targetColumn + "'");
        }
        if (featureList.contains(targetColumn)) {
            throw new IllegalArgumentException("column '" + targetColumn + "' is the target; it cannot also be a feature");
        }
        int n = table.rowCount();
        FMatrixRMaj x = new FMatrixRMaj(n, featureList.size());
        for (int j = 0; j < featureList.size(); j++) {
            Column<?> column = column(table, featureList.get(j), "feature");
            if (!(column instanceof NumericColumn<?> numbers)) {
                throw new IllegalArgumentException("feature column '" + column.name() + "' has type " + column.type()
                        + ", but features must be numeric (encode it first, e.g. with OneHot.columns)");
            }
            for (int i = 0; i < n; i++) {
                if (numbers.isMissing(i)) {
                    throw new IllegalArgumentException("feature column '" + column.name() + "' has a missing value in row " + i);
                }
                x.unsafe_set(i, j, (float) numbers.getDouble(i));
            }
        }
        if (!classes) {
            NumericColumn<?> numbers = (NumericColumn<?>) target;
            FMatrixRMaj y = new FMatrixRMaj(n, 1);
            for (int i = 0; i < n; i++) {
                if (numbers.isMissing(i)) {
                    throw new IllegalArgumentException("target column '" + targetColumn + "' has a missing value in row " + i);
                }
                y.unsafe_set(i, 0, (float) numbers.getDouble(i));
            }
            return new Dataset(x, y, featureList, List.of(targetColumn), List.of());
        }
        List<String> classNames = classNames(target);
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("target column '" + targetColumn + "' has only one class " + classNames
                    + ": classification needs at least 2");
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = classNames.indexOf(className(target, i));
        }
        return new Dataset(x, OneHot.encode(labels, classNames.size()), featureList, List.of(targetColumn), classNames);
    }

    /** Distinct values of a column, sorted (numerically for numbers, alphabetically for text). */
    private static List<String> classNames(Column<?> target) {
        for (int i = 0; i < target.size(); i++) {
            if (target.isMissing(i)) {
                throw new IllegalArgumentException("target column '" + target.name() + "' has a missing value in row " + i);
            }
        }
        if (target instanceof NumericColumn<?> numbers) {
            TreeMap<Double, String> sorted = new TreeMap<>();
            for (int i = 0; i < numbers.size(); i++) {
                sorted.put(numbers.getDouble(i), className(target, i));
            }
            return new ArrayList<>(sorted.values());
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (int i = 0; i < target.size(); i++) {
            sorted.add(target.getString(i));
        }
        return new ArrayList<>(sorted);
    }

    /** The class name of row i: the text, or the number without a needless ".0". */
    private static String className(Column<?> target, int i) {
        if (target instanceof NumericColumn<?> numbers) {
            double v = numbers.getDouble(i);
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
        return target.getString(i);
    }

    private static Column<?> column(Table table, String name, String what) {
        if (table == null) {
            throw new IllegalArgumentException("no table given");
        }
        if (name == null || !table.containsColumn(name)) {
            throw new IllegalArgumentException(what + " column '" + name + "' is not in table '" + table.name()
                    + "'; its columns are " + table.columnNames());
        }
        return table.column(name);
    }

    private static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
        return names;
    }

    private static String shape(FMatrixRMaj m) {
        return m.numRows + "x" + m.numCols;
    }

    // ---- what is inside ------------------------------------------------------------------------

    /** Number of examples (rows). */
    public int size() { return features.numRows; }

    /** X: one example per row. Do not change it: datasets are shared by their splits' users. */
    public FMatrixRMaj features() { return features; }

    /** Y: one target row per example (one-hot for classification). */
    public FMatrixRMaj targets() { return targets; }

    public int numFeatures() { return features.numCols; }

    public int numTargets() { return targets.numCols; }

    public List<String> featureNames() { return featureNames; }

    /** The name(s) of the target column(s) in the source; for classification the one label column. */
    public List<String> targetNames() { return targetNames; }

    /**
     * Classification examples whose targets are class ids (one column, {@link ClassIds}) rather than
     * one-hot rows: for many classes, e.g. the 2,004 tokens of a language model, where one-hot rows would
     * fill the memory. {@code SoftmaxCrossEntropy}, the accuracy and the confusion matrix read both forms.
     */
    public static Dataset ofClassIds(FMatrixRMaj features, int[] classIds, List<String> featureNames,
                                     String targetName, List<String> classNames) {
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("class ids need at least 2 class names, got " + classNames);
        }
        return new Dataset(features, ClassIds.column(classIds, classNames.size()), featureNames, List.of(targetName),
                classNames);
    }

    /** True when the targets are one column of class ids rather than one-hot rows. */
    public boolean hasClassIds() {
        return isClassification() && ClassIds.areClassIds(targets, classNames.size());
    }

    /** One name per class (per one-hot column, or per class id); empty for regression. */
    public List<String> classNames() { return classNames; }

    public boolean isClassification() { return !classNames.isEmpty(); }

    /** For classification: the class index of every example (the position of the 1 in its one-hot row, or its class id). */
    public int[] labels() {
        if (!isClassification()) {
            throw new IllegalStateException("labels() needs a classification dataset; this one is regression on "
                    + targetNames);
        }
        if (hasClassIds()) {
            int[] ids = new int[size()];
            for (int r = 0; r < ids.length; r++) {
                ids[r] = ClassIds.classId(targets, r, classNames.size());
            }
            return ids;
        }
        return OneHot.decode(targets);
    }

    // ---- new datasets from this one ------------------------------------------------------------

    /** The examples at the given row indices, in that order. */
    public Dataset subset(int... rows) {
        FMatrixRMaj x = new FMatrixRMaj(rows.length, features.numCols);
        FMatrixRMaj y = new FMatrixRMaj(rows.length, targets.numCols);
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            if (r < 0 || r >= size()) {
                throw new IndexOutOfBoundsException("row " + r + " is outside the dataset of " + size() + " examples");
            }
            System.arraycopy(features.data, r * features.numCols, x.data, i * x.numCols, x.numCols);
            System.arraycopy(targets.data, r * targets.numCols, y.data, i * y.numCols, y.numCols);
        }
        return new Dataset(x, y, featureNames, targetNames, classNames);
    }

    /** The same examples with other feature values (used by {@link Standardizer}). */
    Dataset withFeatures(FMatrixRMaj newFeatures) {
        return new Dataset(newFeatures, targets, featureNames, targetNames, classNames);
    }

    /**
     * Shuffles the examples with the seed and cuts them into parts of the given fractions,
     * e.g. {@code split(42, 0.8, 0.2)}. Fractions must be positive and add up to 1; every part
     * must get at least one example. The same seed always gives the same parts.
     */
    public List<Dataset> split(long seed, double... fractions) {
        if (fractions.length == 0) {
            throw new IllegalArgumentException("split needs at least one fraction, e.g. split(seed, 0.8, 0.2)");
        }
        double sum = 0;
        for (double f : fractions) {
            if (!(f > 0) || f > 1) {
                throw new IllegalArgumentException("split fractions must be in (0, 1], got " + f
                        + " in " + Arrays.toString(fractions));
            }
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("split fractions must add up to 1, got " + roundForHumans(sum)
                    + " from " + Arrays.toString(fractions));
        }
        int[] order = permutation(size(), new Random(seed));
        List<Dataset> parts = new ArrayList<>();
        int start = 0;
        double cumulative = 0;
        for (int p = 0; p < fractions.length; p++) {
            cumulative += fractions[p];
            int end = p == fractions.length - 1 ? size() : (int) Math.round(cumulative * size());
            if (end <= start) {
                throw new IllegalArgumentException("split part " + p + " (fraction " + fractions[p] + ") of "
                        + size() + " examples would be empty; use a larger fraction or more data");
            }
            parts.add(subset(Arrays.copyOfRange(order, start, end)));
            start = end;
        }
        return Collections.unmodifiableList(parts);
    }

    /** Train / validation / test split; the test part gets the rest, {@code 1 - train - validation}. */
    public Split trainValidationTest(long seed, double trainFraction, double validationFraction) {
        double test = 1 - trainFraction - validationFraction;
        if (!(test > 1e-9)) {
            throw new IllegalArgumentException("train " + trainFraction + " + validation " + validationFraction
                    + " must leave a test fraction > 0, got " + roundForHumans(test));
        }
        List<Dataset> parts = split(seed, trainFraction, validationFraction, test);
        return new Split(parts.get(0), parts.get(1), parts.get(2));
    }

    /** 0.8999999999999999 -> 0.9: sums of decimal fractions, printed the way they were meant. */
    private static double roundForHumans(double value) {
        return Math.round(value * 1e9) / 1e9;
    }

    /** A seeded random order of 0..n-1 (Fisher-Yates shuffle). */
    static int[] permutation(int n, Random rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order, rng);
        return order;
    }

    static void shuffle(int[] order, Random rng) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** The dataset as a table: the feature columns, then the target (class name or number(s)). */
    public Table toTable() {
        Table table = Table.create(label("dataset"));
        for (int j = 0; j < numFeatures(); j++) {
            table.addColumns(matrixColumn(featureNames.get(j), features, j));
        }
        if (isClassification()) {
            StringColumn label = StringColumn.create(targetNames.get(0));
            for (int c : labels()) {
                label.append(classNames.get(c));
            }
            table.addColumns(label);
        } else {
            for (int j = 0; j < numTargets(); j++) {
                table.addColumns(matrixColumn(targetNames.get(j), targets, j));
            }
        }
        return table;
    }

    /** Column j of a matrix as a named table column. */
    private static DoubleColumn matrixColumn(String name, FMatrixRMaj m, int j) {
        double[] values = new double[m.numRows];
        for (int i = 0; i < m.numRows; i++) {
            values[i] = m.unsafe_get(i, j);
        }
        return DoubleColumn.create(name, values);
    }

    @Override
    public String toString() {
        String target = isClassification()
                ? "classes " + classNames
                : "regression on " + targetNames;
        return "Dataset[" + size() + " examples, " + numFeatures() + " features " + featureNames + ", " + target + "]";
    }
}
