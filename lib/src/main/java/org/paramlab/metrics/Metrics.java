package org.paramlab.metrics;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleBiFunction;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.data.ClassIds;
import org.paramlab.data.Dataset;
import org.paramlab.data.OneHot;
import org.paramlab.layers.EvaluationMode;
import org.paramlab.layers.Layer;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The usual ways to score predictions: accuracy and the confusion matrix for classification,
 * mean squared error (MSE) and mean absolute error (MAE) for regression.
 *
 * <p>Predictions are what the model outputs: for classification one <em>score</em> (logit) per class
 * and row, the predicted class being the largest score. With a single output column (binary
 * classification with {@code BinaryCrossEntropyWithLogits}) the output is a logit {@code z}:
 * class 1 when {@code z > 0}, i.e. when {@code sigmoid(z) > 0.5}. Targets are one-hot rows, or 0/1 in a single column.
 */
public final class Metrics {

    private Metrics() { }

    // ---- metrics for the training loop ---------------------------------------------------------

    /** Fraction of examples whose predicted class is the true class (1.0 = all correct). */
    public static Metric accuracy() {
        return metric("accuracy", true, (prediction, target) -> {
            int correct = 0;
            for (int i = 0; i < prediction.numRows; i++) {
                if (predictedClass(prediction, i) == actualClass(target, i, prediction.numCols)) {
                    correct++;
                }
            }
            return correct;
        });
    }

    /** Mean squared error: the average of {@code (prediction - target)^2} over all numbers. */
    public static Metric mse() {
        return metric("mse", (prediction, target) -> {
            double sum = 0;
            for (int i = 0; i < prediction.getNumElements(); i++) {
                double diff = prediction.data[i] - target.data[i];
                sum += diff * diff;                       // (p - t)^2
            }
            return sum / prediction.numCols;              // per example: the mean over its columns
        });
    }

    /** Mean absolute error: the average of {@code |prediction - target|}, in the target's own unit. */
    public static Metric mae() {
        return metric("mae", (prediction, target) -> {
            double sum = 0;
            for (int i = 0; i < prediction.getNumElements(); i++) {
                sum += Math.abs(prediction.data[i] - target.data[i]);   // |p - t|
            }
            return sum / prediction.numCols;              // per example: the mean over its columns
        });
    }

    /**
     * A metric from its name and its batch total; the shapes are checked first, so each metric
     * above only has to say how it scores.
     */
    private static Metric metric(String name, ToDoubleBiFunction<FMatrixRMaj, FMatrixRMaj> total) {
        return metric(name, false, total);
    }

    /** As above; {@code classIds}: the metric also reads one column of class ids as the target. */
    private static Metric metric(String name, boolean classIds, ToDoubleBiFunction<FMatrixRMaj, FMatrixRMaj> total) {
        return new Metric() {
            @Override
            public String name() { return name; }

            @Override
            public double total(FMatrixRMaj prediction, FMatrixRMaj target) {
                checkShapes(name, prediction, target, classIds);
                return total.applyAsDouble(prediction, target);
            }

            @Override
            public String toString() { return name; }
        };
    }

    // ---- direct values -------------------------------------------------------------------------

    public static double accuracy(FMatrixRMaj prediction, FMatrixRMaj target) {
        return accuracy().value(prediction, target);
    }

    public static double mse(FMatrixRMaj prediction, FMatrixRMaj target) {
        return mse().value(prediction, target);
    }

    public static double mae(FMatrixRMaj prediction, FMatrixRMaj target) {
        return mae().value(prediction, target);
    }

    /** The accuracy of a model on a dataset (the model runs in evaluation mode). */
    public static double accuracy(Layer model, Dataset data) {
        return accuracy(predict(model, data.features()), data.targets());
    }

    // ---- classes -------------------------------------------------------------------------------

    /** The predicted class of row i: the largest score, or {@code z > 0} for a single logit column. */
    public static int predictedClass(FMatrixRMaj prediction, int i) {
        if (prediction.numCols == 1) {
            return prediction.unsafe_get(i, 0) > 0 ? 1 : 0;
        }
        return OneHot.argmaxOfRow(prediction, i);
    }

