package org.paramlab.compress;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.LogSumExp;
import org.paramlab.data.ClassIds;
import org.paramlab.losses.SoftTargetLoss;
import org.paramlab.losses.SoftmaxCrossEntropy;

/**
 * Knowledge distillation (知识蒸馏, Hinton et al. 2015): a student learns from the teacher's
 * softened answers and from the true labels at once.
 * <pre>
 *   p = softmax(teacher / T),  q = softmax(student / T)          soft targets and the student's soft answers
 *   L = alpha * T^2 * KL(p || q)  +  (1 - alpha) * CE(student, labels)
 *   dStudent = alpha * T * (q - p) / B  +  (1 - alpha) * (softmax(student) - labels) / B
 * </pre>
 * T (temperature, 温度) &gt; 0 softens: at T = 1 the teacher's "2" may be 0.996 "2"; at T = 4 the
 * small probabilities it gives "3" and "8" (how alike it finds them, the "dark knowledge") become
 * visible. alpha in [0, 1] weighs the teacher against the labels: 1 = teacher only (no labels needed),
 * 0 = labels only (plain training). The T^2 keeps the soft term's gradient the same size at any T.
 *
 * <p>All three inputs are batch x k: the student's logits, the teacher's logits for the same
 * examples, and one-hot labels (or one column of class ids). The gradient is with respect to the student's logits only.
 */
public final class DistillationLoss {

    private final float temperature;
    private final float alpha;
    private final SoftTargetLoss soft;
    private final SoftmaxCrossEntropy hard = new SoftmaxCrossEntropy();
    private final FMatrixRMaj gradient = new FMatrixRMaj(1, 1);
    private float lastSoft = Float.NaN;
    private float lastHard = Float.NaN;

    public DistillationLoss(float temperature, float alpha) {
        if (!Float.isFinite(temperature) || temperature <= 0f) {
            throw new IllegalArgumentException("distillation: temperature T must be > 0, got " + temperature);
        }
        if (!(alpha >= 0f && alpha <= 1f)) {
            throw new IllegalArgumentException("distillation: alpha (the teacher's weight) must be in [0, 1], got "
                    + alpha);
        }
        this.temperature = temperature;
        this.alpha = alpha;
        this.soft = new SoftTargetLoss(temperature);
    }

    public float temperature() { return temperature; }

    public float alpha() { return alpha; }

    /** The loss for one batch: alpha * T^2 * KL(p || q) + (1 - alpha) * CE(student, labels). */
    public float forward(FMatrixRMaj studentLogits, FMatrixRMaj teacherLogits, FMatrixRMaj labels) {
        if (studentLogits == null || teacherLogits == null || labels == null) {
            throw new IllegalArgumentException("distillation: "
                    + (studentLogits == null ? "student logits" : teacherLogits == null ? "teacher logits" : "labels")
                    + " are null");
        }
        if (teacherLogits.numRows != studentLogits.numRows || teacherLogits.numCols != studentLogits.numCols) {
            throw new IllegalArgumentException("distillation: student logits are " + shape(studentLogits)
                    + " but teacher logits are " + shape(teacherLogits) + "; they must have the same shape");
        }
        if (labels.numRows != studentLogits.numRows || (labels.numCols != studentLogits.numCols
                && !ClassIds.areClassIds(labels, studentLogits.numCols))) {
            throw new IllegalArgumentException("distillation: student logits are " + shape(studentLogits)
                    + " but labels are " + shape(labels) + "; labels must be one-hot rows of the same shape, or one column of class ids");
        }
        lastSoft = soft.forward(studentLogits, teacherLogits);    // T^2 KL(p || q)
        lastHard = hard.forward(studentLogits, labels);           // CE(student, labels)
        FMatrixRMaj gSoft = soft.backward();
        FMatrixRMaj gHard = hard.backward();
        gradient.reshape(studentLogits.numRows, studentLogits.numCols);
        int n = studentLogits.getNumElements();
        for (int i = 0; i < n; i++) {
            gradient.data[i] = alpha * gSoft.data[i] + (1f - alpha) * gHard.data[i];
        }
        return alpha * lastSoft + (1f - alpha) * lastHard;
    }

    /** dLoss/dStudentLogits of the last {@link #forward} (a buffer reused by the next call). */
    public FMatrixRMaj backward() {
        if (Float.isNaN(lastSoft)) {
            throw new IllegalStateException("distillation: backward called before forward");
        }
        return gradient;
    }

    /** The soft term T^2 * KL(p || q) of the last batch (before weighting by alpha). */
    public float lastSoftLoss() { return lastSoft; }

    /** The hard term CE(student, labels) of the last batch (before weighting by 1 - alpha). */
    public float lastHardLoss() { return lastHard; }

    /**
     * The soft targets: softmax(logits / T) for every row, a fresh matrix. At T = 1 the plain
     * probabilities; the larger T, the flatter, and the more the small ones show.
     */
    public static FMatrixRMaj softTargets(FMatrixRMaj logits, float temperature) {
        if (!Float.isFinite(temperature) || temperature <= 0f) {
            throw new IllegalArgumentException("soft targets: temperature T must be > 0, got " + temperature);
        }
        FMatrixRMaj p = new FMatrixRMaj(logits.numRows, logits.numCols);
        for (int r = 0; r < logits.numRows; r++) {                     // p = softmax(z / T), row by row
            LogSumExp.softmaxRow(logits.data, r * logits.numCols, logits.numCols, 1f / temperature, p.data);
        }
        return p;
    }

    private static String shape(FMatrixRMaj m) {
        return m.numRows + "x" + m.numCols;
    }

    @Override
    public String toString() {
        return "DistillationLoss(T=" + temperature + ", alpha=" + alpha + ")";
    }
}
