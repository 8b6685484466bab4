package org.paramlab.data;

import java.util.Arrays;

import org.ejml.data.FMatrixRMaj;

/**
 * Standardisation: each feature becomes {@code z = (x - mean) / std}, so every feature has mean 0
 * and spread 1 and no feature dominates just because of its unit (metres vs millimetres).
 *
 * <p>Fit it on the <b>training split only</b> and apply the same numbers to validation and test:
 * computing the mean on the test data would leak the test into training.
 * <pre>{@code
 * Standardizer scaler = Standardizer.fit(split.train());
 * Dataset train = scaler.transform(split.train());
 * Dataset test  = scaler.transform(split.test());
 * }</pre>
 */
public final class Standardizer {

    private final float[] means;
    private final float[] stds;

    private Standardizer(float[] means, float[] stds) {
        this.means = means;
        this.stds = stds;
    }

    /** Learns the mean and standard deviation of every feature of {@code train}. */
    public static Standardizer fit(Dataset train) {
        FMatrixRMaj x = train.features();
        int n = x.numRows;
        int d = x.numCols;
        float[] means = new float[d];
        float[] stds = new float[d];
        for (int j = 0; j < d; j++) {
            // accumulate in double: a float sum of thousands of values loses digits
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += x.unsafe_get(i, j);
            }
            double mean = sum / n;                                     // mean = (1/n) sum_i x_ij
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double diff = x.unsafe_get(i, j) - mean;
                squares += diff * diff;
            }
            double std = Math.sqrt(squares / n);                      // std = sqrt((1/n) sum_i (x_ij - mean)^2)
            means[j] = (float) mean;
            // a constant feature has std 0: keep it at 0 instead of dividing by zero
            stds[j] = std > 1e-12 ? (float) std : 1f;
        }
        return new Standardizer(means, stds);
    }

    /** A new dataset whose features are {@code (x - mean) / std}; targets are unchanged. */
    public Dataset transform(Dataset data) {
        return data.withFeatures(transform(data.features()));
    }

    /** A new matrix {@code (x - mean) / std}, column by column. */
    public FMatrixRMaj transform(FMatrixRMaj x) {
        checkFeatureCount(x);
        FMatrixRMaj z = new FMatrixRMaj(x.numRows, x.numCols);
        for (int i = 0; i < x.numRows; i++) {
            for (int j = 0; j < x.numCols; j++) {
                z.unsafe_set(i, j, (x.unsafe_get(i, j) - means[j]) / stds[j]);   // z = (x - mean) / std
            }
        }
        return z;
    }

    /** The inverse: {@code x = z * std + mean}. */
    public FMatrixRMaj inverse(FMatrixRMaj z) {
        checkFeatureCount(z);
        FMatrixRMaj x = new FMatrixRMaj(z.numRows, z.numCols);
        for (int i = 0; i < z.numRows; i++) {
            for (int j = 0; j < z.numCols; j++) {
                x.unsafe_set(i, j, z.unsafe_get(i, j) * stds[j] + means[j]);     // x = z * std + mean
            }
        }
        return x;
    }

    /** The data must have as many columns as the training features this standardizer was fitted on. */
    private void checkFeatureCount(FMatrixRMaj m) {
        if (m.numCols != means.length) {
            throw new IllegalArgumentException("this standardizer was fitted on " + means.length
                    + " features, but the data has " + m.numCols + " (shape " + m.numRows + "x" + m.numCols + ")");
        }
    }

    public float[] means() { return means.clone(); }

    /** The standard deviations used (1 for a constant feature). */
    public float[] stds() { return stds.clone(); }

    @Override
    public String toString() {
        return "Standardizer[means=" + Arrays.toString(means) + ", stds=" + Arrays.toString(stds) + "]";
    }
}