    /** The true class of row i: the position of the 1, or {@code t > 0.5} for a single 0/1 column. */
    public static int actualClass(FMatrixRMaj target, int i) {
        if (target.numCols == 1) {
            return target.unsafe_get(i, 0) > 0.5f ? 1 : 0;
        }
        return OneHot.argmaxOfRow(target, i);
    }

    /**
     * The true class of row i for a prediction of {@code classes} scores per row: as above, or the
     * class id itself when the target is one column of class ids ({@link ClassIds}).
     */
    public static int actualClass(FMatrixRMaj target, int i, int classes) {
        if (ClassIds.areClassIds(target, classes)) {
            return ClassIds.classId(target, i, classes);
        }
        return actualClass(target, i);
    }

    /**
     * Counts of (actual, predicted) class pairs: {@code counts[a][p]} is how many examples of class a
     * were predicted as class p. The diagonal holds the correct predictions.
     */
    public static int[][] confusionCounts(FMatrixRMaj prediction, FMatrixRMaj target) {
        checkShapes("confusion matrix", prediction, target, true);
        int classes = Math.max(2, prediction.numCols);
        int[][] counts = new int[classes][classes];
        for (int i = 0; i < prediction.numRows; i++) {
            counts[actualClass(target, i, prediction.numCols)][predictedClass(prediction, i)]++;
        }
        return counts;
    }

    /**
     * The confusion matrix as a table: one row per actual class, one column per predicted class,
     * labelled with {@code classNames}.
     */
    public static Table confusionMatrix(FMatrixRMaj prediction, FMatrixRMaj target, List<String> classNames) {
        int[][] counts = confusionCounts(prediction, target);
        if (classNames.size() != counts.length) {
            throw new IllegalArgumentException("confusion matrix: " + counts.length + " classes but "
                    + classNames.size() + " class names " + classNames);
        }
        Table table = Table.create(label("confusion matrix (rows: actual, columns: predicted)"));
        table.addColumns(StringColumn.create(label("actual \\ predicted"), classNames));
        for (int p = 0; p < counts.length; p++) {
            int[] column = new int[counts.length];
            for (int a = 0; a < counts.length; a++) {
                column[a] = counts[a][p];
            }
            table.addColumns(IntColumn.create(classNames.get(p), column));
        }
        return table;
    }

    /** The confusion matrix of a model on a classification dataset, labelled with its class names. */
    public static Table confusionMatrix(Layer model, Dataset data) {
        List<String> names = data.classNames();
        if (names.isEmpty()) {
            names = new ArrayList<>();
            for (int c = 0; c < Math.max(2, data.numTargets()); c++) {
                names.add(Integer.toString(c));
            }
        }
        return confusionMatrix(predict(model, data.features()), data.targets(), names);
    }

    /**
     * The model's output for {@code x}, run in evaluation mode (dropout off), as a fresh matrix;
     * the model's mode is restored afterwards.
     */
    public static FMatrixRMaj predict(Layer model, FMatrixRMaj x) {
        return EvaluationMode.predict(model, x);
    }

    private static void checkShapes(String metric, FMatrixRMaj prediction, FMatrixRMaj target) {
        checkShapes(metric, prediction, target, false);
    }

    /** As above; with {@code classIds} a target of one class id per row ({@link ClassIds}) is fine too. */
    private static void checkShapes(String metric, FMatrixRMaj prediction, FMatrixRMaj target, boolean classIds) {
        boolean idColumn = classIds && ClassIds.areClassIds(target, prediction.numCols);
        if (prediction.numRows != target.numRows || (prediction.numCols != target.numCols && !idColumn)) {
            throw new IllegalArgumentException(metric + ": prediction is " + prediction.numRows + "x" + prediction.numCols
                    + " but target is " + target.numRows + "x" + target.numCols + "; they must have the same shape");
        }
        if (prediction.numRows == 0) {
            throw new IllegalArgumentException(metric + ": no examples (0 rows)");
        }
    }
}
