package org.paramlab.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.Language;
import org.paramlab.core.Parameter;
import org.paramlab.layers.Layer;
import org.paramlab.losses.Loss;

/**
 * Numerical gradient checks by central differences: d f / d x_i ~ (f(x + h e_i) - f(x - h e_i)) / 2h.
 * The library's own tests run it on every layer and loss; a notebook runs it on a layer the
 * learner wrote ({@link #layer(Layer, FMatrixRMaj, long)} returns a {@link Result} to read,
 * {@link #checkLayer(Layer, FMatrixRMaj, Random)} throws an {@link AssertionError} instead).
 *
 * <p>The layers compute in float; the scalar objective is summed in double so that the only float
 * error is the layer's own. With h = 1e-2 the truncation error is O(h^2) and the rounding error
 * about 1e-7 / h (times the size of the objective), so we ask for agreement within 0.5% relative
 * plus 5e-4 absolute: loose enough for float rounding, tight enough that a wrong factor
 * (a missing T, a forgotten 2, a transposed product, a wrong sign) fails loudly.
 */
public final class GradientCheck {

    public static final float H = 1e-2f;
    public static final double REL_TOL = 5e-3;
    public static final double ABS_TOL = 5e-4;

    private GradientCheck() {
    }

    /** What a check found: how many numbers were compared, how many disagree, and the worst one. */
    public record Result(String subject, int checked, int disagreeing, String worstAt,
                         double backprop, double numerical, double allowed) {

        /** True when every gradient agrees with its central difference. */
        public boolean passed() {
            return disagreeing == 0;
        }

        /** |backprop − numerical| of the worst number. */
        public double worstDifference() {
            return Math.abs(backprop - numerical);
        }

        @Override
        public String toString() {
            if (passed()) {
                return Language.label(
                        "gradient check of %s: all %d gradients agree with central differences (largest |backprop - numerical| = %.1e)",
                        subject, checked, worstDifference());
            }
            return Language.label(
                    "gradient check of %s FAILED: %d of %d gradients disagree with central differences; worst %s: backprop %.4g, numerical %.4g (allowed difference %.1e)",
                    subject, disagreeing, checked, worstAt, backprop, numerical, allowed);
        }
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
     * Compares a layer's input gradient and every parameter gradient with central differences of
     * f = sum(forward(x) * R), R a fixed random matrix drawn from {@code seed}. Does not throw: read the result.
     */
    public static Result layer(Layer layer, FMatrixRMaj x, long seed) {
        return compareLayer(layer, () -> layer, x, new Random(seed), true);
    }

    /** Compares a loss's gradient w.r.t. its prediction with central differences of the loss value. */
    public static Result loss(Loss loss, FMatrixRMaj prediction, FMatrixRMaj target) {
        loss.forward(prediction, target);
        FMatrixRMaj grad = loss.backward().copy();
        Comparison c = new Comparison(Language.label("loss '%s'", loss.name()));
        for (int i = 0; i < prediction.getNumElements(); i++) {
            double numeric = central(prediction, i, () -> loss.forward(prediction, target));
            c.add("dPrediction[" + i + "]", grad.data[i], numeric);
        }
        return c.result();
    }

    /** As {@link #layer(Layer, FMatrixRMaj, long)}, but throws an AssertionError naming the first bad number. */
    public static void checkLayer(Layer layer, FMatrixRMaj x, Random rng) {
        checkLayer(layer, () -> layer, x, rng, true);
    }

    /**
     * As {@link #checkLayer(Layer, FMatrixRMaj, Random)}, with {@code fresh} giving the layer to evaluate
     * for each numerical probe (for layers with a random state such as Dropout: a new layer with the same seed).
     */
    public static void checkLayer(Layer layer, Supplier<Layer> fresh, FMatrixRMaj x, Random rng, boolean checkInput) {
        require(compareLayer(layer, fresh, x, rng, checkInput));
    }

    /** As {@link #loss(Loss, FMatrixRMaj, FMatrixRMaj)}, but throws an AssertionError naming the first bad number. */
    public static void checkLoss(Loss loss, FMatrixRMaj prediction, FMatrixRMaj target) {
        require(loss(loss, prediction, target));
    }

    private static Result compareLayer(Layer layer, Supplier<Layer> fresh, FMatrixRMaj x, Random rng, boolean checkInput) {
        FMatrixRMaj out = layer.forward(x);
        FMatrixRMaj r = random(rng, out.numRows, out.numCols, 1f);
        for (Parameter p : layer.parameters()) {
            p.zeroGrad();
        }
        FMatrixRMaj dx = layer.backward(r).copy();
        List<Parameter> params = layer.parameters();
        List<FMatrixRMaj> paramGrads = new ArrayList<>();
        for (Parameter p : params) {
            paramGrads.add(p.grad().copy());
        }
        Comparison c = new Comparison(Language.label("layer '%s'", layer.name()));
        if (checkInput) {
            for (int i = 0; i < x.getNumElements(); i++) {
                double numeric = central(x, i, () -> weightedSum(fresh.get().forward(x), r));
                c.add(layer.name() + " dInput[" + i + "]", dx.data[i], numeric);
            }
        }
        for (int k = 0; k < params.size(); k++) {
            Parameter p = params.get(k);
            for (int i = 0; i < p.count(); i++) {
                double numeric = central(p.value(), i, () -> weightedSum(fresh.get().forward(x), r));
                c.add(p.name() + " grad[" + i + "]", paramGrads.get(k).data[i], numeric);
            }
        }
        return c.result();
    }

    private static void require(Result result) {
        if (!result.passed()) {
            throw new AssertionError(result.worstAt() + ": analytic " + result.backprop() + " vs numeric " + result.numerical()
                    + " (difference " + result.worstDifference() + " > " + result.allowed() + "); " + result);
        }
    }

    private static double central(FMatrixRMaj m, int i, DoubleSupplier f) {
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

    /** Collects comparisons and keeps the worst: the largest difference, among the failing ones if any fail. */
    private static final class Comparison {
        private final String subject;
        private int checked;
        private int disagreeing;
        private double worstDiff = -1;
        private String worstAt = "";
        private double worstBackprop;
        private double worstNumerical;
        private double worstAllowed;

        Comparison(String subject) {
            this.subject = subject;
        }

        void add(String what, double analytic, double numeric) {
            double diff = Math.abs(analytic - numeric);
            double allowed = ABS_TOL + REL_TOL * Math.max(Math.abs(analytic), Math.abs(numeric));
            checked++;
            boolean keep;
            if (diff <= allowed) {
                keep = disagreeing == 0 && diff > worstDiff;
            } else {   // also NaN
                disagreeing++;
                keep = disagreeing == 1 || !(diff <= worstDiff);
            }
            if (keep) {
                worstDiff = diff;
                worstAt = what;
                worstBackprop = analytic;
                worstNumerical = numeric;
                worstAllowed = allowed;
            }
        }

        Result result() {
            if (checked == 0) {
                throw new IllegalArgumentException(subject + ": nothing to check (no input and no parameters)");
            }
            return new Result(subject, checked, disagreeing, worstAt, worstBackprop, worstNumerical, worstAllowed);
        }
    }
}
