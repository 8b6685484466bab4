package org.paramlab.train;

import java.time.Duration;

/**
 * The numbers of one finished epoch. Values that were not measured are {@code NaN}
 * (no validation set, or no metric).
 *
 * @param epoch              the epoch, counted from 1
 * @param epochs             how many epochs the run has in total
 * @param trainLoss          mean loss over the epoch's mini-batches
 * @param validationLoss     loss on the validation set after the epoch
 * @param metricName         e.g. {@code accuracy}, or {@code null} without a metric
 * @param trainMetric        the metric over the epoch's mini-batches
 * @param validationMetric   the metric on the validation set after the epoch
 * @param elapsed            time since training started
 */
public record EpochInfo(int epoch, int epochs, double trainLoss, double validationLoss,
                        String metricName, double trainMetric, double validationMetric, Duration elapsed) {
}
