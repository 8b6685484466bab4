package org.paramlab.io;

import java.util.ArrayList;
import java.util.List;

import org.paramlab.core.Parameter;
import org.paramlab.layers.Layer;

/**
 * Copies stored parameters into a model built by the same code, after checking that they fit: the
 * same count, and in order the same names, roles and shapes. Nothing is copied unless everything
 * fits, so a failed load leaves the model unchanged.
 */
public final class ParameterMatch {

    private ParameterMatch() { }

    /**
     * Copies {@code stored} into {@code model}'s parameters; {@code source} (a file name, or a
     * description) is named in the errors.
     */
    public static void copyInto(Layer model, List<Parameter> stored, String source) {
        if (model == null || stored == null) {
            throw new IllegalArgumentException("copying parameters needs a model and the parameters, got "
                    + (model == null ? "no model" : "no parameters"));
        }
        List<Parameter> params = model.parameters();
        if (stored.size() != params.size()) {
            throw new IllegalArgumentException(source + " holds " + stored.size() + " parameters "
                    + describe(stored) + " but the model has " + params.size() + " " + describe(params));
        }
        for (int i = 0; i < params.size(); i++) {
            Parameter want = params.get(i);
            Parameter got = stored.get(i);
            if (!want.name().equals(got.name()) || want.role() != got.role()) {
                throw new IllegalArgumentException("parameter " + i + " of " + source + " is '" + got.name() + "' ("
                        + got.role() + ", " + got.shape() + ") but the model's parameter " + i + " is '" + want.name()
                        + "' (" + want.role() + ", " + want.shape() + ")");
            }
            if (want.rows() != got.rows() || want.cols() != got.cols()) {
                throw new IllegalArgumentException("parameter '" + want.name() + "' has shape " + got.shape() + " in "
                        + source + " but " + want.shape() + " in the model");
            }
        }
        // everything matches: only now change the model
        for (int i = 0; i < params.size(); i++) {
            params.get(i).value().setTo(stored.get(i).value());
        }
    }

    private static String describe(List<Parameter> params) {
        List<String> parts = new ArrayList<>();
        for (Parameter p : params) {
            parts.add(p.name() + " " + p.shape());
        }
        return parts.toString();
    }
}
