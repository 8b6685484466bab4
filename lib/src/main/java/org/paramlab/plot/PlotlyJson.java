package org.paramlab.plot;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.unbescape.html.HtmlEscape;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Turns a tablesaw-jsplot {@link Figure} into the JSON Plotly itself reads:
 * {@code {"data": [trace, ...], "layout": {...}}} — what a notebook sends as
 * {@code application/vnd.plotly.v1+json} so JupyterLab draws the chart offline.
 *
 * <p>tablesaw-jsplot only writes JavaScript ({@code var trace0 = {x: ["1.0"], name: 'a'};}),
 * HTML-escaped and with numbers as strings. Its objects expose no data accessors, so we read
 * that JavaScript with a lenient JSON parser and tidy it up:
 * <ul>
 *   <li>HTML entities in strings are decoded ({@code &#39;} back to {@code '});</li>
 *   <li>data arrays ({@code x}, {@code y}, {@code z}, ...) of numeric strings become numbers
 *       (arrays with any other text, i.e. categories, stay text);</li>
 *   <li>NaN and infinities become {@code null} (JSON has no NaN);</li>
 *   <li>{@code title: 'text'} becomes {@code title: {text: 'text'}} (Plotly.js 3 dropped the
 *       short form), {@code titlefont} moves into {@code title.font};</li>
 *   <li>the obsolete histogram flags {@code autobinx/autobiny} and {@code nbinsx/nbinsy = 0}
 *       ("choose for me") are dropped.</li>
 * </ul>
 * A {@link PlotlyFigure} adds layout attributes tablesaw cannot write (sliders, automargin...),
 * merged in last. Works for any Figure, whether made by {@code org.paramlab.plot} or by tablesaw's own plot API.
 */
public final class PlotlyJson {

    /** Reads JavaScript object literals: unquoted keys, 'single quotes', trailing commas, NaN. */
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    /** A number as tablesaw writes it: 1, -2.5, 1.0E-4, NaN, Infinity. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|NaN|[-+]?Infinity");

    /** Keys whose arrays hold the plotted values. */
    private static final Set<String> DATA_KEYS = Set.of("x", "y", "z", "values", "open", "high", "low", "close");

    private PlotlyJson() {
    }

    /**
     * The figure as a JSON string {@code {"data":[...],"layout":{...}}}. The library's own figures
     * ({@link PlotlyFigure}) give the text they wrote the first time; any other Figure is converted now.
     */
    public static String toJson(Figure figure) {
        return figure instanceof PlotlyFigure plotly ? plotly.json() : write(figure);
    }

    /** Converts the figure to JSON text (what {@link PlotlyFigure#json()} keeps). */
    static String write(Figure figure) {
        try {
            return LENIENT.writeValueAsString(toTree(figure));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("figure cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** The figure as plain Java maps, lists, strings, numbers and booleans (for any JSON library). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(Figure figure) {
        return LENIENT.convertValue(toTree(figure), Map.class);
    }

    /** The figure as a Jackson tree. */
    public static ObjectNode toTree(Figure figure) {
        if (figure == null) {
            throw new IllegalArgumentException("figure is null");
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode data = root.putArray("data");
        Trace[] traces = figure.getTraces();
        for (int i = 0; traces != null && i < traces.length; i++) {
            data.add(traceToTree(traces[i], i));
        }
        Layout layout = figure.getLayout();
        ObjectNode layoutTree = layout == null ? JsonNodeFactory.instance.objectNode()
                : tidy(parseJavascript(layout.asJavascript(), "layout"), true);
        if (figure instanceof PlotlyFigure plotly) {
            merge(layoutTree, (ObjectNode) finite(LENIENT.valueToTree(plotly.layoutExtras())));
        }
        root.set("layout", layoutTree);
        return root;
    }

    /** Copies {@code extra} into {@code target}; where both hold an object, key by key. */
    private static void merge(ObjectNode target, ObjectNode extra) {
        Iterator<Map.Entry<String, JsonNode>> fields = extra.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode extraObject) {
                merge(existingObject, extraObject);
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static ObjectNode traceToTree(Trace trace, int index) {
        if (trace instanceof PlotlyTrace plotly) {
            // already Plotly's own attributes: straight to a tree, no text in between
            return tidy((ObjectNode) finite(LENIENT.valueToTree(plotly.attributes())), false);
        }
        return tidy(parseJavascript(trace.asJavascript(index), "trace " + index + " (" + trace.name() + ")"), true);
    }

    /** {@code var name = { ... };} → the object between the first '{' and the last '}'. */
    private static ObjectNode parseJavascript(String javascript, String what) {
        int start = javascript.indexOf('{');
        int end = javascript.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new IllegalStateException(what + ": no JavaScript object found in: " + javascript);
        }
        try {
            JsonNode node = LENIENT.readTree(javascript.substring(start, end + 1));
            return (ObjectNode) node;
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException(what + " is not an object literal we can read: " + e.getMessage()
                    + "\n" + javascript, e);
        }
    }

    /**
     * Cleans one parsed object: decodes HTML entities (only for tablesaw's escaped JavaScript),
     * turns all-numeric string arrays under x/y/z into numbers, NaN into null, old spellings into new.
     */
    private static ObjectNode tidy(ObjectNode object, boolean htmlEscaped) {
        return (ObjectNode) tidy(object, null, htmlEscaped);
    }

    private static JsonNode tidy(JsonNode node, String key, boolean htmlEscaped) {
        if (node.isTextual()) {
            String text = htmlEscaped ? HtmlEscape.unescapeHtml(node.textValue()) : node.textValue();
            if ("opacity".equals(key) && parseNumber(text) != null) {
                return number(parseNumber(text));
            }
            return TextNode.valueOf(text);
        }
        if (node.isNumber()) {
            return Double.isFinite(node.doubleValue()) ? node : JsonNodeFactory.instance.nullNode();
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : node) {
                out.add(tidy(element, null, htmlEscaped));
            }
            // ["1.0", "2.5"] → [1.0, 2.5]; an array with any non-number (a category) stays text
            return key != null && DATA_KEYS.contains(key) && allNumeric(out) ? numbers(out) : out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.set(field.getKey(), tidy(field.getValue(), field.getKey(), htmlEscaped));
            }
            modernise(out);
            return out;
        }
        return node;
    }

    private static boolean allNumeric(JsonNode array) {
        for (JsonNode element : array) {
            boolean ok = element.isNull() || element.isNumber()
                    || (element.isTextual() && parseNumber(element.textValue()) != null)
                    || (element.isArray() && allNumeric(element));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode numbers(JsonNode array) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : array) {
            if (element.isArray()) {
                out.add(numbers(element));
            } else if (element.isTextual()) {
                out.add(number(parseNumber(element.textValue())));
            } else {
                out.add(element);
            }
        }
        return out;
    }

    /** Rewrites the attribute spellings Plotly.js 3 no longer accepts. */
    private static void modernise(ObjectNode object) {
        JsonNode title = object.get("title");
        if (title != null && title.isTextual()) {
            ObjectNode titleObject = object.putObject("title");
            titleObject.put("text", title.textValue());
            title = titleObject;
        }
        JsonNode titleFont = object.remove("titlefont");
        if (titleFont != null) {
            if (title == null || !title.isObject()) {
                title = object.putObject("title");
            }
            ((ObjectNode) title).set("font", titleFont);
        }
        object.remove("autobinx");
        object.remove("autobiny");
        for (String bins : new String[] {"nbinsx", "nbinsy"}) {
            if (object.has(bins) && object.get(bins).asInt() == 0) {
                object.remove(bins);
            }
        }
    }

    private static Double parseNumber(String text) {
        String t = text.trim();
        if (!NUMBER.matcher(t).matches()) {
            return null;
        }
        return Double.valueOf(t);
    }

    /** A finite number, or JSON null for NaN/±Infinity. */
    private static JsonNode number(double value) {
        return Double.isFinite(value) ? JsonNodeFactory.instance.numberNode(value) : JsonNodeFactory.instance.nullNode();
    }

    /** The same tree with every non-finite number replaced by null (used by {@link PlotlyTrace}). */
    static JsonNode finite(JsonNode node) {
        if (node.isNumber() && !node.isIntegralNumber() && !Double.isFinite(node.doubleValue())) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, finite(array.get(i)));
            }
        } else if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                field.setValue(finite(field.getValue()));
            }
        }
        return node;
    }
}
