package org.paramlab.layers;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.Parameter;

/**
 * Layers applied one after another: the output of each is the input of the next.
 * Backward runs the chain rule in reverse order, each layer handing dLoss/dInput to the one before.
 */
public final class Sequential extends AbstractLayer {

    private final List<Layer> layers = new ArrayList<>();

    public Sequential(Layer... layers) {
        super("sequential");
        for (Layer layer : layers) {
            add(layer);
        }
    }

    /** Appends a layer; layers holding parameters must have distinct names. Returns this for chaining. */
    public Sequential add(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("sequential: layer " + layers.size() + " is null");
        }
        if (!layer.parameters().isEmpty()) {
            Set<String> taken = new HashSet<>();
            for (Parameter p : parameters()) {
                taken.add(p.name());
            }
            for (Parameter p : layer.parameters()) {
                if (taken.contains(p.name())) {
                    throw new IllegalArgumentException("sequential: parameter name '" + p.name()
                            + "' is already used by an earlier layer; give layer " + layers.size() + " ("
                            + layer.name() + ") its own name");
                }
            }
        }
        layer.setTraining(isTraining());
        layers.add(layer);
        return this;
    }

    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The layers. */
    @Override
    public List<Layer> children() {
        return layers();
    }

    public int size() {
        return layers.size();
    }

    public Layer get(int index) {
        if (index < 0 || index >= layers.size()) {
            throw new IndexOutOfBoundsException("sequential: no layer " + index + "; the model has " + layers.size()
                    + " layers (0.." + (layers.size() - 1) + ")");
        }
        return layers.get(index);
    }

    @Override
    public FMatrixRMaj forward(FMatrixRMaj x) {
        requireLayers();
        FMatrixRMaj out = x;
        for (int i = 0; i < layers.size(); i++) {
            out = layers.get(i).forward(out);
        }
        return out;
    }

    @Override
    public FMatrixRMaj backward(FMatrixRMaj dY) {
        requireLayers();
        FMatrixRMaj g = dY;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
    }

    /** As {@link #backward}, but the first layer skips dLoss/dInput: the model's input is the data. */
    @Override
    public void backwardParametersOnly(FMatrixRMaj dY) {
        requireLayers();
        FMatrixRMaj g = dY;
        for (int i = layers.size() - 1; i >= 1; i--) {
            g = layers.get(i).backward(g);
        }
        layers.get(0).backwardParametersOnly(g);
    }

    /**
     * Runs the model in evaluation mode (dropout off) and returns a fresh copy of the output;
     * the training mode of every layer is restored afterwards ({@link EvaluationMode}).
     */
    public FMatrixRMaj predict(FMatrixRMaj x) {
        return EvaluationMode.predict(this, x);
    }

    /** The position of the layer called {@code name} in this model (not inside nested ones), or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Swaps the layer called {@code name} (here or inside a nested Sequential) for {@code replacement},
     * e.g. a Dense for its pruned or smaller form, and returns the layer taken out. The replacement
     * takes the model's train/eval mode; its parameters must not share a name with another layer's.
     *
     * <p>An optimizer holds the parameters it was given: make it after replacing, from the new
     * {@code parameters()}.
     */
    public Layer replace(String name, Layer replacement) {
        if (replacement == null) {
            throw new IllegalArgumentException("sequential: the replacement for layer '" + name + "' is null");
        }
        List<Sequential> owners = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        find(name, owners, positions);
        if (owners.isEmpty()) {
            throw new IllegalArgumentException("sequential: no layer named '" + name + "'; the layers are "
                    + layerNames());
        }
        if (owners.size() > 1) {
            throw new IllegalArgumentException("sequential: " + owners.size() + " layers are named '" + name
                    + "'; give the one to replace its own name");
        }
        Sequential owner = owners.get(0);
        int index = positions.get(0);
        Layer old = owner.layers.get(index);
        Set<String> taken = new HashSet<>();
        for (Parameter p : parameters()) {
            taken.add(p.name());
        }
        for (Parameter p : old.parameters()) {
            taken.remove(p.name());   // the replacement may reuse the names of what it replaces
        }
        for (Parameter p : replacement.parameters()) {
            if (taken.contains(p.name())) {
                throw new IllegalArgumentException("sequential: parameter name '" + p.name() + "' of the replacement ("
                        + replacement.name() + ") is already used by another layer");
            }
        }
        replacement.setTraining(old.isTraining());
        owner.layers.set(index, replacement);
        return old;
    }

    /** Every layer called {@code name}, in this model and in nested ones, with its position. */
    private void find(String name, List<Sequential> owners, List<Integer> positions) {
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer.name().equals(name)) {
                owners.add(this);
                positions.add(i);
            } else if (layer instanceof Sequential inner) {
                inner.find(name, owners, positions);
            }
        }
    }

    private List<String> layerNames() {
        List<String> names = new ArrayList<>();
        for (Layer layer : layers) {
            names.add(layer.name());
        }
        return names;
    }

    /** Every parameter of every layer, in layer order (weights before biases). */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    /** The total number of learned numbers. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.count();
        }
        return n;
    }

    @Override
    public void setTraining(boolean training) {
        super.setTraining(training);
        for (Layer layer : layers) {
            layer.setTraining(training);
        }
    }

    private void requireLayers() {
        if (layers.isEmpty()) {
            throw new IllegalStateException("sequential: the model has no layers; add some first");
        }
    }

    /**
     * Prints the model the way PyTorch does, one numbered layer per line (a nested model indented
     * under its number), with the parameter total.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(\n");
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i).toString().replace("\n", "\n  ");
            sb.append("  (").append(i).append("): ").append(layer).append('\n');
        }
        sb.append(label(")  total parameters: %,d", parameterCount()));
        return sb.toString();
    }
}
