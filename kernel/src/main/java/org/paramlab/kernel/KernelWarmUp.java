package org.paramlab.kernel;

import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.paramlab.kernel.display.KernelRenderers;
import org.paramlab.kernel.eval.CellResult;
import org.paramlab.kernel.protocol.Message;
import org.paramlab.kernel.protocol.MessageSigner;
import org.paramlab.kernel.protocol.WireCodec;
import org.paramlab.kernel.session.JavaSession;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.List;

/**
 * A training run for the JVM's class data sharing: it does what a kernel does when it starts and
 * runs its first cells (the session with JShell and the start-up imports, cells with and without
 * a magic, a table and a plot rendered, the editor's questions, a message signed, a socket
 * bound), then exits. {@code scripts/install-kernel.sh} runs it once with
 * {@code -XX:ArchiveClassesAtExit} (or {@code -XX:AOTCacheOutput} on JDK 25), and every kernel
 * start then maps those classes ready-made instead of loading them one by one.
 */
public final class KernelWarmUp {

    private static final List<String> CELLS = List.of(
            "1 + 1",
            "System.out.println(\"warm\");",
            "Table t = Table.create(\"t\", DoubleColumn.create(\"x\", new double[]{1, 2, 3}),"
                    + " DoubleColumn.create(\"y\", new double[]{3, 1, 2}));",
            "t",
            "Figure f = tech.tablesaw.plotly.api.LinePlot.create(\"warm\", t, \"x\", \"y\");",
            "f",
            "Sequential m = new Sequential(new Dense(\"d\", 2, 3, 1L), new ReLU());",
            "m",
            "class Warm { int v() { return 1; } }",
            "new Warm().v()",
            "%time int timed = 1;");

    private KernelWarmUp() {
    }

    public static void main(String[] args) throws Exception {
        JavaSession session = JavaSession.start(System.err, step -> { });
        new History().query(new JsonObject());
        Renderer renderer = new Renderer();
        KernelRenderers.registerAll(renderer);
        WireCodec codec = new WireCodec(new MessageSigner("hmac-sha256", "warm-up-key"));
        int count = 0;
        for (String cell : CELLS) {
            CellResult result = session.run(cell, "warm-up");
            if (result.hasValue()) {
                // as a kernel shows Out[n]: its content written as text, then signed and framed
                String content = Messenger.resultContent(renderer.render(result.value()), ++count);
                codec.encode(Message.create("warm-up", "execute_result", null, content));
            }
        }
        session.complete("Math.ab", 7);
        session.complete("%cl", 3);
        session.isComplete("if (true) {");
        session.inspect("Math.max(1, 2)", 6);
        codec.decode(codec.encode(Message.create("warm-up", "status", null, new JsonObject())));
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket socket = context.createSocket(SocketType.ROUTER);
            socket.bindToRandomPort("tcp://127.0.0.1");
        }
        System.exit(0);
    }
}
