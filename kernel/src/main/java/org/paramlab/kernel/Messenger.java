package org.paramlab.kernel;

import com.google.gson.ExclusionStrategy;
import com.google.gson.FieldAttributes;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import com.google.gson.stream.JsonWriter;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.paramlab.kernel.eval.CellError;
import org.paramlab.kernel.protocol.Channel;
import org.paramlab.kernel.protocol.KernelSockets;
import org.paramlab.kernel.protocol.Message;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one place that builds and sends what the kernel says: replies on the channel a request came
 * from, broadcasts on iopub (status, output, results, errors), and the content of errors and
 * displays. Output of a running cell goes out as a child of {@link #currentRequest()}.
 *
 * <p>A display's content is written as JSON text in one pass (Gson streaming into a
 * {@link JsonWriter}), never built as a tree: a figure's Plotly JSON, written once by the library
 * and carried as {@code display.RawJson}, is copied into the message as it is, not parsed again.
 */
final class Messenger {

    private final String session = UUID.randomUUID().toString();
    private final KernelSockets sockets;
    /** Writes a display as gson names jjava's DisplayData fields: {"data", "metadata", "transient"}. */
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    /** The same without "transient" (the display id): execute_result and user expressions have none. */
    private static final Gson WITHOUT_TRANSIENT = GSON.newBuilder()
            .addSerializationExclusionStrategy(new ExclusionStrategy() {
                @Override
                public boolean shouldSkipField(FieldAttributes field) {
                    SerializedName name = field.getAnnotation(SerializedName.class);
                    return field.getDeclaringClass() == DisplayData.class && name != null && name.value().equals("transient");
                }

                @Override
                public boolean shouldSkipClass(Class<?> type) {
                    return false;
                }
            })
            .create();
    /** The request whose cell is running (or ran last): output is sent as its child. */
    private volatile Message currentRequest;

    Messenger(KernelSockets sockets) {
        this.sockets = sockets;
    }

    Message currentRequest() {
        return currentRequest;
    }

    void setCurrentRequest(Message request) {
        currentRequest = request;
    }

    KernelSockets sockets() {
        return sockets;
    }

    // ---- sending --------------------------------------------------------------------------------

    void reply(Channel channel, Message request, String type, JsonObject content) {
        channel.send(Message.create(session, type, request, content));
    }

    /** A reply whose content is JSON text written already (see {@link #withWrittenFields}). */
    void reply(Channel channel, Message request, String type, String contentJson) {
        channel.send(Message.create(session, type, request, contentJson));
    }

    /** A reply whose content is {"status": "ok"} plus the given fields. */
    void replyOk(Channel channel, Message request, String type, JsonObject fields) {
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        fields.entrySet().forEach(e -> content.add(e.getKey(), e.getValue()));
        reply(channel, request, type, content);
    }

    void publish(String type, Message parent, JsonObject content) {
        publish(Message.create(session, type, parent, content));
    }

    /** Publishes content written as JSON text already (a display): it goes out as these characters. */
    void publish(String type, Message parent, String contentJson) {
        publish(Message.create(session, type, parent, contentJson));
    }

    private void publish(Message message) {
        sockets.iopub.send(message.withIdentities(List.of(message.type().getBytes(StandardCharsets.UTF_8))));
    }

    void publishStatus(String state, Message parent) {
        JsonObject content = new JsonObject();
        content.addProperty("execution_state", state);
        publish("status", parent, content);
    }

    /** Text the running cell printed, on "stdout" or "stderr". */
    void publishStream(String name, String text) {
        JsonObject content = new JsonObject();
        content.addProperty("name", name);
        content.addProperty("text", text);
        publish("stream", currentRequest, content);
    }

    void sendInputRequest(Message parent, String prompt) {
        JsonObject content = new JsonObject();
        content.addProperty("prompt", prompt);
        content.addProperty("password", false);
        sockets.stdin.send(Message.create(session, "input_request", parent, content));
    }

    // ---- content --------------------------------------------------------------------------------

    /** {"ename", "evalue", "traceback"}: the content of an error message and of an error reply. */
    static JsonObject errorContent(CellError error) {
        JsonObject content = new JsonObject();
        content.addProperty("ename", error.name());
        content.addProperty("evalue", error.value());
        JsonArray traceback = new JsonArray();
        error.traceback().forEach(traceback::add);
        content.add("traceback", traceback);
        return content;
    }

    /** {"status": "error", "ename", "evalue", "traceback"}. */
    static JsonObject errorReply(CellError error) {
        JsonObject content = errorContent(error);
        content.addProperty("status", "error");
        return content;
    }

    /** display_data and update_display_data: {"data": {...}, "metadata": {...}, "transient": {"display_id"}}. */
    static String displayContent(DisplayData display) {
        return write(out -> GSON.toJson(display, DisplayData.class, out));
    }

    /** execute_result (Out[n]): {"data": {...}, "metadata": {...}, "execution_count": n}. */
    static String resultContent(DisplayData display, int executionCount) {
        return write(out -> WITHOUT_TRANSIENT.toJson(new ResultContent(display, executionCount), ResultContent.class, out));
    }

    /** A user expression's value in an execute_reply: {"status": "ok", "data": {...}, "metadata": {...}}. */
    static String expressionContent(DisplayData display) {
        return write(out -> WITHOUT_TRANSIENT.toJson(new ExpressionContent(display), ExpressionContent.class, out));
    }

    /**
     * One JSON object: the fields of {@code content}, then the {@code written} fields, each a name and
     * JSON text written already, copied as it is (a reply holding display contents, for instance).
     */
    static String withWrittenFields(JsonObject content, Map<String, String> written) {
        return write(out -> {
            out.beginObject();
            for (Map.Entry<String, JsonElement> field : content.entrySet()) {
                out.name(field.getKey());
                GSON.toJson(field.getValue(), out);
            }
            for (Map.Entry<String, String> field : written.entrySet()) {
                out.name(field.getKey()).jsonValue(field.getValue());
            }
            out.endObject();
        });
    }

    private interface JsonWriting {
        void writeTo(JsonWriter out) throws IOException;
    }

    /** The text one streamed writer writes: values given as text ({@code jsonValue}) are copied into it unparsed. */
    private static String write(JsonWriting writing) {
        StringWriter text = new StringWriter();
        try (JsonWriter out = GSON.newJsonWriter(text)) {
            writing.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** The cell's number and DisplayData's own fields (gson writes a class's fields before its superclass's). */
    private static final class ResultContent extends DisplayData {
        @SerializedName("execution_count")
        private final int executionCount;

        ResultContent(DisplayData display, int executionCount) {
            super(display);
            this.executionCount = executionCount;
        }
    }

    /** DisplayData's own fields and the status of the evaluation, which succeeded. */
    private static final class ExpressionContent extends DisplayData {
        @SuppressWarnings("unused") // written by gson
        private final String status = "ok";

        ExpressionContent(DisplayData display) {
            super(display);
        }
    }

    static String text(JsonObject content, String name) {
        return content.has(name) && !content.get(name).isJsonNull() ? content.get(name).getAsString() : "";
    }

    static boolean flag(JsonObject content, String name, boolean fallback) {
        return content.has(name) && !content.get(name).isJsonNull() ? content.get(name).getAsBoolean() : fallback;
    }

    static int number(JsonObject content, String name, int fallback) {
        return content.has(name) && !content.get(name).isJsonNull() ? content.get(name).getAsInt() : fallback;
    }
}
