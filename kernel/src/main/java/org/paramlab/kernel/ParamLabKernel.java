package org.paramlab.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.paramlab.kernel.display.Display;
import org.paramlab.kernel.protocol.Channel;
import org.paramlab.kernel.protocol.ConnectionFile;
import org.paramlab.kernel.protocol.KernelSockets;
import org.paramlab.kernel.protocol.Message;
import org.paramlab.kernel.protocol.WireCodec;
import org.paramlab.kernel.session.JavaSession;
import org.paramlab.kernel.streams.StdinInput;
import org.paramlab.kernel.streams.StreamOutput;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The ParamLab Jupyter kernel: Java cells on JShell in this JVM, answering Jupyter's messaging
 * protocol 5.3. It reads requests and hands each to its handler:
 * <pre>
 *   kernel_info_request                              here
 *   execute_request                                  {@link ExecuteRequests}
 *   complete_request, inspect_request, is_complete   {@link EditorRequests}
 *   history_request                                  {@link History}
 *   interrupt_request, shutdown_request              {@link ControlRequests}
 * </pre>
 * Requests arrive on two threads: "shell" and "control", so an interrupt is heard while a cell runs.
 * Every message leaves through {@link Messenger}; every cell and every question about code goes
 * to the one {@link JavaSession}.
 */
public final class ParamLabKernel {

    /** How much one cell may print before the rest is dropped (with a note). */
    private static final long OUTPUT_LIMIT_BYTES = 8L * 1024 * 1024;

    /** Handles one request; its reply goes back on {@code channel}. */
    private interface Handler {
        void handle(Channel channel, Message request);
    }

    private final KernelSockets sockets;
    private final Messenger messenger;
    private final JavaSession session;
    private final PrintStream log;
    private final StreamOutput stdout;
    private final StreamOutput stderr;
    private final DisplayPublisher displays;
    private final ExecuteRequests execute;
    private final ControlRequests control;
    private final Map<String, Handler> handlers = new HashMap<>();
    /**
     * Shell requests that were already waiting when a cell failed (read before its error reply was
     * sent): their execute requests are answered "aborted", the others handled as usual.
     * Used only by the shell thread.
     */
    private final Deque<Message> waitingBehindError = new ArrayDeque<>();

    ParamLabKernel(KernelSockets sockets, JavaSession session, PrintStream log) {
        this.sockets = sockets;
        this.session = session;
        this.log = log;
        this.messenger = new Messenger(sockets);
        this.stdout = new StreamOutput("stdout", OUTPUT_LIMIT_BYTES, messenger::publishStream);
        this.stderr = new StreamOutput("stderr", OUTPUT_LIMIT_BYTES, messenger::publishStream);
        this.displays = new DisplayPublisher(messenger, this::flushOutput, log);
        History history = new History();
        this.execute = new ExecuteRequests(messenger, session, displays, history, stdout, stderr, log,
                this::collectWaitingRequests);
        EditorRequests editor = new EditorRequests(messenger, session, log);
        this.control = new ControlRequests(messenger, session, log);

        handlers.put("kernel_info_request", this::kernelInfo);
        handlers.put("execute_request", execute::execute);
        handlers.put("complete_request", editor::complete);
        handlers.put("inspect_request", editor::inspect);
        handlers.put("is_complete_request", editor::isComplete);
        handlers.put("history_request", (channel, request) ->
                messenger.replyOk(channel, request, "history_reply", field("history", history.query(request.content()))));
        handlers.put("comm_info_request", (channel, request) ->
                messenger.replyOk(channel, request, "comm_info_reply", field("comms", new JsonObject())));
        handlers.put("interrupt_request", control::interrupt);
        handlers.put("shutdown_request", control::shutdown);

        Display.useSink(displays);
        System.setOut(new PrintStream(stdout, false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, false, StandardCharsets.UTF_8));
        System.setIn(new StdinInput(new StdinRequests(messenger, this::flushOutput, log)));
    }

    // ---- start-up ----------------------------------------------------------------------------

