package org.paramlab.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.paramlab.core.Parameter;
import org.paramlab.layers.Layer;

/**
 * Pruning (剪枝): setting weights to zero, and the mask that keeps them so.
 * <ul>
 *   <li>{@link #magnitude}: the weights with the smallest |w| go (Han et al. 2015), either the
 *       smallest of the whole model ({@link Scope#GLOBAL}) or the same fraction from every layer
 *       ({@link Scope#LAYER_WISE});</li>
 *   <li>{@link #random}: the same number of weights chosen at random, the control that shows
 *       whether magnitude is worth anything;</li>
 * </ul>
 * Two neighbours do the other jobs: {@link StructuredPruning} removes whole hidden units, so a layer really
 * shrinks, and {@link Sparsity} counts the zeros a model has.
 * Unstructured pruning works on the weights ({@link Parameter.Role#WEIGHT}); biases are few and stay.
 * The sparsity (稀疏度) is hit exactly: of n weights, round(sparsity x n) are set to zero, ties in |w|
 * broken by position. The model is changed in place; the returned mask keeps it so during fine-tuning
 * ({@link MaskedOptimizer}).
 */
public final class Pruning {

    /** Where the smallest weights are looked for. */
    public enum Scope {
        /** One ranking over all weights of the model: layers with many small weights lose more. */
        GLOBAL,
        /** Each weight matrix loses the same fraction of its own smallest weights. */
        LAYER_WISE
    }

    private Pruning() { }

    /** The weight matrices of a model, the numbers unstructured pruning works on. */
    public static List<Parameter> weights(Layer model) {
        if (model == null) {
            throw new IllegalArgumentException("pruning: the model is null");
        }
        List<Parameter> weights = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            if (p.role() == Parameter.Role.WEIGHT) {
                weights.add(p);
            }
        }
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("pruning: " + model.name() + " has no weights to prune");
        }
        return weights;
    }

    /** Magnitude pruning of the model's weights to {@code sparsity} (0 &lt;= sparsity &lt; 1), in place. */
    public static PruningMask magnitude(Layer model, double sparsity, Scope scope) {
        return magnitude(weights(model), sparsity, scope);
    }

    /** Magnitude pruning of {@code parameters}: the round(sparsity x n) smallest |w| become 0. */
    public static PruningMask magnitude(List<Parameter> parameters, double sparsity, Scope scope) {
        checkSparsity(sparsity);
        checkParameters(parameters);
        if (scope == null) {
            throw new IllegalArgumentException("pruning: scope is null; choose Scope.GLOBAL or Scope.LAYER_WISE");
        }
        boolean[][] kept = allKept(parameters);
        if (scope == Scope.GLOBAL) {
            pruneSmallest(parameters, kept, sparsity);
        } else {
            for (int k = 0; k < parameters.size(); k++) {
                boolean[][] one = {kept[k]};
                pruneSmallest(List.of(parameters.get(k)), one, sparsity);
            }
        }
        return applied(parameters, kept);
    }

    /** Random pruning of the model's weights: round(sparsity x n) of them, drawn from {@code seed}, become 0. */
    public static PruningMask random(Layer model, double sparsity, long seed) {
        return random(weights(model), sparsity, seed);
    }

    public static PruningMask random(List<Parameter> parameters, double sparsity, long seed) {
        checkSparsity(sparsity);
        checkParameters(parameters);
        boolean[][] kept = allKept(parameters);
        int n = total(parameters);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rng = new Random(seed);
        for (int i = n - 1; i > 0; i--) {   // Fisher-Yates shuffle: every order equally likely
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int prune = (int) Math.round(sparsity * n);
        for (int r = 0; r < prune; r++) {
            setPruned(kept, order[r]);
        }
        return applied(parameters, kept);
    }

    /** The mask, applied: the pruned weights set to 0 in the model. */
    private static PruningMask applied(List<Parameter> parameters, boolean[][] kept) {
        PruningMask mask = new PruningMask(parameters, kept);
        mask.apply();
        return mask;
    }

    /** Sets to pruned the round(sparsity x n) numbers with the smallest |value| over all {@code parameters}. */
    private static void pruneSmallest(List<Parameter> parameters, boolean[][] kept, double sparsity) {
        int n = total(parameters);
        float[] magnitude = new float[n];
        int at = 0;
        for (Parameter p : parameters) {
            float[] w = p.value().data;
            for (int i = 0; i < p.count(); i++) {
                magnitude[at++] = Math.abs(w[i]);
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // stable sort: equal magnitudes (e.g. zeros pruned before) keep their order, so the count is exact
        Arrays.sort(order, Comparator.comparingDouble(i -> magnitude[i]));
        int prune = (int) Math.round(sparsity * n);
        for (int r = 0; r < prune; r++) {
            setPruned(kept, order[r]);
        }
    }

    /** Marks number {@code flat} (counted across the parameters in order) as pruned. */
    private static void setPruned(boolean[][] kept, int flat) {
        int k = 0;
        while (flat >= kept[k].length) {
            flat -= kept[k].length;
            k++;
        }
        kept[k][flat] = false;
    }

    private static boolean[][] allKept(List<Parameter> parameters) {
        boolean[][] kept = new boolean[parameters.size()][];
        for (int k = 0; k < kept.length; k++) {
            kept[k] = new boolean[parameters.get(k).count()];
            Arrays.fill(kept[k], true);
        }
        return kept;
    }

    private static int total(List<Parameter> parameters) {
        int n = 0;
        for (Parameter p : parameters) {
            n += p.count();
        }
        return n;
    }

    static void checkSparsity(double sparsity) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("pruning: sparsity must be in [0, 1) (the fraction of weights set to 0; "
                    + "1 would remove them all), got " + sparsity);
        }
    }

    private static void checkParameters(List<Parameter> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("pruning: no parameters to prune");
        }
        for (int k = 0; k < parameters.size(); k++) {
            if (parameters.get(k) == null) {
                throw new IllegalArgumentException("pruning: parameter " + k + " is null");
            }
        }
    }
}
