package org.paramlab.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.Parameter;
import org.paramlab.layers.Layer;
import org.paramlab.losses.Loss;

/**
 * Numerical gradient checks by central differences: d f / d x_i ~ (f(x + h e_i) - f(x - h e_i)) / 2h.
 *
 * <p>The layers compute in float; the scalar objective is summed in double so that the only float
 * error is the layer's own. With h = 1e-2 the truncation error is O(h^2) and the rounding error
 * about 1e-7 / h (times the size of the objective), so we ask for agreement within 0.5% relative
 * plus 5e-4 absolute: loose enough for float rounding, tight enough that a wrong factor
 * (a missing T, a forgotten 2, a transposed product) fails loudly.
 */
public final class GradientCheck {

    public static final float H = 1e-2f;
    public static final double REL_TOL = 5e-3;
    public static final double ABS_TOL = 5e-4;

    private GradientCheck() {
    }

    public static FMatrixRMaj random(Random rng, int rows, int cols, float scale) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = scale * (2f * rng.nextFloat() - 1f);
        }
        return m;
    }

    /** f(x) = sum_i out_i * weight_i in double: a scalar whose gradient w.r.t. out is exactly {@code weight}. */
    public static double weightedSum(FMatrixRMaj out, FMatrixRMaj weight) {
        double s = 0;
        for (int i = 0; i < out.getNumElements(); i++) {
            s += (double) out.data[i] * weight.data[i];
        }
        return s;
    }

    /**
     * Checks a layer's input gradient and every parameter gradient against central differences of
     * f = sum(forward(x) * R) for a fixed random R.
     */
    public static void checkLayer(Layer layer, FMatrixRMaj x, Random rng) {
        checkLayer(layer, () -> layer, x, rng, true);
    }

    /**
     * As {@link #checkLayer(Layer, FMatrixRMaj, Random)}, with {@code fresh} giving the layer to evaluate
     * for each numerical probe (for layers with a random state such as Dropout: a new layer with the same seed).
     */
    public static void checkLayer(Layer layer, java.util.function.Supplier<Layer> fresh, FMatrixRMaj x, Random rng,
                                  boolean checkInput) {
        FMatrixRMaj out = layer.forward(x);
        FMatrixRMaj r = random(rng, out.numRows, out.numCols, 1f);
        for (Parameter p : layer.parameters()) {
            p.zeroGrad();
        }
        FMatrixRMaj dx = layer.backward(r).copy();
        FMatrixRMaj[] paramGrads = layer.parameters().stream().map(p -> p.grad().copy()).toArray(FMatrixRMaj[]::new);

        if (checkInput) {
            for (int i = 0; i < x.getNumElements(); i++) {
                int idx = i;
                double numeric = central(x, idx, () -> weightedSum(fresh.get().forward(x), r));
                compare(layer.name() + " dInput[" + idx + "]", dx.data[idx], numeric);
            }
        }
        for (int k = 0; k < paramGrads.length; k++) {
            Parameter p = layer.parameters().get(k);
            for (int i = 0; i < p.count(); i++) {
                double numeric = central(p.value(), i, () -> weightedSum(fresh.get().forward(x), r));
                compare(p.name() + " grad[" + i + "]", paramGrads[k].data[i], numeric);
            }
        }
    }

    /** Checks a loss's gradient w.r.t. its prediction against central differences of the loss value. */
    public static void checkLoss(Loss loss, FMatrixRMaj prediction, FMatrixRMaj target) {
        loss.forward(prediction, target);
        FMatrixRMaj grad = loss.backward().copy();
        for (int i = 0; i < prediction.getNumElements(); i++) {
            double numeric = central(prediction, i, () -> loss.forward(prediction, target));
            compare(loss.name() + " dPrediction[" + i + "]", grad.data[i], numeric);
        }
    }

    private static double central(FMatrixRMaj m, int i, java.util.function.DoubleSupplier f) {
        float saved = m.data[i];
        m.data[i] = saved + H;
        double plus = f.getAsDouble();
        m.data[i] = saved - H;
        double minus = f.getAsDouble();
        m.data[i] = saved;
        // divide by the step actually taken in float
        double step = (double) (saved + H) - (double) (saved - H);
        return (plus - minus) / step;
    }

    private static void compare(String what, double analytic, double numeric) {
        double diff = Math.abs(analytic - numeric);
        double allowed = ABS_TOL + REL_TOL * Math.max(Math.abs(analytic), Math.abs(numeric));
        if (!(diff <= allowed)) {
            fail(what + ": analytic " + analytic + " vs numeric " + numeric + " (difference " + diff + " > " + allowed + ")");
        }
    }

}
