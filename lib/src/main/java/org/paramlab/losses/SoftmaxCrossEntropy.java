package org.paramlab.losses;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.LogSumExp;
import org.paramlab.core.MatrixProducts;
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

    private final MatrixProducts products = MatrixProducts.get();
    /** Each row's log-sum-exp and loss, kept between calls so that a training step allocates nothing. */
    private float[] logSumExps = new float[0];
    private double[] rowLosses = new double[0];
    // the batch under way, for the threads' pieces of rows (two objects made once)
    private float[] z, t, g;
    private FMatrixRMaj ids;
    private int rows, cols;
    private final MatrixProducts.Piece oneHotRows = this::oneHotRows;
    private final MatrixProducts.Piece classIdRows = this::classIdRows;

    public SoftmaxCrossEntropy() {
        super("softmaxCrossEntropy");
    }

    @Override
    public float forward(FMatrixRMaj logits, FMatrixRMaj target) {
        boolean classIds = target != null && logits != null && ClassIds.areClassIds(target, logits.numCols);
        if (classIds) {
            prepareClassIds(logits, target);
        } else {
            prepare(logits, target);
        }
        rows = logits.numRows;
        cols = logits.numCols;
        z = logits.data;
        t = target.data;
        ids = target;
        g = gradient.data;
        if (logSumExps.length < rows) {
            logSumExps = new float[rows];
            rowLosses = new double[rows];
        }
        // each row on its own: a long batch (256 x 2,004 logits) is cut into pieces of rows that threads share
        try {
            products.eachPieceOfRows(rows, cols, classIds ? classIdRows : oneHotRows);
        } finally {
            z = t = g = null;                                          // keep no reference to the batch, also when
            ids = null;                                                // a row's class id was bad and threw
        }
        double total = 0;
        for (int r = 0; r < rows; r++) {
            total += rowLosses[r];                                     // the rows' losses added in order
        }
        return (float) (total / rows);
    }

    /** Rows from ... to-1 with one-hot (or probability) targets: each row's loss, and dZ into g. */
    private void oneHotRows(int from, int to) {
        LogSumExp.softmaxRows(z, from, to, cols, g, logSumExps);      // log sum_k e^(z_k) per row; g holds p for now
        for (int r = from; r < to; r++) {
            int start = r * cols;
            float logSumExp = logSumExps[r];
            float targetSum = 0f;
            double rowLoss = 0;
            for (int c = 0; c < cols; c++) {
                float tc = t[start + c];
                targetSum += tc;
                rowLoss -= tc * (z[start + c] - logSumExp);           // - t_j log p_j
            }
            rowLosses[r] = rowLoss;
            for (int c = 0; c < cols; c++) {
                g[start + c] = (g[start + c] * targetSum - t[start + c]) / rows;   // dZ = (p - t) / B
            }
        }
    }

    /** The same when row r's target is the class id y_r: its loss -log p_(y_r), and dZ into g. */
    private void classIdRows(int from, int to) {
        LogSumExp.softmaxRows(z, from, to, cols, g, logSumExps);      // g holds p for now
        for (int r = from; r < to; r++) {
            int start = r * cols;
            int y = ClassIds.classId(ids, r, cols);
            rowLosses[r] = -(z[start + y] - logSumExps[r]);            // - log p_y
            for (int c = 0; c < cols; c++) {
                g[start + c] = (g[start + c] - (c == y ? 1f : 0f)) / rows;   // dZ = (p - onehot(y)) / B
            }
        }
    }
}
