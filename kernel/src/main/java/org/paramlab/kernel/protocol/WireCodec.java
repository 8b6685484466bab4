package org.paramlab.kernel.protocol;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns messages into ZeroMQ frames and back:
 * [identities..., "&lt;IDS|MSG&gt;", signature, header, parent_header, metadata, content, buffers...].
 * The signature is computed over the very bytes of the four frames that are sent.
 */
public final class WireCodec {

    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final MessageSigner signer;

    public WireCodec(MessageSigner signer) {
        this.signer = signer;
    }

    public List<byte[]> encode(Message message) {
        byte[] header = utf8(message.header().toString());
        byte[] parent = utf8(message.parentHeader().toString());
        byte[] metadata = utf8(message.metadata().toString());
        byte[] content = utf8(message.contentJson()); // as written: a figure's JSON is copied, not parsed again
        List<byte[]> frames = new ArrayList<>(message.identities());
        frames.add(DELIMITER);
        frames.add(utf8(signer.sign(header, parent, metadata, content)));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(message.buffers());
        return frames;
    }

    /** Decodes frames; throws {@link InvalidMessageException} for a bad signature or a malformed message. */
    public Message decode(List<byte[]> frames) throws InvalidMessageException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) {
            throw new InvalidMessageException("malformed message: " + frames.size() + " frames, no complete <IDS|MSG> block");
        }
        String signature = new String(frames.get(delimiter + 1), StandardCharsets.US_ASCII);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (!signer.verify(signature, header, parent, metadata, content)) {
            throw new InvalidMessageException("invalid HMAC signature");
        }
        try {
            String contentJson = new String(content, StandardCharsets.UTF_8);
            return Message.received(
                    List.copyOf(frames.subList(0, delimiter)),
                    json(header), json(parent), json(metadata), contentJson, json(contentJson),
                    List.copyOf(frames.subList(delimiter + 6, frames.size())));
        } catch (RuntimeException e) {
            throw new InvalidMessageException("malformed JSON in message: " + e.getMessage());
        }
    }

    private static JsonObject json(byte[] bytes) {
        return json(new String(bytes, StandardCharsets.UTF_8));
    }

    private static JsonObject json(String text) {
        return text.isBlank() ? new JsonObject() : JsonParser.parseString(text).getAsJsonObject();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A message the kernel must ignore (and log), never a reason to stop serving. */
    public static final class InvalidMessageException extends Exception {
        public InvalidMessageException(String message) {
            super(message);
        }
    }
}
