package org.paramlab.kernel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.paramlab.kernel.display.KernelRenderers;
import org.paramlab.kernel.eval.CellError;
import org.paramlab.kernel.eval.CellResult;
import org.paramlab.kernel.eval.CodeCompleteness;
import org.paramlab.kernel.eval.Completion;
import org.paramlab.kernel.eval.JavaEvaluator;
import org.paramlab.kernel.io.StdinInput;
import org.paramlab.kernel.magic.ParamLabMagics;
import org.paramlab.kernel.io.StreamOutput;
import org.paramlab.kernel.protocol.Channel;
import org.paramlab.kernel.protocol.ConnectionFile;
import org.paramlab.kernel.protocol.KernelSockets;
import org.paramlab.kernel.protocol.Message;
import org.paramlab.kernel.protocol.WireCodec;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ParamLab Jupyter kernel: Java cells on JShell in this JVM, answering Jupyter's messaging
 * protocol 5.3. Requests arrive on two threads: "shell" (execute, complete, ...) and "control"
 * (interrupt, shutdown), so an interrupt is heard while a cell runs.
 *
 * <p>It extends jjava-jupyter's {@link BaseKernel} for its display ({@link Renderer}) and magics
 * ({@link MagicsRegistry}) machinery, but talks to ZeroMQ through our own {@link KernelSockets}:
 * blocking receives (no polling loop), and a message with a bad signature is logged and ignored.
 */
public final class ParamLabKernel extends BaseKernel implements KernelServices, Display.DisplaySink {

    /** How much one cell may print before the rest is dropped (with a note). */
    private static final long OUTPUT_LIMIT_BYTES = 8L * 1024 * 1024;
    private static final int HISTORY_LIMIT = 1000;

    private final String session = UUID.randomUUID().toString();
    private final KernelSockets sockets;
    private final CompletableFuture<JavaEvaluator> evaluator = new CompletableFuture<>();
    private final PrintStream log;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    private final StreamOutput stdout;
    private final StreamOutput stderr;
    private final List<Path> addedClasspath = new CopyOnWriteArrayList<>();
    private final Deque<String> history = new ArrayDeque<>();
    private final AtomicInteger executionCount = new AtomicInteger();
    private final Path workingDirectory = Path.of("").toAbsolutePath();

    /** The request whose cell is running (or ran last): output is sent as its child. */
    private volatile Message currentRequest;
    private volatile boolean cellRunning;
    private volatile boolean shuttingDown;
    /**
     * Shell requests that were already waiting when a cell failed (read before its error reply was
     * sent): their execute requests are answered "aborted", the others handled as usual.
     * Used only by the shell thread.
     */
    private final Deque<Message> waitingBehindError = new ArrayDeque<>();
    /** The name errors use for the running cell, e.g. "In [3]". */
    private volatile String cellName = "code";

    /** A line that starts (after spaces) with % is a magic. */
    private static final java.util.regex.Pattern MAGIC_LINE = java.util.regex.Pattern.compile("(?m)^\\s*%");

