package org.paramlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.paramlab.kernel.cell.Cell;
import org.paramlab.kernel.eval.CodeCompleteness;
import org.paramlab.kernel.eval.Completion;
import org.paramlab.kernel.protocol.Channel;
import org.paramlab.kernel.protocol.Message;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an editor asks while the user types: complete_request, inspect_request and
 * is_complete_request. Each reads the cell through {@link Cell}: magic names complete on a magic
 * line, and Java is completed or checked with the magic lines blanked out.
 */
final class EditorRequests {

    private final Messenger messenger;
    private final JavaSession java;
    private final PrintStream log;

    EditorRequests(Messenger messenger, JavaSession java, PrintStream log) {
        this.messenger = messenger;
        this.java = java;
        this.log = log;
    }

    void complete(Channel channel, Message request) {
        String code = Messenger.text(request.content(), "code");
        int cursor = cursor(request, code);
        Completion completion = magicNames(code, cursor);
        if (completion == null) {
            completion = java.java().complete(Cell.parse(code).javaView(), cursor);
        }
        JsonObject content = new JsonObject();
        JsonArray matches = new JsonArray();
        completion.matches().forEach(matches::add);
        content.add("matches", matches);
        content.addProperty("cursor_start", completion.start());
        content.addProperty("cursor_end", completion.end());
        content.add("metadata", new JsonObject());
        messenger.replyOk(channel, request, "complete_reply", content);
    }

    /** On a line that starts with % and has no space yet: "%cl" offers "%classpath", "%%lo" "%%loadFromPOM". */
    private Completion magicNames(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        String typed = code.substring(lineStart, cursor).stripLeading();
        if (!typed.startsWith("%") || typed.contains(" ")) {
            return null;
        }
        boolean cellMagic = typed.startsWith("%%");
        String prefix = typed.substring(cellMagic ? 2 : 1);
        Set<String> names = cellMagic ? java.magics().cellNames() : java.magics().lineNames();
        List<String> matches = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith(prefix)) {
                matches.add((cellMagic ? "%%" : "%") + name);
            }
        }
        return new Completion(cursor - typed.length(), cursor, matches);
    }

    void inspect(Channel channel, Message request) {
        String code = Messenger.text(request.content(), "code");
        String doc = null;
        try {
            doc = java.java().inspect(Cell.parse(code).javaView(), cursor(request, code));
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

    /** A cell magic's body is not Java: such a cell is complete as typed. */
    void isComplete(Channel channel, Message request) {
        String code = Messenger.text(request.content(), "code");
        CodeCompleteness answer = Cell.isCellMagic(code)
                ? new CodeCompleteness("complete", "")
                : java.java().isComplete(Cell.parse(code).javaView());
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
