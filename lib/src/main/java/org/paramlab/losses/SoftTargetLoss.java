package org.paramlab.losses;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.LogSumExp;

/**
 * The soft-target term of knowledge distillation (知识蒸馏, Hinton et al. 2015): how far the student's
 * softened class probabilities are from the teacher's. Both inputs are logits (batch x k); the
 * temperature T &gt; 1 softens both distributions so the student also learns which wrong answers the
 * teacher found "almost right". Multiplying by T^2 keeps the gradient's size about the same whatever T
 * is (it shrinks as 1/T^2 otherwise), so T can change without retuning the learning rate.
 * <pre>
 *   p = softmax(teacher / T),   q = softmax(student / T)
 *   L  = T^2 * (1/B) * sum_rows sum_j p_j (log p_j - log q_j)        = T^2 * KL(p || q), mean over the batch
 *   dStudent = T * (q - p) / B
 * </pre>
 * {@code forward(studentLogits, teacherLogits)}: the gradient is with respect to the student only.
 * The full distillation loss, this term mixed with cross-entropy on the labels, is
 * {@code org.paramlab.compress.DistillationLoss}.
 *
 * <p>How it differs from PyTorch's {@code nn.KLDivLoss}, which computes the same KL(p || q) but asks
 * more of the caller: it takes the student's <em>log</em>-probabilities and the teacher's probabilities
 * (here both are raw logits), knows nothing of a temperature (the caller divides by T and multiplies
 * by T^2), and by default ({@code reduction='mean'}) divides by batch x k numbers instead of the batch
 * size, which is not the KL divergence; {@code reduction='batchmean'} matches the mean over rows used here.
 */
public final class SoftTargetLoss extends AbstractLoss {

    private final float temperature;

    public SoftTargetLoss(float temperature) {
        super("softTargetLoss");
        if (!Float.isFinite(temperature) || temperature <= 0f) {
            throw new IllegalArgumentException("softTargetLoss: temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    public float temperature() {
        return temperature;
    }

    @Override
    public float forward(FMatrixRMaj studentLogits, FMatrixRMaj teacherLogits) {
        prepare(studentLogits, teacherLogits);
        int rows = studentLogits.numRows;
        int cols = studentLogits.numCols;
        float[] s = studentLogits.data;
        float[] t = teacherLogits.data;
        float[] g = gradient.data;
        float invT = 1f / temperature;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int start = r * cols;
            float lseS = LogSumExp.ofRow(s, start, cols, invT, g);  // log sum_k e^(s_k / T); g: scratch
            float lseT = LogSumExp.ofRow(t, start, cols, invT, g);
            double rowKl = 0;
            for (int c = 0; c < cols; c++) {
                float logQ = s[start + c] * invT - lseS;              // log q_j
                float logP = t[start + c] * invT - lseT;              // log p_j
                float p = (float) Math.exp(logP);
                rowKl += p * (logP - logQ);                           // p_j (log p_j - log q_j)
                float q = (float) Math.exp(logQ);
                g[start + c] = temperature * (q - p) / rows;          // dStudent = T (q - p) / B
            }
            total += rowKl;
        }
        return (float) (temperature * temperature * total / rows);
    }

    @Override
    public String toString() {
        return "SoftTargetLoss(temperature=" + temperature + ")";
    }
}
