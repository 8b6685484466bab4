package org.paramlab.metrics;

import org.ejml.data.FMatrixRMaj;

/**
 * A number people read to judge a model (accuracy, mean absolute error, ...), as opposed to the
 * loss the optimizer minimises. The training loop reports one per epoch.
 *
 * <p>A metric is an average over examples, computed batch by batch: {@link #total} returns the sum
 * of the per-example scores of one batch, and the value over a whole dataset is
 * {@code (sum of totals) / (number of examples)}. See {@link Metrics} for the ready-made ones.
 */
public interface Metric {

    /** A short name for tables and plots, e.g. {@code accuracy}. */
    String name();

    /** The per-example scores of this batch added up (e.g. the number of correct predictions). */
    double total(FMatrixRMaj prediction, FMatrixRMaj target);

    /** The metric over one batch (or a whole dataset in one matrix): {@code total / rows}. */
    default double value(FMatrixRMaj prediction, FMatrixRMaj target) {
        return total(prediction, target) / prediction.numRows;
    }
}
