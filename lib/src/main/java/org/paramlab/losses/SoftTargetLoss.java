package org.paramlab.losses;

import org.ejml.data.FMatrixRMaj;

/**
 * Knowledge distillation loss (Hinton et al. 2015): how far the student's softened class
 * probabilities are from the teacher's. Both inputs are logits (batch x k); the temperature T &gt; 1
 * softens both distributions so the student also learns which wrong answers the teacher found
 * "almost right". Multiplying by T^2 keeps gradients the same size whatever T is.
 * <pre>
 *   p = softmax(teacher / T),   q = softmax(student / T)
 *   L  = T^2 * (1/B) * sum_rows sum_j p_j (log p_j - log q_j)
 *   dStudent = T * (q - p) / B
 * </pre>
 * {@code forward(studentLogits, teacherLogits)}: the gradient is with respect to the student only.
 */
public final class KLDivergence extends AbstractLoss {

    private final float temperature;

    public KLDivergence(float temperature) {
        super("klDivergence");
        if (!Float.isFinite(temperature) || temperature <= 0f) {
            throw new IllegalArgumentException("klDivergence: temperature must be > 0, got " + temperature);
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
            float lseS = logSumExp(s, start, cols, invT);             // log sum_k e^(s_k / T)
            float lseT = logSumExp(t, start, cols, invT);
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
        return "KLDivergence(temperature=" + temperature + ")";
    }
}
