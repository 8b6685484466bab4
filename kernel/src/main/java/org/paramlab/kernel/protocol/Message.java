package org.paramlab.kernel.protocol;

import com.google.gson.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One Jupyter message: routing identities, header, parent header, metadata and content.
 * Binary buffers are kept only so nothing is lost; the kernel does not use them.
 */
public record Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader,
                      JsonObject metadata, JsonObject content, List<byte[]> buffers) {

    public static final String PROTOCOL_VERSION = "5.3";

    public String type() {
        return header.has("msg_type") ? header.get("msg_type").getAsString() : "";
    }

    public String id() {
        return header.has("msg_id") ? header.get("msg_id").getAsString() : "";
    }

    /** A new message of the given type, answering {@code parent} (or null for none), in {@code session}. */
    public static Message create(String session, String type, Message parent, JsonObject content) {
        JsonObject header = new JsonObject();
        header.addProperty("msg_id", UUID.randomUUID().toString());
        header.addProperty("session", session);
        header.addProperty("username", "kernel");
        header.addProperty("date", Instant.now().toString());
        header.addProperty("msg_type", type);
        header.addProperty("version", PROTOCOL_VERSION);
        List<byte[]> identities = parent == null ? List.of() : parent.identities();
        JsonObject parentHeader = parent == null ? new JsonObject() : parent.header();
        return new Message(identities, header, parentHeader, new JsonObject(), content, List.of());
    }

    /** The same message sent to other identities (IOPub messages are routed by their topic). */
    public Message withIdentities(List<byte[]> newIdentities) {
        return new Message(newIdentities, header, parentHeader, metadata, content, buffers);
    }
}
