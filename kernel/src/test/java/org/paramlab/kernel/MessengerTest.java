package org.paramlab.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.junit.jupiter.api.Test;
import org.paramlab.kernel.display.KernelRenderers;
import org.paramlab.kernel.display.RawJson;
import org.paramlab.kernel.protocol.ConnectionFile;
import org.paramlab.kernel.protocol.KernelSockets;
import org.paramlab.kernel.protocol.Message;
import org.paramlab.kernel.protocol.MessageSigner;
import org.paramlab.kernel.protocol.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.LinePlot;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A figure's JSON, written once by the library, leaves the kernel as those very characters: every
 * message that carries a display is written as text, and its signature covers the bytes sent.
 */
class MessengerTest {

    /**
     * A figure's JSON as a parser would never write it back: an exponent ("1.50e+00" becomes 1.5),
     * a trailing zero, keys out of order, spaces and a line break, a \\u escape ("é" once read), and
     * "</" left as it is. If any path parsed and rewrote it, it would not arrive byte for byte.
     */
    private static final String FIGURE = "{\"layout\": {\"title\": {\"text\": \"caf\\u00e9 </b>\"}},\n"
            + "  \"data\": [ {\"y\": [1.50e+00, 2.0, -0.0], \"x\": [1, 2, 3], \"type\": \"scatter\"} ]}";

    private static final String KEY = "a key";

    private static DisplayData figureDisplay() {
        DisplayData display = new DisplayData("Figure with 1 trace");
        display.putData(KernelRenderers.PLOTLY, new RawJson(FIGURE));
        return display;
    }

