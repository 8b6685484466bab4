package org.paramlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.paramlab.kernel.eval.CodeCompleteness;
import org.paramlab.kernel.eval.Completion;
import org.paramlab.kernel.protocol.Channel;
import org.paramlab.kernel.protocol.Message;
import org.paramlab.kernel.session.JavaSession;

import java.io.PrintStream;

/**
 * What an editor asks while the user types: complete_request, inspect_request and
 * is_complete_request, answered by the {@link JavaSession} (magic names on a magic line, Java
 * elsewhere) and put into Jupyter's replies here.
 */
final class EditorRequests {

    private final Messenger messenger;
    private final JavaSession session;
    private final PrintStream log;

    EditorRequests(Messenger messenger, JavaSession session, PrintStream log) {
        this.messenger = messenger;
        this.session = session;
        this.log = log;
    }

    void complete(Channel channel, Message request) {
        String code = Messenger.text(request.content(), "code");
        Completion completion = session.complete(code, cursor(request, code));
        JsonObject content = new JsonObject();
        JsonArray matches = new JsonArray();
        completion.matches().forEach(matches::add);
        content.add("matches", matches);
        content.addProperty("cursor_start", completion.start());
        content.addProperty("cursor_end", completion.end());
        content.add("metadata", new JsonObject());
        messenger.replyOk(channel, request, "complete_reply", content);
    }

    void inspect(Channel channel, Message request) {
        String code = Messenger.text(request.content(), "code");
        String doc = null;
        try {
            doc = session.inspect(code, cursor(request, code));
        } catch (RuntimeException e) {
            log.println("paramlab kernel: inspect failed: " + e);
        }
        JsonObject content = new JsonObject();
        content.addProperty("found", doc != null);
        JsonObject data = new JsonObject();
        if (doc != null) {
            data.addProperty("text/plain", doc);
        }
        content.add("data", data);
        content.add("metadata", new JsonObject());
        messenger.replyOk(channel, request, "inspect_reply", content);
    }

    void isComplete(Channel channel, Message request) {
        CodeCompleteness answer = session.isComplete(Messenger.text(request.content(), "code"));
        JsonObject content = new JsonObject();
        content.addProperty("status", answer.status());
        if (answer.status().equals("incomplete")) {
            content.addProperty("indent", answer.indent());
        }
        messenger.reply(channel, request, "is_complete_reply", content);
    }

    private static int cursor(Message request, String code) {
        return Math.max(0, Math.min(code.length(), Messenger.number(request.content(), "cursor_pos", code.length())));
    }
}
