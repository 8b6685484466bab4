package org.paramlab.losses;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.LogSumExp;
import org.paramlab.data.ClassIds;

/**
 * Softmax followed by cross-entropy, for choosing one of k classes. Input: raw scores (logits),
 * batch x k; target: one-hot rows (or any rows of probabilities), or one column of class ids
 * ({@link ClassIds}: the same numbers without storing k per example). Averaged over the batch rows.
 * <pre>
 *   log p_j = z_j - logsumexp(z),   logsumexp(z) = m + log sum_k e^(z_k - m),  m = max_k z_k  (no overflow)
 *   L  = -(1/B) * sum_rows sum_j t_j log p_j
 *   dZ = (p - t) / B          (for one-hot rows; in general p * sum_j t_j - t)
 * </pre>
 * One exponential per logit: e^(z_k - m) gives both the log-sum-exp and p ({@link LogSumExp#softmaxRows}).
 */
public final class SoftmaxCrossEntropy extends AbstractLoss {

    /** Each row's log-sum-exp, kept between calls so that a training step allocates nothing. */
    private float[] logSumExps = new float[0];

    public SoftmaxCrossEntropy() {
        super("softmaxCrossEntropy");
    }

    @Override
    public float forward(FMatrixRMaj logits, FMatrixRMaj target) {
        if (target != null && logits != null && ClassIds.areClassIds(target, logits.numCols)) {
            return forwardClassIds(logits, target);
        }
        prepare(logits, target);
        int rows = logits.numRows;
        int cols = logits.numCols;
        float[] z = logits.data;
        float[] t = target.data;
        float[] g = gradient.data;
        double total = 0;
        float[] lse = softmaxRows(z, rows, cols, g);                      // log sum_k e^(z_k) per row; g holds p for now
        for (int r = 0; r < rows; r++) {
            int start = r * cols;
            float logSumExp = lse[r];
            float targetSum = 0f;
            double rowLoss = 0;
            for (int c = 0; c < cols; c++) {
                float tc = t[start + c];
                targetSum += tc;
                rowLoss -= tc * (z[start + c] - logSumExp);           // - t_j log p_j
            }
            total += rowLoss;
            for (int c = 0; c < cols; c++) {
                g[start + c] = (g[start + c] * targetSum - t[start + c]) / rows;   // dZ = (p - t) / B
            }
        }
        return (float) (total / rows);
    }

    /** The same loss and gradient when row r's target is the class id y_r: L = -(1/B) sum_r log p_(y_r). */
    private float forwardClassIds(FMatrixRMaj logits, FMatrixRMaj ids) {
        prepareClassIds(logits, ids);
        int rows = logits.numRows;
        int cols = logits.numCols;
        float[] z = logits.data;
        float[] g = gradient.data;
        double total = 0;
        float[] lse = softmaxRows(z, rows, cols, g);                      // g holds p for now
        for (int r = 0; r < rows; r++) {
            int start = r * cols;
            int y = ClassIds.classId(ids, r, cols);
            total -= z[start + y] - lse[r];                                // - log p_y
            for (int c = 0; c < cols; c++) {
                g[start + c] = (g[start + c] - (c == y ? 1f : 0f)) / rows;   // dZ = (p - onehot(y)) / B
            }
        }
        return (float) (total / rows);
    }

    /** The softmax of every row of z into g ({@link LogSumExp#softmaxRows}); returns the rows' log-sum-exps. */
    private float[] softmaxRows(float[] z, int rows, int cols, float[] g) {
        if (logSumExps.length < rows) {
            logSumExps = new float[rows];
        }
        LogSumExp.softmaxRows(z, rows, cols, g, logSumExps);
        return logSumExps;
    }
}
