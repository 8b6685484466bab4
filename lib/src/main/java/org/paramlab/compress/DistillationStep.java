package org.paramlab.compress;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.data.Batches;
import org.paramlab.data.Dataset;
import org.paramlab.layers.EvaluationMode;
import org.paramlab.layers.Layer;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.optim.Optimizer;
import org.paramlab.train.TrainingStep;

/**
 * The training step of distillation: the usual five lines, with the teacher's logits for the same
 * batch in the loss.
 * <pre>
 *   optimizer.zeroGrad()
 *   studentLogits = student.forward(X)
 *   teacherLogits = teacher.forward(X)                      (evaluation mode; the teacher only answers)
 *   loss = alpha * T^2 * KL(p || q) + (1 - alpha) * CE(studentLogits, Y)
 *   student.backward(dLoss/dStudentLogits);  optimizer.step()   (only the student learns)
 * </pre>
 * <pre>{@code
 * History h = new Trainer(new DistillationStep(student, teacher, new DistillationLoss(4f, 0.9f),
 *         new Adam(student.parameters(), 0.01f))).epochs(30).seed(1).fit(train, test);
 * }</pre>
 * The training loss the trainer reports is the distillation loss; the validation loss is plain
 * cross-entropy on the labels, so runs with and without a teacher compare on the same scale.
 *
 * <p>The teacher does not learn, so its logits for a dataset are computed once, the first time a batch
 * of it comes by, and looked up by row after that: the same numbers as a teacher forward pass per
 * batch, without paying for a large teacher on every step of every epoch.
 */
public final class DistillationStep extends TrainingStep {

    private final Layer teacher;
    private final DistillationLoss distillation;
    private Dataset answered;                                     // the dataset the teacher's logits are for
    private FMatrixRMaj answers;                                  // teacher logits, one row per example of it
    private final FMatrixRMaj teacherBatch = new FMatrixRMaj(1, 1);
    private static final int ANSWER_ROWS = 256;                   // rows per teacher forward pass when answering

    public DistillationStep(Layer student, Layer teacher, DistillationLoss loss, Optimizer optimizer) {
        super(student, new SoftmaxCrossEntropy(), optimizer);
        if (teacher == null || loss == null) {
            throw new IllegalArgumentException("distillation step: the " + (teacher == null ? "teacher" : "loss")
                    + " is null");
        }
        if (teacher == student) {
            throw new IllegalArgumentException("distillation step: the teacher and the student are the same model");
        }
        this.teacher = teacher;
        this.distillation = loss;
    }

    public Layer teacher() { return teacher; }

    public DistillationLoss distillationLoss() { return distillation; }

    @Override
    protected float loss(FMatrixRMaj studentLogits, Batches.Batch batch) {
        return distillation.forward(studentLogits, teacherLogits(batch), batch.targets());
    }

    /** The teacher's logits for the examples of {@code batch}, in batch order. */
    FMatrixRMaj teacherLogits(Batches.Batch batch) {
        if (batch.dataset() != answered) {
            answers = answersFor(batch.dataset());
            answered = batch.dataset();
        }
        int k = answers.numCols;
        teacherBatch.reshape(batch.size(), k);
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(answers.data, batch.row(i) * k, teacherBatch.data, i * k, k);
        }
        return teacherBatch;
    }

    /**
     * The teacher's logits for every example of {@code data}, in evaluation mode (dropout off: its best answer,
     * the same every epoch). Computed {@value #ANSWER_ROWS} rows at a time, so the teacher's own buffers
     * stay batch-sized: a language model's 20,000 x 2,004 logits are kept once here, not twice.
     */
    private FMatrixRMaj answersFor(Dataset data) {
        return EvaluationMode.run(teacher, () -> {
            FMatrixRMaj all = null;
            for (Batches.Batch part : Batches.inOrder(data, ANSWER_ROWS)) {
                FMatrixRMaj logits = teacher.forward(part.features());
                if (all == null) {
                    all = new FMatrixRMaj(data.size(), logits.numCols);
                }
                // in order: the part's first example is row part.row(0) of the dataset
                System.arraycopy(logits.data, 0, all.data, part.row(0) * logits.numCols, part.size() * logits.numCols);
            }
            return all;
        });
    }

    @Override
    protected FMatrixRMaj lossGradient() {
        return distillation.backward();
    }
}
