package org.paramlab.compress;

import java.util.Arrays;
import java.util.Comparator;

import org.paramlab.layers.Activation;
import org.paramlab.layers.Dense;
import org.paramlab.layers.Dropout;
import org.paramlab.layers.Layer;
import org.paramlab.layers.Sequential;

/**
 * Structured pruning: whole hidden units out, so a Dense layer and the next one really shrink (unlike
 * {@link Pruning}'s zeros, which leave the shapes as they are).
 */
public final class StructuredPruning {

    private StructuredPruning() { }

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
