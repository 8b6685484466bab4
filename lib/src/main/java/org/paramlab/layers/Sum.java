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
 * Two or more branches that read the same input and whose outputs are added:
 * <pre>
 *   Y  = branch1(X) + branch2(X) + ...      (every branch gives batch x k)
 *   dBranch_i = dY                          (an addition passes its gradient unchanged to every term)
 *   dX = dX_1 + dX_2 + ...                  (X fed every branch, so its gradients add up)
 * </pre>
 * E.g. the hidden pre-activation of a language model, {@code concat(E[c])·W1 + b1 + P[pos]}:
 * one branch embeds the context and applies the Dense layer, the other looks up the position.
 */
public final class Sum extends AbstractLayer {

    private final List<Layer> branches;
    private final FMatrixRMaj output = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj inputGradient = new FMatrixRMaj(1, 1);
    private FMatrixRMaj lastInput;

    public Sum(String name, Layer... branches) {
        super(name);
        if (branches == null || branches.length < 2) {
            throw new IllegalArgumentException(name + ": a sum needs at least two branches, got "
                    + (branches == null ? 0 : branches.length));
        }
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < branches.length; i++) {
            if (branches[i] == null) {
                throw new IllegalArgumentException(name + ": branch " + i + " is null");
            }
            for (Parameter p : branches[i].parameters()) {
                if (!taken.add(p.name())) {
                    throw new IllegalArgumentException(name + ": parameter name '" + p.name()
                            + "' appears in two branches; give the layers of branch " + i + " their own names");
                }
            }
        }
        this.branches = List.of(branches);
    }

    /** The branches, in the order they were given. */
    public List<Layer> branches() {
        return Collections.unmodifiableList(branches);
    }

    /** The branches. */
    @Override
    public List<Layer> children() {
        return branches();
    }

    @Override
    public FMatrixRMaj forward(FMatrixRMaj x) {
        checkInput(x);
        FMatrixRMaj first = branches.get(0).forward(x);
        output.reshape(first.numRows, first.numCols);
        System.arraycopy(first.data, 0, output.data, 0, first.getNumElements());
        for (int i = 1; i < branches.size(); i++) {
            FMatrixRMaj y = branches.get(i).forward(x);
            if (y.numRows != output.numRows || y.numCols != output.numCols) {
                throw new IllegalArgumentException(name() + ": branch " + i + " (" + branches.get(i).name() + ") gives "
                        + shape(y) + " but branch 0 (" + branches.get(0).name() + ") gives " + shape(output)
                        + "; added outputs must have the same shape");
            }
            for (int k = 0; k < y.getNumElements(); k++) {
                output.data[k] += y.data[k];                                  // Y = branch1(X) + branch2(X) + ...
            }
        }
        lastInput = x;
        return output;
    }

    @Override
    public FMatrixRMaj backward(FMatrixRMaj dY) {
        checkOutputGradient(dY, lastInput == null ? null : output);
        inputGradient.reshape(lastInput.numRows, lastInput.numCols);
        inputGradient.zero();
        for (Layer branch : branches) {
            FMatrixRMaj dX = branch.backward(dY);                             // each term receives dY unchanged
            for (int k = 0; k < dX.getNumElements(); k++) {
                inputGradient.data[k] += dX.data[k];                          // dX = sum of the branches' dX
            }
        }
        return inputGradient;
    }

    /** Each branch's parameters only: the branches' dX, and so their sum, are not needed. */
    @Override
    public void backwardParametersOnly(FMatrixRMaj dY) {
        checkOutputGradient(dY, lastInput == null ? null : output);
        for (Layer branch : branches) {
            branch.backwardParametersOnly(dY);
        }
    }

    /** Every parameter of every branch, branch after branch. */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer branch : branches) {
            all.addAll(branch.parameters());
        }
        return all;
    }

    @Override
    public void setTraining(boolean training) {
        super.setTraining(training);
        for (Layer branch : branches) {
            branch.setTraining(training);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(label("Sum(%s: the outputs of", name()) + "\n");
        for (int i = 0; i < branches.size(); i++) {
            sb.append("  ").append(branches.get(i).toString().replace("\n", "\n  ")).append(i + 1 < branches.size() ? "\n  +\n" : "\n");
        }
        return sb.append(")").toString();
    }
}