    private static JsonObject parse(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    /** The content of a display as a client reads it: data with the figure as an object, metadata, transient. */
    @Test
    void aDisplaysContentCarriesTheFigureTextAsItIsAndIsStillOneJsonObject() {
        DisplayData display = figureDisplay();
        display.setDisplayId("d-1");
        String content = Messenger.displayContent(display);
        assertTrue(content.contains("\"application/vnd.plotly.v1+json\":" + FIGURE), content);

        JsonObject read = parse(content);
        assertEquals(Set.of("data", "metadata", "transient"), read.keySet());
        JsonObject figure = read.getAsJsonObject("data").getAsJsonObject(KernelRenderers.PLOTLY_MIME_TYPE);
        assertEquals(1.5, figure.getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("y").get(0).getAsDouble());
        assertEquals("café </b>", figure.getAsJsonObject("layout").getAsJsonObject("title").get("text").getAsString());
        assertEquals("Figure with 1 trace", read.getAsJsonObject("data").get("text/plain").getAsString());
        assertEquals(0, read.getAsJsonObject("metadata").size());
        assertEquals("d-1", read.getAsJsonObject("transient").get("display_id").getAsString());
    }

    @Test
    void outNCarriesTheFigureTextAsItIsWithItsNumberAndNoDisplayId() {
        DisplayData display = figureDisplay();
        display.setDisplayId("not for Out");
        String content = Messenger.resultContent(display, 7);
        assertTrue(content.contains("\"application/vnd.plotly.v1+json\":" + FIGURE), content);
        JsonObject read = parse(content);
        assertEquals(Set.of("data", "metadata", "execution_count"), read.keySet());
        assertEquals(7, read.get("execution_count").getAsInt());
    }

    @Test
    void aUserExpressionsValueCarriesTheFigureTextAsItIsInsideTheReply() {
        JsonObject reply = new JsonObject();
        reply.addProperty("status", "ok");
        reply.addProperty("execution_count", 3);
        String expressions = Messenger.withWrittenFields(new JsonObject(),
                Map.of("fig", Messenger.expressionContent(figureDisplay())));
        String content = Messenger.withWrittenFields(reply, Map.of("user_expressions", expressions));
        assertTrue(content.contains("\"application/vnd.plotly.v1+json\":" + FIGURE), content);
        JsonObject fig = parse(content).getAsJsonObject("user_expressions").getAsJsonObject("fig");
        assertEquals(Set.of("status", "data", "metadata"), fig.keySet());
        assertEquals("ok", fig.get("status").getAsString());
        assertEquals(3, parse(content).get("execution_count").getAsInt());
    }

    /** What goes on the wire: the content frame holds the figure's characters, and the HMAC is over the frames sent. */
    @Test
    void theSentContentFrameHoldsTheFigureTextAndTheSignatureCoversItsBytes() throws Exception {
        WireCodec codec = new WireCodec(new MessageSigner("hmac-sha256", KEY));
        List<byte[]> frames = codec.encode(Message.create("s", "execute_result", null, Messenger.resultContent(figureDisplay(), 1)));
        assertSignedAndHoldsTheFigure(frames);
        Message decoded = codec.decode(frames);
        assertTrue(decoded.content().getAsJsonObject("data").get(KernelRenderers.PLOTLY_MIME_TYPE).isJsonObject());
    }

    /**
     * display() and updateDisplay() as a cell calls them, through the kernel's own iopub socket to a
     * subscriber: the frames received hold the figure's text unchanged, correctly signed.
     */
    @Test
    void displayAndUpdateDisplaySendTheFigureTextUnchangedOnIopub() throws Exception {
        int[] ports = freePorts(5);
        ConnectionFile connection = new ConnectionFile("tcp", "127.0.0.1",
                ports[0], ports[1], ports[2], ports[3], ports[4], "hmac-sha256", KEY);
        try (KernelSockets sockets = new KernelSockets(connection); ZContext context = new ZContext(1)) {
            ZMQ.Socket subscriber = context.createSocket(SocketType.SUB);
            subscriber.subscribe(new byte[0]);
            subscriber.connect(connection.address(connection.iopubPort()));
            subscriber.setReceiveTimeOut(200);
            Messenger messenger = new Messenger(sockets);
            DisplayPublisher publisher = new DisplayPublisher(messenger, () -> { }, System.err);

            // a subscription takes a moment to reach the publisher: send status until one arrives
            List<byte[]> joined = null;
            for (int attempt = 0; attempt < 300 && joined == null; attempt++) {
                messenger.publishStatus("idle", null);
                joined = receive(subscriber);
            }
            assertNotNull(joined, "the subscriber never received a status message");
            while (receive(subscriber) != null) {
                // drop the other status messages sent while joining
            }

            String id = publisher.display(figureDisplay());
            List<byte[]> shown = receiveType(subscriber, "display_data");
            assertSignedAndHoldsTheFigure(shown);
            assertTrue(utf8(shown.get(shown.size() - 1)).contains("\"display_id\":\"" + id + "\""));

            publisher.updateDisplay(id, figureDisplay());
            List<byte[]> updated = receiveType(subscriber, "update_display_data");
            assertSignedAndHoldsTheFigure(updated);
        }
    }

    /** A user's own tablesaw Figure (not the library's PlotlyFigure) still becomes a Plotly JSON object. */
    @Test
    void aUsersOwnTablesawFigureStillDisplaysAsAPlotlyObject() {
        Renderer renderer = new Renderer();
        KernelRenderers.registerAll(renderer);
        Table xy = Table.create("xy", DoubleColumn.create("x", new double[]{1, 2, 3}),
                DoubleColumn.create("y", new double[]{3, 1, 2}));
        JsonObject read = parse(Messenger.displayContent(renderer.render(LinePlot.create("line", xy, "x", "y"))));
        JsonObject data = read.getAsJsonObject("data");
        JsonObject figure = data.getAsJsonObject(KernelRenderers.PLOTLY_MIME_TYPE);
        assertEquals(3.0, figure.getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("x").get(2).getAsDouble());
        assertTrue(data.get("text/html").getAsString().contains("Plotly.newPlot"));
        assertEquals("Figure \"line\" with 1 trace", data.get("text/plain").getAsString());
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** [topic..., "<IDS|MSG>", signature, header, parent, metadata, content]: the content holds FIGURE, the HMAC matches. */
    private static void assertSignedAndHoldsTheFigure(List<byte[]> frames) throws Exception {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (utf8(frames.get(i)).equals("<IDS|MSG>")) {
                delimiter = i;
                break;
            }
        }
        assertTrue(delimiter >= 0, "no <IDS|MSG> delimiter");
        String content = utf8(frames.get(delimiter + 5));
        assertTrue(content.contains("\"application/vnd.plotly.v1+json\":" + FIGURE), content);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (int part = 2; part <= 5; part++) {
            mac.update(frames.get(delimiter + part));
        }
        assertEquals(HexFormat.of().formatHex(mac.doFinal()), utf8(frames.get(delimiter + 1)));
        assertFalse(JsonParser.parseString(content).getAsJsonObject().isEmpty());
    }

    private static List<byte[]> receiveType(ZMQ.Socket subscriber, String type) {
        for (int attempt = 0; attempt < 100; attempt++) {
            List<byte[]> frames = receive(subscriber);
            if (frames != null && utf8(frames.get(0)).equals(type)) {
                return frames;
            }
        }
        throw new AssertionError("no " + type + " message arrived on iopub");
    }

    private static List<byte[]> receive(ZMQ.Socket socket) {
        byte[] first = socket.recv(0);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    private static int[] freePorts(int count) throws Exception {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
