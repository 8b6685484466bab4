package org.paramlab.losses;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.paramlab.check.GradientCheck;

/** Each loss's gradient agrees with central differences of its value, at random shapes. */
class LossGradientTest {

    private static Random rng(RepetitionInfo info) {
        return new Random(2000L + info.getCurrentRepetition());
    }

    private static FMatrixRMaj oneHot(Random rng, int rows, int cols) {
        FMatrixRMaj t = new FMatrixRMaj(rows, cols);
        for (int r = 0; r < rows; r++) {
            t.set(r, rng.nextInt(cols), 1f);
        }
        return t;
    }

    @RepeatedTest(8)
    void meanSquaredError(RepetitionInfo info) {
        Random rng = rng(info);
        int rows = 1 + rng.nextInt(6), cols = 1 + rng.nextInt(4);
        GradientCheck.checkLoss(new MeanSquaredError(), GradientCheck.random(rng, rows, cols, 2f),
                GradientCheck.random(rng, rows, cols, 2f));
    }

    /** Mostly hard 0/1 labels, some soft labels in between. */
    private static FMatrixRMaj yesNoTargets(Random rng, int rows, int cols) {
        FMatrixRMaj target = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < target.data.length; i++) {
            target.data[i] = rng.nextInt(3) == 0 ? rng.nextFloat() : (rng.nextBoolean() ? 1f : 0f);
        }
        return target;
    }

    @RepeatedTest(8)
    void binaryCrossEntropyWithLogits(RepetitionInfo info) {
        Random rng = rng(info);
        int rows = 1 + rng.nextInt(6), cols = 1 + rng.nextInt(3);
        FMatrixRMaj target = yesNoTargets(rng, rows, cols);
        GradientCheck.checkLoss(new BinaryCrossEntropyWithLogits(), GradientCheck.random(rng, rows, cols, 4f), target);
    }

    @RepeatedTest(8)
    void binaryCrossEntropyWithLogitsAndAPositiveWeight(RepetitionInfo info) {
        Random rng = rng(info);
        int rows = 1 + rng.nextInt(6), cols = 1 + rng.nextInt(3);
        FMatrixRMaj target = yesNoTargets(rng, rows, cols);
        float weight = 0.5f + 10 * rng.nextFloat();   // class weighting: each positive target counts this many times
        GradientCheck.checkLoss(new BinaryCrossEntropyWithLogits(weight), GradientCheck.random(rng, rows, cols, 4f), target);
    }

    @RepeatedTest(8)
    void softmaxCrossEntropy(RepetitionInfo info) {
        Random rng = rng(info);
        int rows = 1 + rng.nextInt(6), cols = 2 + rng.nextInt(6);
        GradientCheck.checkLoss(new SoftmaxCrossEntropy(), GradientCheck.random(rng, rows, cols, 3f),
                oneHot(rng, rows, cols));
    }

    @RepeatedTest(8)
    void softmaxCrossEntropyWithSoftTargets(RepetitionInfo info) {
        Random rng = rng(info);
        int rows = 1 + rng.nextInt(6), cols = 2 + rng.nextInt(6);
        FMatrixRMaj target = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < target.data.length; i++) {
            target.data[i] = rng.nextFloat();
        }
        GradientCheck.checkLoss(new SoftmaxCrossEntropy(), GradientCheck.random(rng, rows, cols, 3f), target);
    }

    @RepeatedTest(8)
    void softTargetLoss(RepetitionInfo info) {
        Random rng = rng(info);
        int rows = 1 + rng.nextInt(6), cols = 2 + rng.nextInt(6);
        float temperature = 0.5f + 4f * rng.nextFloat();
        GradientCheck.checkLoss(new SoftTargetLoss(temperature), GradientCheck.random(rng, rows, cols, 3f),
                GradientCheck.random(rng, rows, cols, 3f));
    }
}
