package org.paramlab.kernel.protocol;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection file Jupyter writes for a kernel: where to bind each socket and the key that
 * signs every message.
 */
public record ConnectionFile(String transport, String ip, int shellPort, int controlPort,
                             int stdinPort, int iopubPort, int heartbeatPort,
                             String signatureScheme, String key) {

    public static ConnectionFile read(Path file) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        return new ConnectionFile(
                text(json, "transport", "tcp"),
                text(json, "ip", "127.0.0.1"),
                json.get("shell_port").getAsInt(),
                json.get("control_port").getAsInt(),
                json.get("stdin_port").getAsInt(),
                json.get("iopub_port").getAsInt(),
                json.get("hb_port").getAsInt(),
                text(json, "signature_scheme", "hmac-sha256"),
                text(json, "key", ""));
    }

    private static String text(JsonObject json, String name, String fallback) {
        return json.has(name) && !json.get(name).isJsonNull() ? json.get(name).getAsString() : fallback;
    }

    /** The ZeroMQ address of one socket: only the address the connection file names, never "*". */
    public String address(int port) {
        return "ipc".equals(transport) ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }
}
