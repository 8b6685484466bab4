package org.paramlab.kernel.display;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Reads a JavaScript object literal, as tablesaw-jsplot writes them ({@code {x: ["1.0"], mode: 'lines',}}),
 * into JSON: unquoted keys, single-quoted strings and trailing commas are accepted.
 */
final class JsLiteralParser {

    private final String text;
    private int at;

    private JsLiteralParser(String text, int start) {
        this.text = text;
        this.at = start;
    }

    /** Parses the first object literal in {@code text}, e.g. after "var layout = ". */
    static JsonObject parseFirstObject(String text) {
        int start = text.indexOf('{');
        if (start < 0) {
            return new JsonObject();
        }
        return new JsLiteralParser(text, start).value().getAsJsonObject();
    }

    private JsonElement value() {
        skipSpace();
        char c = text.charAt(at);
        if (c == '{') {
            return object();
        }
        if (c == '[') {
            return array();
        }
        if (c == '\'' || c == '"') {
            return new JsonPrimitive(string());
        }
        String word = word();
        switch (word) {
            case "true": return new JsonPrimitive(true);
            case "false": return new JsonPrimitive(false);
            case "null": case "undefined": case "NaN": return JsonNull.INSTANCE;
            default:
                try {
                    double number = Double.parseDouble(word);
                    return Double.isFinite(number) ? new JsonPrimitive(number) : JsonNull.INSTANCE;
                } catch (NumberFormatException notANumber) {
                    return new JsonPrimitive(word);
                }
        }
    }

    private JsonObject object() {
        JsonObject object = new JsonObject();
        at++; // {
        while (true) {
            skipSpaceAndCommas();
            if (text.charAt(at) == '}') {
                at++;
                return object;
            }
            String key = text.charAt(at) == '\'' || text.charAt(at) == '"' ? string() : word();
            skipSpace();
            expect(':');
            object.add(key, value());
        }
    }

    private JsonArray array() {
        JsonArray array = new JsonArray();
        at++; // [
        while (true) {
            skipSpaceAndCommas();
            if (text.charAt(at) == ']') {
                at++;
                return array;
            }
            array.add(value());
        }
    }

    private String string() {
        char quote = text.charAt(at++);
        StringBuilder out = new StringBuilder();
        while (text.charAt(at) != quote) {
            char c = text.charAt(at++);
            if (c == '\\') {
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(escaped);
                }
            } else {
                out.append(c);
            }
        }
        at++;
        return out.toString();
    }

    private String word() {
        int start = at;
        while (at < text.length() && ",:}] \t\r\n".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        return text.substring(start, at);
    }

    private void expect(char c) {
        if (text.charAt(at) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at + " in plot script");
        }
        at++;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private void skipSpaceAndCommas() {
        while (at < text.length() && (Character.isWhitespace(text.charAt(at)) || text.charAt(at) == ',')) {
            at++;
        }
    }
}
