package org.paramlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.core.Parameter;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Dense;
import org.paramlab.losses.MeanSquaredError;
import org.paramlab.optim.SGD;

class WarmupCosineTest {

    private static SGD optimizer() {
        return new SGD(List.of(new Parameter("p", Parameter.Role.WEIGHT, 1, 1)), 1f);
    }

    @Test
    void warmsUpLinearlyThenFollowsTheCosineDownToTheFloor() {
        WarmupCosine s = new WarmupCosine(optimizer(), 1f, 10, 110, 0.1f);
        assertEquals(0.1f, s.learningRate(1), 1e-7f);         // 1/10 of the peak
        assertEquals(0.5f, s.learningRate(5), 1e-7f);
        assertEquals(1f, s.learningRate(10), 1e-7f);          // the peak at the end of the warm-up
        assertEquals(0.55f, s.learningRate(60), 1e-6f);       // half-way down: floor + (peak - floor) / 2
        assertEquals(0.1f + 0.9f * (1 + Math.cos(Math.PI * 0.25)) / 2, s.learningRate(35), 1e-6);
        assertEquals(0.1f, s.learningRate(110), 0f);
        assertEquals(0.1f, s.learningRate(500), 0f);          // past the end: the floor
    }

    @Test
    void theTrainerRunsEveryStepAtTheScheduledRate() {
        Random rng = new Random(3);
        FMatrixRMaj x = new FMatrixRMaj(40, 2);
        FMatrixRMaj y = new FMatrixRMaj(40, 1);
        for (int i = 0; i < 40; i++) {
            x.data[2 * i] = rng.nextFloat();
            x.data[2 * i + 1] = rng.nextFloat();
            y.data[i] = x.data[2 * i] - x.data[2 * i + 1];
        }
        Dense model = new Dense(2, 1, 1L);
        SGD sgd = new SGD(model.parameters(), 0.5f);
        WarmupCosine schedule = new WarmupCosine(sgd, 0.2f, 3, 20, 0.01f);
        assertEquals(schedule.learningRate(1), sgd.learningRate(), 0f, "made: the rate of step 1 is set");
        List<Float> seen = new ArrayList<>();
        // a listener added before the schedule sees the rate the step just finished used
        new Trainer(model, new MeanSquaredError(), sgd).epochs(2).batchSize(4)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepInfo step) {
                        seen.add(sgd.learningRate());
                    }
                })
                .listener(schedule)
                .fit(Dataset.of(x, y));
        assertEquals(20, seen.size());
        for (int t = 1; t <= 20; t++) {
            assertEquals(schedule.learningRate(t), seen.get(t - 1), 0f, "step " + t);
        }
        assertTrue(seen.get(2) > seen.get(0) && seen.get(19) < seen.get(3));
    }

    @Test
    void badSettingsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> new WarmupCosine(optimizer(), 1f, 10, 10, 0.1f));
        IllegalArgumentException floor = assertThrows(IllegalArgumentException.class,
                () -> new WarmupCosine(optimizer(), 1f, 0, 10, 0f));
        assertEquals("warm-up cosine schedule: the floor must be in (0, peak = 1.0], got 0.0", floor.getMessage());
    }
}
