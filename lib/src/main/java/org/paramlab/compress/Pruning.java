package org.paramlab.compress;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.paramlab.core.Parameter;
import org.paramlab.layers.Activation;
import org.paramlab.layers.Dense;
import org.paramlab.layers.Dropout;
import org.paramlab.layers.Layer;
import org.paramlab.layers.Sequential;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Pruning (剪枝): setting weights to zero, or removing whole hidden units.
 * <ul>
 *   <li>{@link #magnitude}: the weights with the smallest |w| go (Han et al. 2015), either the
 *       smallest of the whole model ({@link Scope#GLOBAL}) or the same fraction from every layer
 *       ({@link Scope#LAYER_WISE});</li>
 *   <li>{@link #random}: the same number of weights chosen at random, the control that shows
 *       whether magnitude is worth anything;</li>
 *   <li>{@link #removeUnits}: structured pruning, whole hidden units out, so the layer really shrinks.</li>
 * </ul>
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

    // ---- reporting -----------------------------------------------------------------------------

    /**
     * Sparsity per parameter of a model, counted from the values themselves (exact zeros), with the
     * total: parameter, shape, numbers, zeros, sparsity.
     */
    public static Table sparsity(Layer model) {
        if (model == null) {
            throw new IllegalArgumentException("sparsity: the model is null");
        }
        StringColumn name = StringColumn.create(label("parameter"));
        StringColumn shape = StringColumn.create(label("shape"));
        IntColumn numbers = IntColumn.create(label("numbers"));
        IntColumn zeros = IntColumn.create(label("zeros"));
        DoubleColumn sparsity = DoubleColumn.create(label("sparsity"));
        long allNumbers = 0;
        long allZeros = 0;
        for (Parameter p : model.parameters()) {
            int z = zeros(p);
            name.append(p.name());
            shape.append(p.shape());
            numbers.append(p.count());
            zeros.append(z);
            sparsity.append((double) z / p.count());
            allNumbers += p.count();
            allZeros += z;
        }
        name.append(label("total"));
        shape.append("");
        numbers.append((int) allNumbers);
        zeros.append((int) allZeros);
        sparsity.append(allNumbers == 0 ? 0 : (double) allZeros / allNumbers);
        return Table.create(label("sparsity of %s", model.name()), name, shape, numbers, zeros, sparsity);
    }

    /** How many numbers of {@code p} are exactly zero. */
    public static int zeros(Parameter p) {
        int z = 0;
        float[] v = p.value().data;
        for (int i = 0; i < p.count(); i++) {
            if (v[i] == 0f) z++;
        }
        return z;
    }

    /** How many parameters of the model are not zero: what a sparse format has to store. */
    public static long nonZeros(Layer model) {
        long n = 0;
        for (Parameter p : model.parameters()) {
            n += p.count() - zeros(p);
        }
        return n;
    }

    // ---- structured pruning --------------------------------------------------------------------

    /**
     * Structured pruning: keeps the {@code keep} most important hidden units of the Dense layer
     * {@code denseName} and removes the others, so that layer and the next Dense really shrink
     * (in x h, h x out become in x keep, keep x out). A unit's importance is
     * <pre>
     *   score_u = ||(W1[:, u], b1[u])||  x  ||W2[u, :]||     what reaches the unit times what it passes on
     * </pre>
     * The layers are replaced in {@code model} (same names) by new, smaller Dense layers into which the
     * kept weights are copied; returns the kept units in their original order. Make the optimizer
     * afterwards, from the new {@code model.parameters()}.
     */
    public static int[] removeUnits(Sequential model, String denseName, int keep) {
        Dense[] pair = denseAndNext(model, denseName);
        Dense first = pair[0];
        Dense next = pair[1];
        int hidden = first.outputs();
        if (keep < 1 || keep > hidden) {
            throw new IllegalArgumentException("pruning: " + denseName + " has " + hidden + " units; keep must be in [1, "
                    + hidden + "], got " + keep);
        }
        double[] score = new double[hidden];
        for (int u = 0; u < hidden; u++) {
            double in = sq(first.bias().value().get(0, u));
            for (int i = 0; i < first.inputs(); i++) {
                in += sq(first.weights().value().get(i, u));
            }
            double out = 0;
            for (int o = 0; o < next.outputs(); o++) {
                out += sq(next.weights().value().get(u, o));
            }
            score[u] = Math.sqrt(in) * Math.sqrt(out);
        }
        Integer[] order = new Integer[hidden];
        for (int u = 0; u < hidden; u++) {
            order[u] = u;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer u) -> score[u]).reversed());
        int[] kept = new int[keep];
        for (int r = 0; r < keep; r++) {
            kept[r] = order[r];
        }
        Arrays.sort(kept);
        keepUnits(model, denseName, kept);
        return kept;
    }

    /**
     * Structured pruning with the units chosen by the caller: only {@code units} (indexes of the hidden
     * units of {@code denseName}, each once) stay. The kept units compute exactly what they did before.
     */
    public static void keepUnits(Sequential model, String denseName, int... units) {
        Dense[] pair = denseAndNext(model, denseName);
        Dense first = pair[0];
        Dense next = pair[1];
        if (units == null || units.length == 0) {
            throw new IllegalArgumentException("pruning: keep at least one unit of " + denseName);
        }
        boolean[] seen = new boolean[first.outputs()];
        for (int u : units) {
            if (u < 0 || u >= first.outputs()) {
                throw new IllegalArgumentException("pruning: " + denseName + " has units 0.." + (first.outputs() - 1)
                        + ", no unit " + u);
            }
            if (seen[u]) {
                throw new IllegalArgumentException("pruning: unit " + u + " of " + denseName + " is listed twice");
            }
            seen[u] = true;
        }
        int keep = units.length;
        // the smaller layers start from their own initialization, then receive the kept weights
        Dense smallFirst = new Dense(first.name(), first.inputs(), keep, 0L);
        Dense smallNext = new Dense(next.name(), keep, next.outputs(), 0L);
        for (int j = 0; j < keep; j++) {
            int u = units[j];
            for (int i = 0; i < first.inputs(); i++) {
                smallFirst.weights().value().set(i, j, first.weights().value().get(i, u));   // column u of W1
            }
            smallFirst.bias().value().set(0, j, first.bias().value().get(0, u));
            for (int o = 0; o < next.outputs(); o++) {
                smallNext.weights().value().set(j, o, next.weights().value().get(u, o));     // row u of W2
            }
        }
        for (int o = 0; o < next.outputs(); o++) {
            smallNext.bias().value().set(0, o, next.bias().value().get(0, o));
        }
        model.replace(first.name(), smallFirst);
        model.replace(next.name(), smallNext);
    }

    /** The Dense called {@code name} and the next Dense after it, with only unit-wise layers between. */
    private static Dense[] denseAndNext(Sequential model, String name) {
        if (model == null) {
            throw new IllegalArgumentException("pruning: the model is null");
        }
        int at = model.indexOf(name);
        if (at < 0) {
            throw new IllegalArgumentException("pruning: the model has no layer named '" + name + "'");
        }
        if (!(model.get(at) instanceof Dense first)) {
            throw new IllegalArgumentException("pruning: layer '" + name + "' is a " + model.get(at).getClass().getSimpleName()
                    + "; units can be removed from a Dense layer");
        }
        for (int i = at + 1; i < model.size(); i++) {
            Layer layer = model.get(i);
            if (layer instanceof Dense next) {
                return new Dense[] {first, next};
            }
            if (!(layer instanceof Activation || layer instanceof Dropout)) {
                throw new IllegalArgumentException("pruning: between " + name + " and the next Dense sits "
                        + layer.name() + ", which mixes units; only activations and dropout may sit between");
            }
        }
        throw new IllegalArgumentException("pruning: " + name + " is the last Dense layer; its units are the model's "
                + "outputs and cannot be removed");
    }

    private static double sq(double x) {
        return x * x;
    }
}
