package org.paramlab.kernel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.paramlab.kernel.eval.CellError;
import org.paramlab.kernel.protocol.Channel;
import org.paramlab.kernel.protocol.KernelSockets;
import org.paramlab.kernel.protocol.Message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The one place that builds and sends what the kernel says: replies on the channel a request came
 * from, broadcasts on iopub (status, output, results, errors), and the content of errors and
 * displays. Output of a running cell goes out as a child of {@link #currentRequest()}.
 */
final class Messenger {

    private final String session = UUID.randomUUID().toString();
    private final KernelSockets sockets;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();
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

    /** A reply whose content is {"status": "ok"} plus the given fields. */
    void replyOk(Channel channel, Message request, String type, JsonObject fields) {
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        fields.entrySet().forEach(e -> content.add(e.getKey(), e.getValue()));
        reply(channel, request, type, content);
    }

    void publish(String type, Message parent, JsonObject content) {
        Message message = Message.create(session, type, parent, content);
        sockets.iopub.send(message.withIdentities(List.of(type.getBytes(StandardCharsets.UTF_8))));
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

    /** DisplayData as message content: {"data": {...}, "metadata": {...}, "transient": {...}}. */
    JsonObject displayContent(DisplayData data) {
        JsonObject tree = gson.toJsonTree(data).getAsJsonObject();
        JsonObject content = new JsonObject();
        content.add("data", objectOrEmpty(tree.get("data")));
        content.add("metadata", objectOrEmpty(tree.get("metadata")));
        content.add("transient", objectOrEmpty(tree.has("transient") ? tree.get("transient") : tree.get("transientData")));
        return content;
    }

    private static JsonObject objectOrEmpty(JsonElement element) {
        return element != null && element.isJsonObject() ? element.getAsJsonObject() : new JsonObject();
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
