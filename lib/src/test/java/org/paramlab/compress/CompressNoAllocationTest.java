package org.paramlab.compress;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.data.Batches;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Dense;
import org.paramlab.layers.Dropout;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;
import org.paramlab.optim.Adam;
import org.paramlab.check.GradientCheck;
import org.paramlab.train.TrainingStep;
import org.paramlab.testing.Allocation;

/** A distillation step with a masked optimizer, warmed up, allocates nothing per batch (a byte count, not a timing). */
class CompressNoAllocationTest {

    @Test
    void distillingAPrunedStudentAllocatesNothingPerStep() {
        Random rng = new Random(5);
        FMatrixRMaj x = GradientCheck.random(rng, 8, 12, 1f);
        int[] labels = new int[8];
        for (int r = 0; r < 8; r++) labels[r] = r % 4;
        Batches.Batch batch = Batches.inOrder(Dataset.ofClasses(x, labels, "a", "b", "c", "d"), 8).iterator().next();
        Sequential teacher = new Sequential(new Dense("t1", 12, 32, 1), new ReLU(), new Dropout(0.2f, 1), new Dense("t2", 32, 4, 2));
        Sequential student = new Sequential(new Dense("s1", 12, 6, 3), new ReLU(), new Dense("s2", 6, 4, 4));
        PruningMask mask = Pruning.magnitude(student, 0.5, Pruning.Scope.GLOBAL);
        TrainingStep step = new DistillationStep(student, teacher, new DistillationLoss(4f, 0.7f),
                new MaskedOptimizer(new Adam(student.parameters(), 0.001f), mask));
        Allocation.assertBelowOnceWarm("a warmed-up distillation step", 64, 200, () -> {
            step.forward(batch);
            step.update();
        });
    }
}
