package org.paramlab.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.paramlab.data.Batches;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Dense;
import org.paramlab.layers.Dropout;
import org.paramlab.layers.EvaluationMode;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;
import org.paramlab.losses.AbstractLoss;
import org.paramlab.losses.SoftTargetLoss;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.metrics.Metrics;
import org.paramlab.optim.Adam;
import org.paramlab.check.GradientCheck;
import org.paramlab.train.History;
import org.paramlab.train.Trainer;

/** The distillation loss: its value, its gradient (numerically checked), its errors, and the step in the trainer. */
class DistillationTest {

    private static FMatrixRMaj oneHot(Random rng, int rows, int cols) {
        FMatrixRMaj t = new FMatrixRMaj(rows, cols);
        for (int r = 0; r < rows; r++) {
            t.set(r, rng.nextInt(cols), 1f);
        }
        return t;
    }

    /** The distillation loss seen as a Loss of the student's logits, with teacher and labels fixed. */
    private static final class FixedTeacher extends AbstractLoss {
        private final DistillationLoss kd;
        private final FMatrixRMaj teacher;

        FixedTeacher(DistillationLoss kd, FMatrixRMaj teacher) {
            super("distillation");
            this.kd = kd;
            this.teacher = teacher;
        }

        @Override
        public float forward(FMatrixRMaj student, FMatrixRMaj labels) {
            return kd.forward(student, teacher, labels);
        }

        @Override
        public FMatrixRMaj backward() {
            return kd.backward();
        }
    }

    @RepeatedTest(10)
    void gradientMatchesCentralDifferences(RepetitionInfo info) {
        Random rng = new Random(7000L + info.getCurrentRepetition());
        int rows = 1 + rng.nextInt(6), cols = 2 + rng.nextInt(8);
        float temperature = 0.5f + 7.5f * rng.nextFloat();
        float alpha = rng.nextFloat();
        FMatrixRMaj teacher = GradientCheck.random(rng, rows, cols, 4f);
        GradientCheck.checkLoss(new FixedTeacher(new DistillationLoss(temperature, alpha), teacher),
                GradientCheck.random(rng, rows, cols, 3f), oneHot(rng, rows, cols));
    }

    @Test
    void valueMixesTheSoftAndTheHardTerm() {
        Random rng = new Random(3);
        FMatrixRMaj student = GradientCheck.random(rng, 5, 4, 2f);
        FMatrixRMaj teacher = GradientCheck.random(rng, 5, 4, 2f);
        FMatrixRMaj labels = oneHot(rng, 5, 4);
        float soft = new SoftTargetLoss(3f).forward(student, teacher);
        float hard = new SoftmaxCrossEntropy().forward(student, labels);
        DistillationLoss kd = new DistillationLoss(3f, 0.7f);
        assertEquals(0.7f * soft + 0.3f * hard, kd.forward(student, teacher, labels), 1e-6f);
        assertEquals(soft, kd.lastSoftLoss(), 1e-6f);
        assertEquals(hard, kd.lastHardLoss(), 1e-6f);
        // alpha = 0 is plain training on the labels: the same value and gradient as cross-entropy
        DistillationLoss labelsOnly = new DistillationLoss(3f, 0f);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        assertEquals(ce.forward(student, labels), labelsOnly.forward(student, teacher, labels), 1e-7f);
        assertArrayEquals(ce.backward().data, labelsOnly.backward().data, 1e-8f);
        // a student that answers exactly like the teacher has nothing left to learn from it
        DistillationLoss teacherOnly = new DistillationLoss(4f, 1f);
        assertEquals(0f, teacherOnly.forward(teacher, teacher, labels), 1e-6f);
    }

    @Test
    void softTargetsAreFlatterAtHigherTemperature() {
        FMatrixRMaj logits = new FMatrixRMaj(new float[][] {{8f, 2f, 1f, 0f}});
        FMatrixRMaj t1 = DistillationLoss.softTargets(logits, 1f);
        FMatrixRMaj t4 = DistillationLoss.softTargets(logits, 4f);
        double sum1 = 0, sum4 = 0;
        for (int c = 0; c < 4; c++) {
            sum1 += t1.get(0, c);
            sum4 += t4.get(0, c);
        }
        assertEquals(1.0, sum1, 1e-6);
        assertEquals(1.0, sum4, 1e-6);
        assertEquals(Math.exp(8) / (Math.exp(8) + Math.exp(2) + Math.exp(1) + 1), t1.get(0, 0), 1e-6);
        assertTrue(t4.get(0, 0) < t1.get(0, 0), "the top class loses probability at T = 4");
        assertTrue(t4.get(0, 1) > 10 * t1.get(0, 1), "the second class becomes visible at T = 4");
    }

