package org.paramlab.plot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import tech.tablesaw.plotly.components.HoverLabel;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A Plotly trace written directly as Plotly's own attributes ({@code type}, {@code x}, {@code y},
 * {@code z}, {@code marker}, ...), see https://plotly.com/javascript/reference/.
 *
 * <p>tablesaw-jsplot's trace builders cover only part of Plotly (no heatmap colour scales,
 * no bar widths, no opacity on heatmaps); this class fills the gap and still plugs into a
 * tablesaw {@code Figure}, because a JSON object is also valid JavaScript.
 */
public final class PlotlyTrace implements Trace {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> attributes = new LinkedHashMap<>();

    /** A trace of the given Plotly type, e.g. {@code "scatter"}, {@code "bar"}, {@code "heatmap"}. */
    public PlotlyTrace(String type) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a Plotly trace needs a type such as \"scatter\"");
        }
        attributes.put("type", type);
    }

    /**
     * Sets one attribute. Values may be numbers, strings, booleans, arrays ({@code double[]},
     * {@code float[]}, {@code int[]}, {@code String[]}, 2-D arrays), lists and maps.
     */
    public PlotlyTrace set(String attribute, Object value) {
        attributes.put(attribute, value);
        return this;
    }

    public String type() {
        return (String) attributes.get("type");
    }

    /** The attributes as set, in insertion order (read-only). */
    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    @Override
    public String name() {
        Object name = attributes.get("name");
        return name == null ? "" : name.toString();
    }

    @Override
    public HoverLabel hoverLabel() {
        return null;
    }

    @Override
    public boolean showLegend() {
        return !Boolean.FALSE.equals(attributes.get("showlegend"));
    }

    /** The attributes as a JSON object (NaN and infinities are written as {@code null}). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(PlotlyJson.finite(JSON.valueToTree(attributes)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("trace '" + name() + "' cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** What tablesaw's figure template expects: {@code var trace<i> = {...};}. */
    @Override
    public String asJavascript(int i) {
        return "var trace" + i + " =\n" + toJson() + ";";
    }

    @Override
    public String toString() {
        return "PlotlyTrace[" + type() + (name().isEmpty() ? "" : ", " + name()) + "]";
    }
}
