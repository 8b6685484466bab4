package org.paramlab.layers;

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

    /**
     * Runs the model in evaluation mode (dropout off) and returns a fresh copy of the output;
     * the training mode of every layer is restored afterwards.
     */
    public FMatrixRMaj predict(FMatrixRMaj x) {
        boolean[] modes = new boolean[layers.size()];
        for (int i = 0; i < modes.length; i++) {
            modes[i] = layers.get(i).isTraining();
            layers.get(i).setTraining(false);
        }
        try {
            return forward(x).copy();
        } finally {
            for (int i = 0; i < modes.length; i++) {
                layers.get(i).setTraining(modes[i]);
            }
        }
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
        sb.append(")  total parameters: ").append(grouped(parameterCount()));
        return sb.toString();
    }
}
