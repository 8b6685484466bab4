package org.paramlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

class StandardizerTest {

    @Test
    void fitsOnTrainingDataAndAppliesTheSameNumbersElsewhere() {
        // feature 0: 1, 2, 3, 4 (mean 2.5, std sqrt(1.25)); feature 1 constant 7
        Dataset train = Dataset.of(new FMatrixRMaj(new float[][] {{1, 7}, {2, 7}, {3, 7}, {4, 7}}), new FMatrixRMaj(4, 1));
        Dataset test = Dataset.of(new FMatrixRMaj(new float[][] {{10, 7}}), new FMatrixRMaj(1, 1));
        Standardizer scaler = Standardizer.fit(train);
        assertEquals(2.5f, scaler.means()[0]);
        assertEquals((float) Math.sqrt(1.25), scaler.stds()[0], 1e-6);
        assertEquals(1f, scaler.stds()[1], "a constant feature keeps std 1 (no division by zero)");

        Dataset z = scaler.transform(train);
        double mean = 0;
        double squares = 0;
        for (int i = 0; i < 4; i++) {
            mean += z.features().get(i, 0) / 4.0;
            squares += z.features().get(i, 0) * z.features().get(i, 0) / 4.0;
            assertEquals(0f, z.features().get(i, 1), "constant feature becomes 0");
        }
        assertEquals(0, mean, 1e-6);
        assertEquals(1, squares, 1e-6);
        // the test example is scaled with the training mean and std, not its own
        assertEquals((10 - 2.5) / Math.sqrt(1.25), scaler.transform(test).features().get(0, 0), 1e-5);
        assertEquals(10f, scaler.inverse(scaler.transform(test).features()).get(0, 0), 1e-5);
        assertEquals(1f, train.features().get(0, 0), "the input dataset is unchanged");
    }

    @Test
    void wrongFeatureCountIsRejected() {
        Standardizer scaler = Standardizer.fit(Dataset.of(new FMatrixRMaj(3, 2), new FMatrixRMaj(3, 1)));
        assertEquals("this standardizer was fitted on 2 features, but the data has 5 (shape 4x5)",
                assertThrows(IllegalArgumentException.class, () -> scaler.transform(new FMatrixRMaj(4, 5))).getMessage());
        assertEquals("this standardizer was fitted on 2 features, but the data has 1 (shape 3x1)",
                assertThrows(IllegalArgumentException.class, () -> scaler.inverse(new FMatrixRMaj(3, 1))).getMessage());
    }
}