    @Test
    void badInputIsNamed() {
        assertEquals("distillation: temperature T must be > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(0f, 0.5f)).getMessage());
        assertEquals("distillation: alpha (the teacher's weight) must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(2f, 1.5f)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(2f, Float.NaN));
        DistillationLoss kd = new DistillationLoss(2f, 0.5f);
        assertEquals("distillation: backward called before forward",
                assertThrows(IllegalStateException.class, kd::backward).getMessage());
        assertEquals("distillation: student logits are 4x10 but teacher logits are 4x9; they must have the same shape",
                assertThrows(IllegalArgumentException.class,
                        () -> kd.forward(new FMatrixRMaj(4, 10), new FMatrixRMaj(4, 9), new FMatrixRMaj(4, 10))).getMessage());
        assertEquals("distillation: student logits are 4x10 but labels are 3x10; labels must be one-hot rows of the same shape, or one column of class ids",
                assertThrows(IllegalArgumentException.class,
                        () -> kd.forward(new FMatrixRMaj(4, 10), new FMatrixRMaj(4, 10), new FMatrixRMaj(3, 10))).getMessage());
        Dense model = new Dense("d", 2, 2, 1);
        assertEquals("distillation step: the teacher and the student are the same model",
                assertThrows(IllegalArgumentException.class, () -> new DistillationStep(model, model, kd,
                        new Adam(model.parameters(), 0.01f))).getMessage());
    }

    /** Three noisy blobs in 2-D, classes 0..2. */
    static Dataset blobs(int n, long seed) {
        Random rng = new Random(seed);
        FMatrixRMaj x = new FMatrixRMaj(n, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            labels[i] = c;
            x.set(i, 0, (float) (Math.cos(2 * Math.PI * c / 3) + 0.5 * rng.nextGaussian()));
            x.set(i, 1, (float) (Math.sin(2 * Math.PI * c / 3) + 0.5 * rng.nextGaussian()));
        }
        return Dataset.ofClasses(x, labels, "a", "b", "c");
    }

    @Test
    void theTeacherAnswersEveryBatchAsAForwardPassInEvaluationModeWould() {
        Dataset data = blobs(100, 2);
        Sequential teacher = new Sequential(new Dense("t1", 2, 16, 1), new ReLU(), new Dropout(0.5f, 3),
                new Dense("t2", 16, 3, 2));
        Sequential student = new Sequential(new Dense("s1", 2, 3, 5));
        DistillationStep step = new DistillationStep(student, teacher, new DistillationLoss(2f, 0.5f),
                new Adam(student.parameters(), 0.01f));
        int batches = 0;
        for (Batches.Batch batch : Batches.shuffled(data, 32, 4)) {
            FMatrixRMaj looked = step.teacherLogits(batch).copy();
            teacher.setTraining(false);
            FMatrixRMaj direct = teacher.forward(batch.features());
            teacher.setTraining(true);
            assertEquals(direct.numRows, looked.numRows);
            assertArrayEquals(java.util.Arrays.copyOf(direct.data, direct.getNumElements()),
                    java.util.Arrays.copyOf(looked.data, looked.getNumElements()), 1e-5f);
            batches++;
        }
        assertEquals(4, batches);
        // another dataset gets its own answers
        Dataset other = blobs(10, 9);
        Batches.Batch batch = Batches.inOrder(other, 10).iterator().next();
        FMatrixRMaj looked = step.teacherLogits(batch);
        assertArrayEquals(EvaluationMode.predict(teacher, other.features()).data,
                java.util.Arrays.copyOf(looked.data, looked.getNumElements()), 1e-5f);
    }

    @Test
    void aDistilledStudentLearnsToAnswerLikeItsTeacher() {
        Dataset data = blobs(300, 1);
        Sequential teacher = new Sequential(new Dense("t1", 2, 32, 1), new ReLU(), new Dropout(0.2f, 3),
                new Dense("t2", 32, 3, 2));
        new Trainer(teacher, new SoftmaxCrossEntropy(), new Adam(teacher.parameters(), 0.01f)).epochs(20).seed(1).fit(data);
        Sequential student = new Sequential(new Dense("s1", 2, 4, 5), new ReLU(), new Dense("s2", 4, 3, 6));
        FMatrixRMaj teacherSoft = DistillationLoss.softTargets(teacher.predict(data.features()), 4f);
        double before = new SoftTargetLoss(4f).forward(student.predict(data.features()), teacher.predict(data.features()));
        teacher.setTraining(true);   // its dropout must be off while it answers, and its own mode left alone
        DistillationStep step = new DistillationStep(student, teacher, new DistillationLoss(4f, 1f),
                new Adam(student.parameters(), 0.01f));
        History history = new Trainer(step).epochs(30).seed(2).fit(data, data);
        double after = new SoftTargetLoss(4f).forward(student.predict(data.features()), teacher.predict(data.features()));
        assertTrue(after < before / 5, "soft-target loss " + before + " -> " + after);
        assertTrue(Metrics.accuracy(student, data) > 0.8, "student accuracy " + Metrics.accuracy(student, data));
        assertEquals(30, history.epochs());
        // validation reports cross-entropy on the labels, whatever the training objective
        assertEquals(Trainer.evaluate(student, new SoftmaxCrossEntropy(), data).loss(), history.validationLoss()[29], 1e-5);
        assertSame(teacher, step.teacher());
        assertTrue(teacher.isTraining(), "the teacher's mode is restored");
        assertEquals(3, teacherSoft.numCols);
    }
}
