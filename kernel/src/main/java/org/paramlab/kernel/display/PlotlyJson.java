package org.paramlab.kernel.display;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.traces.Trace;

import java.util.Set;

/**
 * A tablesaw-jsplot {@link Figure} as the JSON object plotly.js draws:
 * {@code {"data": [trace, ...], "layout": {...}}}. This is what the
 * {@code application/vnd.plotly.v1+json} output carries, so JupyterLab renders the plot offline.
 *
 * <p>tablesaw-jsplot writes each trace and the layout as JavaScript; we read those literals
 * back into JSON, and turn the numbers it writes as strings ("1.0") into numbers.
 */
public final class PlotlyJson {

    public static final String MIME_TYPE = "application/vnd.plotly.v1+json";

    /** Keys whose arrays hold data values: numeric strings there become numbers. */
    private static final Set<String> DATA_KEYS = Set.of("x", "y", "z", "values", "r", "theta", "lat", "lon", "open", "high", "low", "close");

    private PlotlyJson() {
    }

    public static JsonObject of(Figure figure) {
        JsonArray data = new JsonArray();
        Trace[] traces = figure.getTraces();
        for (int i = 0; i < traces.length; i++) {
            JsonObject trace = JsLiteralParser.parseFirstObject(traces[i].asJavascript(i));
            numbersInDataArrays(trace);
            data.add(trace);
        }
        JsonObject layout = figure.getLayout() == null
                ? new JsonObject() : JsLiteralParser.parseFirstObject(figure.getLayout().asJavascript());
        JsonObject json = new JsonObject();
        json.add("data", data);
        json.add("layout", layout);
        return json;
    }

    private static void numbersInDataArrays(JsonObject trace) {
        for (String key : DATA_KEYS) {
            JsonElement value = trace.get(key);
            if (value != null && value.isJsonArray()) {
                trace.add(key, numbersIfAllNumeric(value.getAsJsonArray()));
            }
        }
    }

    /** ["1.0","2.5"] becomes [1.0, 2.5]; an array with any non-number (a category) stays as it is. */
    private static JsonArray numbersIfAllNumeric(JsonArray array) {
        JsonArray numbers = new JsonArray();
        for (JsonElement element : array) {
            if (element.isJsonArray()) {
                numbers.add(numbersIfAllNumeric(element.getAsJsonArray()));
                continue;
            }
            if (element.isJsonNull() || (element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber())) {
                numbers.add(element);
                continue;
            }
            try {
                double number = Double.parseDouble(element.getAsString());
                if (!Double.isFinite(number)) {
                    numbers.add(com.google.gson.JsonNull.INSTANCE);
                } else {
                    numbers.add(new JsonPrimitive(number));
                }
            } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException category) {
                return array;
            }
        }
        return numbers;
    }
}
