package org.paramlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.paramlab.kernel.eval.CellError;
import org.paramlab.kernel.eval.CellResult;
import org.paramlab.kernel.protocol.Channel;
import org.paramlab.kernel.protocol.Message;
import org.paramlab.kernel.session.JavaSession;
import org.paramlab.kernel.streams.StreamOutput;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * execute_request: input shown, cell run (through {@link JavaSession#run}, magics or not),
 * output flushed, the cell's notes shown on stderr, the value shown as Out[n], and one reply,
 * "ok" or "error". Any failure, of Java code, of a magic or of the kernel itself, becomes one
 * {@link CellError}, shown and replied the same way.
 */
final class ExecuteRequests {

    private final Messenger messenger;
    private final JavaSession session;
    private final DisplayPublisher displays;
    private final History history;
    private final StreamOutput stdout;
    private final StreamOutput stderr;
    private final PrintStream log;
    /** Called with the shell channel after a cell failed, before its reply goes out (see ParamLabKernel). */
    private final Consumer<Channel> beforeErrorReply;
    private final AtomicInteger executionCount = new AtomicInteger();

    ExecuteRequests(Messenger messenger, JavaSession session, DisplayPublisher displays, History history,
                    StreamOutput stdout, StreamOutput stderr, PrintStream log, Consumer<Channel> beforeErrorReply) {
        this.messenger = messenger;
        this.session = session;
        this.displays = displays;
        this.history = history;
        this.stdout = stdout;
        this.stderr = stderr;
        this.log = log;
        this.beforeErrorReply = beforeErrorReply;
    }

    void execute(Channel channel, Message request) {
        StartTimeline.mark("execute_request in");
        JsonObject content = request.content();
        String code = Messenger.text(content, "code");
        boolean silent = Messenger.flag(content, "silent", false);
        boolean storeHistory = Messenger.flag(content, "store_history", !silent);
        int count = storeHistory && !silent ? executionCount.incrementAndGet() : executionCount.get();
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", count);
            messenger.publish("execute_input", request, input);
        }
        if (storeHistory) {
            history.add(count, code);
        }

        messenger.setCurrentRequest(request);
        stdout.startCell();
        stderr.startCell();
        JsonObject reply;
        String userExpressions = "{}"; // written as text: their values are displays
        try {
            CellResult result = session.run(code, "In [" + count + "]");
            StartTimeline.mark("cell ran");
            stdout.flush();
            showNotes(result.notes());
            if (result.hasValue() && !silent) {
                String text = publishResult(request, count, result.value());
                if (storeHistory) {
                    history.setOutput(count, text);
                }
            }
            reply = new JsonObject();
            reply.addProperty("status", "ok");
            userExpressions = userExpressions(content);
        } catch (Exception | Error failure) {
            CellError error = asCellError(failure);
            finishOutput();
            if (!silent) {
                messenger.publish("error", request, Messenger.errorContent(error));
            }
            reply = Messenger.errorReply(error);
        } finally {
            finishOutput();
        }
        reply.addProperty("execution_count", count);
        reply.add("payload", new JsonArray());
        if ("error".equals(reply.get("status").getAsString()) && Messenger.flag(content, "stop_on_error", true)) {
            beforeErrorReply.accept(channel);
        }
        messenger.reply(channel, request, "execute_reply",
                Messenger.withWrittenFields(reply, Map.of("user_expressions", userExpressions)));
    }

    /**
     * After an error, cells already queued behind it (Run All) are answered "aborted" without
     * running, as IPython does, so a notebook stops at its first error.
     */
    void abort(Channel channel, Message request) {
        messenger.publishStatus("busy", request);
        JsonObject reply = new JsonObject();
        reply.addProperty("status", "aborted");
        reply.addProperty("execution_count", executionCount.get());
        messenger.reply(channel, request, "execute_reply", reply);
        messenger.publishStatus("idle", request);
    }

    /**
     * What a failure shows: Java's own errors as JShell reported them; a magic's exception by its
     * message (which says what went wrong and where); an error inside the kernel as such, logged.
     */
    private CellError asCellError(Throwable failure) {
        if (failure instanceof CellError error) {
            return error;
        }
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof Exception) {
            return new CellError(failure.getClass().getSimpleName(), message, List.of("\u001b[31m" + message + "\u001b[0m"));
        }
        log.println("paramlab kernel: cell failed inside the kernel");
        failure.printStackTrace(log);
        return new CellError(failure.getClass().getName(), message, List.of("The kernel failed while running this cell: " + failure));
    }

    /** "Note: f cannot be used until g is declared", after what the cell printed. */
    private void showNotes(List<String> notes) {
        for (String note : notes) {
            byte[] line = ("Note: " + note + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
            stderr.write(line, 0, line.length);
        }
    }

    private void finishOutput() {
        stdout.endCell();
        stderr.endCell();
    }

    /** Publishes Out[count]; returns its text/plain form (for the history). */
    private String publishResult(Message request, int count, Object value) {
        DisplayData data = displays.render(value);
        messenger.publish("execute_result", request, Messenger.resultContent(data, count));
        return data.getData(MIMEType.TEXT_PLAIN) instanceof String text ? text : null;
    }

    /** {"name": {"status": "ok", "data": ..., "metadata": ...} or an error reply, ...} as JSON text. */
    private String userExpressions(JsonObject content) {
        Map<String, String> results = new LinkedHashMap<>();
        if (content.has("user_expressions") && content.get("user_expressions").isJsonObject()) {
            for (Map.Entry<String, JsonElement> entry : content.getAsJsonObject("user_expressions").entrySet()) {
                String one;
                try {
                    one = Messenger.expressionContent(displays.render(session.evaluate(entry.getValue().getAsString())));
                } catch (CellError e) {
                    one = Messenger.errorReply(e).toString();
                }
                results.put(entry.getKey(), one);
            }
        }
        return Messenger.withWrittenFields(new JsonObject(), results);
    }
}
