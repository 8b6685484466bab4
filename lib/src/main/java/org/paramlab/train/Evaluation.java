package org.paramlab.train;

/**
 * A model's loss (and metric) on a dataset, see {@link Trainer#evaluate}.
 *
 * @param loss       the mean loss over all examples
 * @param metricName the metric's name, or {@code null} if none was asked for
 * @param metric     the metric's value, {@code NaN} if none was asked for
 * @param examples   how many examples were evaluated
 */
public record Evaluation(double loss, String metricName, double metric, int examples) {

    @Override
    public String toString() {
        String text = String.format(java.util.Locale.ROOT, "loss %.6f", loss);
        if (metricName != null) {
            text += String.format(java.util.Locale.ROOT, ", %s %.6f", metricName, metric);
        }
        return text + " on " + examples + " examples";
    }
}
