package org.paramlab.kernel.display;

import java.io.IOException;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

/**
 * JSON text that is already written (a figure's {@code {"data": ..., "layout": ...}}), placed into a
 * Jupyter message as a JSON value, not as a string. A Gson writer that writes text copies it as it is
 * ({@link JsonWriter#jsonValue}): the kernel's {@code Messenger} writes every display that way, so the
 * figure leaves unparsed. A writer that builds a tree ({@code Gson.toJsonTree}) cannot hold text, and
 * gets it parsed.
 */
@JsonAdapter(RawJson.Adapter.class)
public record RawJson(String json) {

    public RawJson {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("raw JSON is empty");
        }
    }

    @Override
    public String toString() {
        return json;
    }

    /** Writes the text unchanged; a message never carries one back to the kernel. */
    static final class Adapter extends TypeAdapter<RawJson> {
        private static final TypeAdapter<JsonElement> TREE = new Gson().getAdapter(JsonElement.class);

        @Override
        public void write(JsonWriter out, RawJson value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                try {
                    out.jsonValue(value.json());
                } catch (UnsupportedOperationException treeWriter) {
                    TREE.write(out, JsonParser.parseString(value.json()));
                }
            }
        }

        @Override
        public RawJson read(JsonReader in) {
            throw new UnsupportedOperationException("RawJson is only written");
        }
    }
}
