package org.paramlab.kernel.protocol;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One Jupyter message: routing identities, header, parent header, metadata and content.
 * Binary buffers are kept only so nothing is lost; the kernel does not use them.
 *
 * <p>The content is kept as the JSON text that goes on the wire ({@link #contentJson()}): a
 * message the kernel writes as text (a display whose figure JSON is already written) is sent as
 * it is, never parsed and written again. {@link #content()} reads it as a tree, for requests.
 */
public final class Message {

    public static final String PROTOCOL_VERSION = "5.3";

    private final List<byte[]> identities;
    private final JsonObject header;
    private final JsonObject parentHeader;
    private final JsonObject metadata;
    private final String contentJson;
    private final List<byte[]> buffers;
    /** The content as a tree: given, or read from the text on first use. */
    private volatile JsonObject content;

    private Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader, JsonObject metadata,
                    String contentJson, JsonObject content, List<byte[]> buffers) {
        this.identities = identities;
        this.header = header;
        this.parentHeader = parentHeader;
        this.metadata = metadata;
        this.contentJson = contentJson;
        this.content = content;
        this.buffers = buffers;
    }

    /** A message as received: its content text and that text read as a tree. */
    static Message received(List<byte[]> identities, JsonObject header, JsonObject parentHeader, JsonObject metadata,
                            String contentJson, JsonObject content, List<byte[]> buffers) {
        return new Message(identities, header, parentHeader, metadata, contentJson, content, buffers);
    }

    /** A new message of the given type, answering {@code parent} (or null for none), in {@code session}. */
    public static Message create(String session, String type, Message parent, JsonObject content) {
        return create(session, type, parent, content.toString(), content);
    }

    /**
     * The same, with content written as JSON text already (an object): it is sent as these very
     * characters. The caller vouches that it is one JSON object.
     */
    public static Message create(String session, String type, Message parent, String contentJson) {
        return create(session, type, parent, contentJson, null);
    }

    private static Message create(String session, String type, Message parent, String contentJson, JsonObject content) {
        JsonObject header = new JsonObject();
        header.addProperty("msg_id", UUID.randomUUID().toString());
        header.addProperty("session", session);
        header.addProperty("username", "kernel");
        header.addProperty("date", Instant.now().toString());
        header.addProperty("msg_type", type);
        header.addProperty("version", PROTOCOL_VERSION);
        List<byte[]> identities = parent == null ? List.of() : parent.identities();
        JsonObject parentHeader = parent == null ? new JsonObject() : parent.header();
        return new Message(identities, header, parentHeader, new JsonObject(), contentJson, content, List.of());
    }

    /** The same message sent to other identities (IOPub messages are routed by their topic). */
    public Message withIdentities(List<byte[]> newIdentities) {
        return new Message(newIdentities, header, parentHeader, metadata, contentJson, content, buffers);
    }

    public String type() {
        return header.has("msg_type") ? header.get("msg_type").getAsString() : "";
    }

    public String id() {
        return header.has("msg_id") ? header.get("msg_id").getAsString() : "";
    }

    public List<byte[]> identities() {
        return identities;
    }

    public JsonObject header() {
        return header;
    }

    public JsonObject parentHeader() {
        return parentHeader;
    }

    public JsonObject metadata() {
        return metadata;
    }

    /** The content as the JSON text sent or received. */
    public String contentJson() {
        return contentJson;
    }

    /** The content as a tree (a request's fields); read from the text the first time it is asked for. */
    public JsonObject content() {
        JsonObject tree = content;
        if (tree == null) {
            tree = contentJson.isBlank() ? new JsonObject() : JsonParser.parseString(contentJson).getAsJsonObject();
            content = tree;
        }
        return tree;
    }

    public List<byte[]> buffers() {
        return buffers;
    }
}
