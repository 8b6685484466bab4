package org.paramlab.metrics;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.LogSumExp;
import org.paramlab.data.ClassIds;
import org.paramlab.data.Dataset;
import org.paramlab.layers.EvaluationMode;
import org.paramlab.layers.Layer;

/**
 * Perplexity (困惑度): how many tokens the model is, on average, as unsure between as if it picked
 * uniformly among them. It is the exponential of the mean cross-entropy in nats:
 * <pre>
 *   H = -(1/N) * sum_i log p(target_i)      (the loss SoftmaxCrossEntropy reports, in nats)
 *   perplexity = e^H
 * </pre>
 * A model that knows nothing and spreads its bets over V tokens has perplexity V; a perfect one, 1.
 * Perplexity is not a mean of per-example numbers, so the training loop's metric is
 * {@link #crossEntropy()} (the mean of {@code -log p}) and the perplexity is {@code e^} of its value.
 *
 * <pre>{@code
 * double ppl = Perplexity.of(validationLoss);                            // e^loss, e.g. e^6.2 = 493
 * double ppl2 = Perplexity.of(model, examples.inputs(), examples.targets());  // class ids, no one-hot
 * }</pre>
 */
public final class Perplexity {

    /** Rows per forward pass when a whole dataset is scored. */
    private static final int BATCH = 256;

    private Perplexity() { }

    /** {@code e^H} for a mean cross-entropy {@code H} in nats. */
    public static double of(double meanCrossEntropyNats) {
        if (!(meanCrossEntropyNats >= 0) || Double.isInfinite(meanCrossEntropyNats)) {
            throw new IllegalArgumentException("perplexity needs a mean cross-entropy >= 0 nats, got "
                    + meanCrossEntropyNats);
        }
        return Math.exp(meanCrossEntropyNats);
    }

    /** The perplexity of a model on a classification dataset (one-hot targets), in evaluation mode. */
    public static double of(Layer model, Dataset data) {
        return of(model, data.features(), data.labels());
    }

    /** The perplexity of a model (output: logits, one column per class) on inputs with one target class id per row. */
    public static double of(Layer model, FMatrixRMaj inputs, int[] targets) {
        return of(meanCrossEntropy(model, inputs, targets));
    }

    /** The mean of {@code -log softmax(logits)[target]} over the rows, in nats, computed {@value #BATCH} rows at a time. */
    public static double meanCrossEntropy(Layer model, FMatrixRMaj inputs, int[] targets) {
        if (inputs.numRows != targets.length || targets.length == 0) {
            throw new IllegalArgumentException("perplexity: " + inputs.numRows + " input rows but "
                    + targets.length + " targets; need one target per row and at least one row");
        }
        double[] sum = {0};
        EvaluationMode.predictInBatches(model, inputs, BATCH, (start, logits) -> {
            for (int r = 0; r < logits.numRows; r++) {
                sum[0] += negativeLogProbability(logits, r, targets[start + r]);
            }
        });
        return sum[0] / targets.length;
    }

    /** {@code -log p(target)} of one row of logits: {@code logsumexp(z) - z_target}, around the row maximum. */
    public static double negativeLogProbability(FMatrixRMaj logits, int row, int target) {
        int cols = logits.numCols;
        if (target < 0 || target >= cols) {
            throw new IllegalArgumentException("perplexity: target class " + target + " at row " + row
                    + " is outside the " + cols + " logit columns");
        }
        int start = row * cols;
        return LogSumExp.ofRowInDouble(logits.data, start, cols) - logits.data[start + target];   // logsumexp(z) - z_target
    }

    /**
     * The mean cross-entropy {@code -log p(target)} in nats as a training-loop metric (logits against
     * one-hot targets); its value over a dataset is H, and {@code Perplexity.of(H)} the perplexity.
     */
    public static Metric crossEntropy() {
        return new Metric() {
            @Override
            public String name() { return "nats"; }

            @Override
            public double total(FMatrixRMaj prediction, FMatrixRMaj target) {
                if (prediction.numRows != target.numRows
                        || (prediction.numCols != target.numCols && !ClassIds.areClassIds(target, prediction.numCols))) {
                    throw new IllegalArgumentException("nats: prediction is " + prediction.numRows + "x"
                            + prediction.numCols + " but target is " + target.numRows + "x" + target.numCols
                            + "; they must have the same shape");
                }
                double sum = 0;
                for (int r = 0; r < prediction.numRows; r++) {
                    sum += negativeLogProbability(prediction, r, Metrics.actualClass(target, r, prediction.numCols));
                }
                return sum;
            }

            @Override
            public String toString() { return name(); }
        };
    }
}
