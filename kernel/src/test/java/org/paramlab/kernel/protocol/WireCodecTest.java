package org.paramlab.kernel.protocol;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WireCodecTest {

    private static WireCodec codec(String key) throws Exception {
        return new WireCodec(new MessageSigner("hmac-sha256", key));
    }

    private static Message request() {
        JsonObject content = new JsonObject();
        content.addProperty("code", "1 + 1");
        Message m = Message.create("session-1", "execute_request", null, content);
        return m.withIdentities(List.of("client".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSignedMessageRoundTrips() throws Exception {
        WireCodec codec = codec("secret");
        Message decoded = codec.decode(codec.encode(request()));
        assertEquals("execute_request", decoded.type());
        assertEquals("1 + 1", decoded.content().get("code").getAsString());
        assertEquals("client", new String(decoded.identities().get(0), StandardCharsets.UTF_8));
    }

    @Test
    void aMessageSignedWithAnotherKeyIsRejected() throws Exception {
        List<byte[]> frames = codec("wrong key").encode(request());
        WireCodec.InvalidMessageException e =
                assertThrows(WireCodec.InvalidMessageException.class, () -> codec("secret").decode(frames));
        assertEquals("invalid HMAC signature", e.getMessage());
    }

    @Test
    void aTamperedContentIsRejected() throws Exception {
        WireCodec codec = codec("secret");
        List<byte[]> frames = new ArrayList<>(codec.encode(request()));
        int content = frames.size() - 1; // no buffers: content is the last frame
        frames.set(content, "{\"code\":\"System.exit(0)\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(WireCodec.InvalidMessageException.class, () -> codec.decode(frames));
    }

    @Test
    void aTruncatedMessageIsRejectedNotCrashing() throws Exception {
        List<byte[]> frames = codec("secret").encode(request()).subList(0, 4);
        assertThrows(WireCodec.InvalidMessageException.class, () -> codec("secret").decode(frames));
    }

    @Test
    void connectionAddressesUseTheFilesIpOnly() {
        ConnectionFile file = new ConnectionFile("tcp", "127.0.0.2", 1, 2, 3, 4, 5, "hmac-sha256", "k");
        assertEquals("tcp://127.0.0.2:4", file.address(file.iopubPort()));
    }
}
