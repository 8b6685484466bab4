package org.paramlab.train;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.paramlab.summary.TextTable;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The record of a training run: per finished epoch the training loss, the validation loss and the
 * metric on both, plus why the run ended ({@link StopReason}) and a sentence explaining it.
 *
 * <p>{@link #toTable()} gives a Tablesaw table with the columns {@code epoch}, {@code train_loss},
 * {@code validation_loss} and, with a metric such as accuracy, {@code train_accuracy} and
 * {@code validation_accuracy} (validation columns only when a validation set was given); in Chinese
 * ({@code Language.use("zh")}) 迭代周期, 训练损失, 验证损失, 训练精度, 验证精度.
 * {@link #toString()} prints the same as aligned text, followed by {@link #message()}.
 */
public final class History {

    private final String metricName;
    private final boolean hasValidation;
    private final int plannedEpochs;
    private final List<EpochInfo> epochs = new ArrayList<>();
    private StopReason stopReason = StopReason.COMPLETED;
    private String message;

    History(String metricName, boolean hasValidation, int plannedEpochs) {
        this.metricName = metricName;
        this.hasValidation = hasValidation;
        this.plannedEpochs = plannedEpochs;
        this.message = label("training completed %d epochs", plannedEpochs);
    }

    void add(EpochInfo epoch) {
        epochs.add(epoch);
    }

    void stop(StopReason reason, String why) {
        this.stopReason = reason;
        this.message = why;
    }

    /** Number of finished epochs (fewer than planned if the run stopped early). */
    public int epochs() { return epochs.size(); }

    public int plannedEpochs() { return plannedEpochs; }

    /** The numbers of each finished epoch, in order. */
    public List<EpochInfo> epochInfos() { return List.copyOf(epochs); }

    /** The metric's name (e.g. {@code accuracy}), or {@code null} if the run had none. */
    public String metricName() { return metricName; }

    public boolean hasValidation() { return hasValidation; }

    public double[] trainLoss() { return values(0); }

    /** NaN per epoch when there was no validation set. */
    public double[] validationLoss() { return values(1); }

    /** NaN per epoch when there was no metric. */
    public double[] trainMetric() { return values(2); }

    public double[] validationMetric() { return values(3); }

    public StopReason stopReason() { return stopReason; }

    /** A sentence saying why training ended, e.g. where the loss became NaN and what to try. */
    public String message() { return message; }

    public boolean completed() { return stopReason == StopReason.COMPLETED; }

    public boolean interrupted() { return stopReason == StopReason.INTERRUPTED; }

    public boolean diverged() { return stopReason == StopReason.DIVERGED; }

    private double[] values(int which) {
        double[] out = new double[epochs.size()];
        for (int i = 0; i < out.length; i++) {
            EpochInfo e = epochs.get(i);
            out[i] = switch (which) {
                case 0 -> e.trainLoss();
                case 1 -> e.validationLoss();
                case 2 -> e.trainMetric();
                default -> e.validationMetric();
            };
        }
        return out;
    }

    /** One row per finished epoch. */
    public Table toTable() {
        int n = epochs.size();
        int[] epochNumbers = new int[n];
        for (int i = 0; i < n; i++) {
            epochNumbers[i] = epochs.get(i).epoch();
        }
        Table table = Table.create(label("training history (%s, %d of %d epochs)",
                label(stopReason.name().toLowerCase(Locale.ROOT)), n, plannedEpochs));
        table.addColumns(IntColumn.create(label("epoch"), epochNumbers), DoubleColumn.create(label("train_loss"), trainLoss()));
        if (hasValidation) {
            table.addColumns(DoubleColumn.create(label("validation_loss"), validationLoss()));
        }
        if (metricName != null) {
            table.addColumns(DoubleColumn.create(label("train_%s", label(metricName)), trainMetric()));
            if (hasValidation) {
                table.addColumns(DoubleColumn.create(label("validation_%s", label(metricName)), validationMetric()));
            }
        }
        return table;
    }

    /**
     * The table as aligned text, followed by how the run ended, e.g.
     * <pre>
     * epoch  train_loss  validation_loss
     *     1    0.912345         0.954321
     *     2    0.512345         0.554321
     * training completed 2 epochs
     * </pre>
     */
    @Override
    public String toString() {
        // the message already says how the run ended; an early stop is flagged in front of it
        return TextTable.of(toTable()) + (completed() ? "" : label("training stopped early: ")) + message;
    }
}