    public static void main(String[] args) throws Exception {
        StartTimeline.mark("main");
        if (args.length != 1) {
            System.err.println("usage: java -cp <classpath> " + ParamLabKernel.class.getName() + " <connection-file>");
            System.exit(2);
        }
        PrintStream log = System.err; // the terminal that started us (Jupyter's log)
        // JShell's start (javac's first compile) is the longest part of a kernel's start: it runs
        // on its own thread from here on, while this one binds the sockets and answers kernel_info
        JavaSession session = JavaSession.start(log, StartTimeline::mark);
        ParentWatch.endWhenParentEnds(log); // at once if the server is gone already
        KernelSockets sockets = new KernelSockets(ConnectionFile.read(Path.of(args[0])));
        StartTimeline.mark("sockets bound");
        new ParamLabKernel(sockets, session, log).run();
    }

    void run() {
        displays.warmUp(); // while JShell starts on the other thread, so the first result is quick
        Runtime.getRuntime().addShutdownHook(new Thread(this::sayGoodbyeIfCellExits, "exit-notice"));
        Daemons.start("output-flusher", this::flushOutputPeriodically);
        Daemons.start("control", () -> serve(sockets.control));
        messenger.publishStatus("starting", null);
        StartTimeline.mark("serving");
        serve(sockets.shell);
    }

    private void flushOutput() {
        stdout.flush();
        stderr.flush();
    }

    private void flushOutputPeriodically() {
        while (!control.shuttingDown()) {
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                return;
            }
            flushOutput();
        }
    }

    /** Cell code can still end the JVM (e.g. Runtime.halt); at least tell the notebook why it went. */
    private void sayGoodbyeIfCellExits() {
        if (session.cellRunning() && !control.shuttingDown()) {
            System.err.println("\nThe kernel is exiting because the cell ended the Java process."
                    + " Jupyter will restart it; variables are lost.");
            stderr.flush();
        }
    }

    // ---- the request loop ---------------------------------------------------------------------

    /** Reads requests from one socket for ever; one bad message never stops the loop. */
    private void serve(Channel channel) {
        while (!control.shuttingDown()) {
            Message waiting = channel == sockets.shell ? waitingBehindError.poll() : null;
            if (waiting != null) {
                dispatch(channel, waiting, waiting.type().equals("execute_request"));
                continue;
            }
            Message request = receiveSafely(channel, -1);
            if (request != null) {
                dispatch(channel, request, false);
            }
        }
    }

    /** One message, or null on timeout or when a message was broken (logged, never fatal). */
    private Message receiveSafely(Channel channel, int timeoutMillis) {
        try {
            return channel.receive(timeoutMillis);
        } catch (WireCodec.InvalidMessageException e) {
            log.println("paramlab kernel: ignored a message on " + channel.name() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (!control.shuttingDown()) {
                log.println("paramlab kernel: receive failed on " + channel.name() + ": " + e);
            }
        }
        return null;
    }

    /**
     * Takes every request already waiting on the shell socket, without blocking. Called after a
     * cell fails and before its reply goes out, so a request sent after seeing the error is not
     * among them.
     */
    private void collectWaitingRequests(Channel channel) {
        Message next;
        while ((next = receiveSafely(channel, 0)) != null) {
            waitingBehindError.add(next);
        }
    }

    private void dispatch(Channel channel, Message request, boolean abortIt) {
        try {
            if (abortIt) {
                execute.abort(channel, request);
            } else {
                handle(channel, request);
            }
        } catch (Throwable t) {
            log.println("paramlab kernel: failed to handle " + request.type());
            t.printStackTrace(log);
        }
    }

    /** busy, the handler, idle. comm_open/comm_msg/comm_close are ignored: no comm targets, as ipykernel does. */
    private void handle(Channel channel, Message request) {
        String type = request.type();
        if (type.startsWith("comm_") && !type.equals("comm_info_request")) {
            return;
        }
        Handler handler = handlers.get(type);
        messenger.publishStatus("busy", request);
        try {
            if (handler == null) {
                log.println("paramlab kernel: unknown message type " + type);
            } else {
                handler.handle(channel, request);
            }
        } finally {
            messenger.publishStatus("idle", request);
        }
    }

    /**
     * Answered at once, JShell started or not: a front end waits a further 0.2 s of quiet on iopub
     * after this reply before it sends the first cell, and that wait overlaps JShell's start.
     * A cell that comes before JShell is ready waits for it (in {@link JavaSession}).
     */
    private void kernelInfo(Channel channel, Message request) {
        messenger.reply(channel, request, "kernel_info_reply", KernelInfo.content());
        StartTimeline.mark("kernel_info answered");
    }

    private static JsonObject field(String name, JsonElement value) {
        JsonObject content = new JsonObject();
        content.add(name, value);
        return content;
    }
}