    ParamLabKernel(KernelSockets sockets, PrintStream log) {
        super("paramlab", KernelInfo.VERSION, KernelInfo.languageInfo(), List.of(), null,
                new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()), new MagicsRegistry(),
                false, new StringStyler.Builder().build());
        this.sockets = sockets;
        this.log = log;
        this.stdout = new StreamOutput("stdout", OUTPUT_LIMIT_BYTES, this::publishStream);
        this.stderr = new StreamOutput("stderr", OUTPUT_LIMIT_BYTES, this::publishStream);
        KernelRenderers.registerAll(getRenderer());
        ParamLabMagics.registerAll(getMagicsRegistry());
    }

    // ---- start-up ----------------------------------------------------------------------------

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp <classpath> " + ParamLabKernel.class.getName() + " <connection-file>");
            System.exit(2);
        }
        PrintStream log = System.err; // the terminal that started us (Jupyter's log)
        ConnectionFile connection = ConnectionFile.read(Path.of(args[0]));
        ParamLabKernel kernel = new ParamLabKernel(new KernelSockets(connection), log);
        kernel.start();
    }

    void start() {
        installNotebookKernel();
        Display.useSink(this);
        System.setOut(new PrintStream(stdout, false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, false, StandardCharsets.UTF_8));
        System.setIn(new StdinInput(this::requestInput));
        Runtime.getRuntime().addShutdownHook(new Thread(this::sayGoodbyeIfCellExits, "exit-notice"));

        // JShell takes a second to start: answer kernel_info at once and prepare JShell meanwhile.
        Thread starter = new Thread(this::startEvaluator, "jshell-start");
        starter.setDaemon(true);
        starter.start();
        startDaemon("output-flusher", this::flushOutputPeriodically);
        startDaemon("control", () -> serve(sockets.control));
        publishStatus("starting", null);
        serve(sockets.shell);
    }

    private void startEvaluator() {
        try {
            JavaEvaluator java = new JavaEvaluator(System.getProperty("java.class.path"));
            for (String importLine : StartupImports.lines()) {
                try {
                    java.eval(importLine, "start-up");
                } catch (CellError e) {
                    log.println("paramlab kernel: start-up import failed: " + importLine + ": " + e.value());
                }
            }
            // warm up compiling, running and showing a snippet, so the first cell is quick
            CellResult two = java.eval("1 + 1", "start-up");
            displayContent(renderSafely(two.value()));
            evaluator.complete(java);
        } catch (Throwable t) {
            log.println("paramlab kernel: JShell did not start");
            t.printStackTrace(log);
            evaluator.completeExceptionally(t);
        }
    }

    /**
     * kernel_info tells the front end the kernel is ready. We answer when JShell is ready, so the
     * first cell runs at once, but never later than this long after the kernel started.
     */
    private static final long KERNEL_INFO_DEADLINE_MILLIS = 1000;
    private static final long STARTED_NANOS = System.nanoTime();

    private void awaitJShell(long deadlineMillis) {
        long wait = deadlineMillis - (System.nanoTime() - STARTED_NANOS) / 1_000_000;
        if (wait > 0) {
            try {
                evaluator.get(wait, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // not ready yet (or failed, which the first cell will report): answer anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void startDaemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void flushOutputPeriodically() {
        while (!shuttingDown) {
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                return;
            }
            stdout.flush();
            stderr.flush();
        }
    }

    // ---- the request loop ---------------------------------------------------------------------

    /** Reads requests from one socket for ever; one bad message never stops the loop. */
    private void serve(Channel channel) {
        while (!shuttingDown) {
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
            if (!shuttingDown) {
                log.println("paramlab kernel: receive failed on " + channel.name() + ": " + e);
            }
        }
        return null;
    }

    private void dispatch(Channel channel, Message request, boolean abortIt) {
        try {
            if (abortIt) {
                abort(channel, request);
            } else {
                handle(channel, request);
            }
        } catch (Throwable t) {
            log.println("paramlab kernel: failed to handle " + request.type());
            t.printStackTrace(log);
        }
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

    private void handle(Channel channel, Message request) {
        String type = request.type();
        if (type.startsWith("comm_") && !type.equals("comm_info_request")) {
            return; // no comm targets: comm_open/comm_msg/comm_close are ignored, as ipykernel does
        }
        publishStatus("busy", request);
        try {
            switch (type) {
                case "kernel_info_request" -> {
                    awaitJShell(KERNEL_INFO_DEADLINE_MILLIS);
                    reply(channel, request, "kernel_info_reply", KernelInfo.content());
                }
                case "execute_request" -> execute(channel, request);
                case "complete_request" -> complete(channel, request);
                case "inspect_request" -> inspect(channel, request);
                case "is_complete_request" -> isComplete(channel, request);
                case "history_request" -> history(channel, request);
                case "comm_info_request" -> reply(channel, request, "comm_info_reply", commInfo());
                case "interrupt_request" -> interrupt(channel, request);
                case "shutdown_request" -> shutdown(channel, request);
                default -> log.println("paramlab kernel: unknown message type " + type);
            }
        } finally {
            publishStatus("idle", request);
        }
    }

    // ---- execute ------------------------------------------------------------------------------

    private void execute(Channel channel, Message request) {
        JsonObject content = request.content();
        String code = text(content, "code");
        boolean silent = flag(content, "silent", false);
        boolean storeHistory = flag(content, "store_history", !silent);
        int count = storeHistory && !silent ? executionCount.incrementAndGet() : executionCount.get();
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", count);
            publish("execute_input", request, input);
        }
        if (storeHistory) {
            remember(code);
        }

        currentRequest = request;
        stdout.startCell();
        stderr.startCell();
        cellRunning = true;
        JsonObject reply = new JsonObject();
        try {
            JavaEvaluator java = evaluator.join();
            cellName = "In [" + count + "]";
            CellResult result = MAGIC_LINE.matcher(code).find()
                    ? magicCell(code)
                    : java.eval(code, cellName);
            stdout.flush();
            for (String note : result.notes()) {
                System.err.println("Note: " + note);
            }
            if (result.hasValue() && !silent) {
                publishResult(request, count, result.value());
            }
            reply.addProperty("status", "ok");
            reply.add("user_expressions", userExpressions(java, content));
        } catch (CellError error) {
            CellError shown = error;
            finishOutput();
            JsonObject err = errorContent(shown);
            if (!silent) {
                publish("error", request, err);
            }
            reply = errorContent(shown);
            reply.addProperty("status", "error");
            reply.add("user_expressions", new JsonObject());
        } catch (Exception magicError) {
            // a magic failed (unknown magic, missing file, unreachable repository...): its message says why
            CellError shown = new CellError(magicError.getClass().getSimpleName(), String.valueOf(magicError.getMessage()),
                    List.of("\u001b[31m" + magicError.getMessage() + "\u001b[0m"));
            finishOutput();
            if (!silent) {
                publish("error", request, errorContent(shown));
            }
            reply = errorContent(shown);
            reply.addProperty("status", "error");
        } catch (Error unexpected) {
            log.println("paramlab kernel: cell failed inside the kernel");
            unexpected.printStackTrace(log);
            CellError shown = new CellError(unexpected.getClass().getName(), String.valueOf(unexpected.getMessage()),
                    List.of("The kernel failed while running this cell: " + unexpected));
            finishOutput();
            publish("error", request, errorContent(shown));
            reply = errorContent(shown);
            reply.addProperty("status", "error");
        } finally {
            cellRunning = false;
            finishOutput();
        }
        reply.addProperty("execution_count", count);
        reply.add("payload", new JsonArray());
        if ("error".equals(reply.get("status").getAsString()) && flag(content, "stop_on_error", true)) {
            collectWaitingRequests(channel);
        }
        reply(channel, request, "execute_reply", reply);
    }

    /** A cell with magics: ParamLabMagics runs the magic lines and hands the Java between them to evalCode. */
    private CellResult magicCell(String code) throws Exception {
        Object value = ParamLabMagics.evalCell(this, getMagicsRegistry(), code);
        return value == null ? CellResult.nothing(List.of()) : new CellResult(true, value, List.of());
    }

    /**
     * After an error, cells already queued behind it (Run All) are answered "aborted" without
     * running, as IPython does, so a notebook stops at its first error.
     */
    private void abort(Channel channel, Message request) {
        publishStatus("busy", request);
        JsonObject reply = new JsonObject();
        reply.addProperty("status", "aborted");
        reply.addProperty("execution_count", executionCount.get());
        reply(channel, request, "execute_reply", reply);
        publishStatus("idle", request);
    }

    private void finishOutput() {
        stdout.endCell();
        stderr.endCell();
    }

    private void publishResult(Message request, int count, Object value) {
        DisplayData data = value instanceof DisplayData d ? d : renderSafely(value);
        JsonObject result = displayContent(data);
        result.remove("transient");
        result.addProperty("execution_count", count);
        publish("execute_result", request, result);
    }

    private DisplayData renderSafely(Object value, String... mimeTypes) {
        if (value == null) {
            return new DisplayData("null");
        }
        try {
            return mimeTypes.length == 0 ? getRenderer().render(value) : getRenderer().renderAs(value, mimeTypes);
        } catch (RuntimeException e) {
            log.println("paramlab kernel: rendering failed for " + (value == null ? "null" : value.getClass().getName()));
            e.printStackTrace(log);
            return new DisplayData(String.valueOf(value));
        }
    }

    private JsonObject userExpressions(JavaEvaluator java, JsonObject content) {
        JsonObject results = new JsonObject();
        if (!content.has("user_expressions") || !content.get("user_expressions").isJsonObject()) {
            return results;
        }
        for (Map.Entry<String, JsonElement> entry : content.getAsJsonObject("user_expressions").entrySet()) {
            JsonObject one;
            try {
                one = displayContent(renderSafely(java.evalExpression(entry.getValue().getAsString())));
                one.remove("transient");
                one.addProperty("status", "ok");
            } catch (CellError e) {
                one = errorContent(e);
                one.addProperty("status", "error");
            }
            results.add(entry.getKey(), one);
        }
        return results;
    }

    private static JsonObject errorContent(CellError error) {
        JsonObject content = new JsonObject();
        content.addProperty("ename", error.name());
        content.addProperty("evalue", error.value());
        JsonArray traceback = new JsonArray();
        error.traceback().forEach(traceback::add);
        content.add("traceback", traceback);
        return content;
    }

    // ---- editor requests ----------------------------------------------------------------------

    private void complete(Channel channel, Message request) {
        String code = text(request.content(), "code");
        int cursor = Math.min(code.length(), request.content().get("cursor_pos").getAsInt());
        Completion completion = MagicCompletion.complete(code, cursor, getMagicsRegistry())
                .orElseGet(() -> evaluator.join().complete(code, cursor));
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        JsonArray matches = new JsonArray();
        completion.matches().forEach(matches::add);
        content.add("matches", matches);
        content.addProperty("cursor_start", completion.start());
        content.addProperty("cursor_end", completion.end());
        content.add("metadata", new JsonObject());
        reply(channel, request, "complete_reply", content);
    }

    private void inspect(Channel channel, Message request) {
        String code = text(request.content(), "code");
        int cursor = Math.min(code.length(), request.content().get("cursor_pos").getAsInt());
        String doc = null;
        try {
            doc = evaluator.join().inspect(code, cursor);
        } catch (RuntimeException e) {
            log.println("paramlab kernel: inspect failed: " + e);
        }
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        content.addProperty("found", doc != null);
        JsonObject data = new JsonObject();
        if (doc != null) {
            data.addProperty("text/plain", doc);
        }
        content.add("data", data);
        content.add("metadata", new JsonObject());
        reply(channel, request, "inspect_reply", content);
    }

    private void isComplete(Channel channel, Message request) {
        String code = text(request.content(), "code");
        CodeCompleteness answer = code.stripLeading().startsWith("%%")
                ? new CodeCompleteness("complete", "")
                : evaluator.join().isComplete(code.replaceAll("(?m)^\\s*%.*$", ""));
        JsonObject content = new JsonObject();
        content.addProperty("status", answer.status());
        if (answer.status().equals("incomplete")) {
            content.addProperty("indent", answer.indent());
        }
        reply(channel, request, "is_complete_reply", content);
    }

    private void history(Channel channel, Message request) {
        JsonArray entries = new JsonArray();
        synchronized (history) {
            int line = executionCount.get() - history.size();
            for (String code : history) {
                JsonArray entry = new JsonArray();
                entry.add(0);
                entry.add(++line);
                entry.add(code);
                entries.add(entry);
            }
        }
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        content.add("history", entries);
        reply(channel, request, "history_reply", content);
    }

    private void remember(String code) {
        synchronized (history) {
            history.addLast(code);
            while (history.size() > HISTORY_LIMIT) {
                history.removeFirst();
            }
        }
    }

    private static JsonObject commInfo() {
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        content.add("comms", new JsonObject());
        return content;
    }

    // ---- control: interrupt and shutdown --------------------------------------------------------

    private void interrupt(Channel channel, Message request) {
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        reply(channel, request, "interrupt_reply", content);
        if (cellRunning && evaluator.isDone()) {
            startDaemon("interrupter", this::stopRunningCell);
        }
    }

    /** JShell interrupts the cell's thread, then forces it to stop if the JDK can. */
    private void stopRunningCell() {
        try {
            evaluator.join().stop();
        } catch (RuntimeException e) {
            log.println("paramlab kernel: stopping the cell failed: " + e);
        }
        for (int waited = 0; waited < 30 && cellRunning; waited++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (cellRunning) {
            System.err.println("\nThe kernel could not stop this cell: Java " + Runtime.version().feature()
                    + " cannot force a running thread to stop. Restart the kernel (Kernel > Restart Kernel)"
                    + " to get control back; variables will be lost.");
        }
    }

    private void shutdown(Channel channel, Message request) {
        boolean restart = flag(request.content(), "restart", false);
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        content.addProperty("restart", restart);
        reply(channel, request, "shutdown_reply", content);
        publishStatus("idle", request);
        shuttingDown = true;
        startDaemon("shutdown", () -> {
            try {
                Thread.sleep(100); // let the replies leave
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
            sockets.close();
            Runtime.getRuntime().halt(0);
        });
    }

    /** Cell code can still end the JVM (e.g. Runtime.halt); at least tell the notebook why it went. */
    private void sayGoodbyeIfCellExits() {
        if (cellRunning && !shuttingDown) {
            System.err.println("\nThe kernel is exiting because the cell ended the Java process."
                    + " Jupyter will restart it; variables are lost.");
            stderr.flush();
        }
    }

    // ---- stdin --------------------------------------------------------------------------------

    private Optional<String> requestInput(String prompt) throws IOException {
        Message request = currentRequest;
        if (request == null || !flag(request.content(), "allow_stdin", true)) {
            throw new IOException("this front end does not support input (allow_stdin is false)");
        }
        stdout.flush();
        stderr.flush();
        JsonObject content = new JsonObject();
        content.addProperty("prompt", prompt);
        content.addProperty("password", false);
        sockets.stdin.send(Message.create(session, "input_request", request, content));
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new java.io.InterruptedIOException("input interrupted");
            }
            try {
                Message answer = sockets.stdin.receive(100);
                if (answer != null && answer.type().equals("input_reply")) {
                    return Optional.of(text(answer.content(), "value"));
                }
            } catch (WireCodec.InvalidMessageException e) {
                log.println("paramlab kernel: ignored a message on stdin: " + e.getMessage());
            }
        }
    }

    // ---- display (called from cells through Display) ------------------------------------------

    @Override
    public String display(Object value, String... mimeTypes) {
        DisplayData data = value instanceof DisplayData d ? d : renderSafely(value, mimeTypes);
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        data.setDisplayId(id);
        stdout.flush();
        publish("display_data", currentRequest, displayContent(data));
        return id;
    }

    @Override
    public void updateDisplay(String id, Object value, String... mimeTypes) {
        DisplayData data = new DisplayData(value instanceof DisplayData d ? d : renderSafely(value, mimeTypes));
        data.setDisplayId(id);
        publish("update_display_data", currentRequest, displayContent(data));
    }

    @Override
    public DisplayData render(Object value, String... mimeTypes) {
        return renderSafely(value, mimeTypes);
    }

    @Override
    public void display(DisplayData data) {
        display((Object) data);
    }

    /** DisplayData as message content: {"data": {...}, "metadata": {...}, "transient": {...}}. */
    private JsonObject displayContent(DisplayData data) {
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

    // ---- BaseKernel and KernelServices ----------------------------------------------------------

    @Override
    public Object evalRaw(String code) {
        try {
            return evalCode(code);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public Object evalCode(String code) throws Exception {
        CellResult result = evaluator.join().eval(code, cellName);
        return result.hasValue() ? result.value() : null;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String doc = evaluator.join().inspect(code, at);
        return doc == null ? null : new DisplayData(doc);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        Completion completion = evaluator.join().complete(code, at);
        return new ReplacementOptions(completion.matches(), completion.start(), completion.end());
    }

    @Override
    public String isComplete(String code) {
        CodeCompleteness answer = evaluator.join().isComplete(code);
        return switch (answer.status()) {
            case "complete" -> IS_COMPLETE_YES;
            case "invalid" -> IS_COMPLETE_BAD;
            default -> answer.indent();
        };
    }

    @Override
    public void addToClasspath(List<Path> paths) {
        List<String> entries = new ArrayList<>();
        for (Path path : paths) {
            Path absolute = workingDirectory.resolve(path).toAbsolutePath().normalize();
            addedClasspath.add(absolute);
            entries.add(absolute.toString());
        }
        if (!entries.isEmpty()) {
            evaluator.join().addToClasspath(String.join(File.pathSeparator, entries));
        }
    }

    @Override
    public List<Path> classpath() {
        return List.copyOf(addedClasspath);
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }

    // ---- sending ------------------------------------------------------------------------------

    private void reply(Channel channel, Message request, String type, JsonObject content) {
        channel.send(Message.create(session, type, request, content));
    }

    private void publish(String type, Message parent, JsonObject content) {
        Message message = Message.create(session, type, parent, content);
        sockets.iopub.send(message.withIdentities(List.of(type.getBytes(StandardCharsets.UTF_8))));
    }

    private void publishStatus(String state, Message parent) {
        JsonObject content = new JsonObject();
        content.addProperty("execution_state", state);
        publish("status", parent, content);
    }

    private void publishStream(String name, String text) {
        JsonObject content = new JsonObject();
        content.addProperty("name", name);
        content.addProperty("text", text);
        publish("stream", currentRequest, content);
    }

    private static String text(JsonObject content, String name) {
        return content.has(name) && !content.get(name).isJsonNull() ? content.get(name).getAsString() : "";
    }

    private static boolean flag(JsonObject content, String name, boolean fallback) {
        return content.has(name) && !content.get(name).isJsonNull() ? content.get(name).getAsBoolean() : fallback;
    }
}
