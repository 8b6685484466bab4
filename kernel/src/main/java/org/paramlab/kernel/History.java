package org.paramlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells this kernel ran, for history_request as the messaging spec defines it: "tail" (the
 * last n), "range" (lines start &lt;= line &lt; stop of a session) and "search" (a glob pattern,
 * optionally unique, the last n). Each entry is [session, line, input], or [session, line,
 * [input, output]] with output=true (the text of Out[line], or null). There is one session, this
 * kernel's, numbered {@link #SESSION}; session 0 (or less) means the current one, as in IPython.
 * Input is stored as written, so raw and transformed input are the same.
 */
final class History {

    static final int SESSION = 1;
    private static final int LIMIT = 1000;

    private record Entry(int line, String input, String output) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    /** Stores the input of cell {@code line} (its execution count). */
    synchronized void add(int line, String input) {
        entries.addLast(new Entry(line, input, null));
        while (entries.size() > LIMIT) {
            entries.removeFirst();
        }
    }

    /** Records the text of Out[line]. */
    synchronized void setOutput(int line, String output) {
        List<Entry> all = new ArrayList<>(entries);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).line() == line) {
                all.set(i, new Entry(line, all.get(i).input(), output));
                entries.clear();
                entries.addAll(all);
                return;
            }
        }
    }

    /** The reply's "history" list for a history_request's content. */
    synchronized JsonArray query(JsonObject request) {
        boolean output = Messenger.flag(request, "output", false);
        List<Entry> found = switch (Messenger.text(request, "hist_access_type")) {
            case "tail" -> last(new ArrayList<>(entries), Messenger.number(request, "n", 10));
            case "range" -> range(Messenger.number(request, "session", 0),
                    Messenger.number(request, "start", 0), Messenger.number(request, "stop", Integer.MAX_VALUE));
            case "search" -> search(request.has("pattern") ? Messenger.text(request, "pattern") : "*",
                    Messenger.flag(request, "unique", false), Messenger.number(request, "n", Integer.MAX_VALUE));
            default -> List.of();
        };
        JsonArray history = new JsonArray();
        for (Entry entry : found) {
            JsonArray item = new JsonArray();
            item.add(SESSION);
            item.add(entry.line());
            if (output) {
                JsonArray inOut = new JsonArray();
                inOut.add(entry.input());
                inOut.add(entry.output() == null ? JsonNull.INSTANCE : new JsonPrimitive(entry.output()));
                item.add(inOut);
            } else {
                item.add(entry.input());
            }
            history.add(item);
        }
        return history;
    }

    private List<Entry> range(int session, int start, int stop) {
        if (session > 0 && session != SESSION) {
            return List.of(); // an earlier session: this kernel keeps none
        }
        if (session < 0) {
            return List.of(); // "n sessions back": none either
        }
        List<Entry> found = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.line() >= start && entry.line() < stop) {
                found.add(entry);
            }
        }
        return found;
    }

    /** Inputs matching a glob ({@code *} any text, {@code ?} one character, {@code [abc]} one of, {@code [!abc]} none of), case-sensitive, as IPython's SQLite GLOB. */
    private List<Entry> search(String glob, boolean unique, int n) {
        Pattern pattern = globPattern(glob);
        Map<String, Entry> matches = new LinkedHashMap<>(); // input -> its latest entry, when unique
        List<Entry> all = new ArrayList<>();
        for (Entry entry : entries) {
            if (pattern.matcher(entry.input()).matches()) {
                all.add(entry);
                matches.remove(entry.input());
                matches.put(entry.input(), entry);
            }
        }
        return last(unique ? new ArrayList<>(matches.values()) : all, n);
    }

    private static List<Entry> last(List<Entry> list, int n) {
        return n <= 0 ? List.of() : list.subList(Math.max(0, list.size() - n), list.size());
    }

    static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            int close = c == '[' ? glob.indexOf(']', i + 2) : -1;
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (close > 0) {
                String set = glob.substring(i + 1, close);
                boolean not = set.startsWith("!") || set.startsWith("^"); // fnmatch's and SQLite's "none of"
                regex.append('[').append(not ? "^" + quoteSet(set.substring(1)) : quoteSet(set)).append(']');
                i = close;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static String quoteSet(String set) {
        return set.replace("\\", "\\\\").replace("[", "\\[").replace("^", "\\^").replace("&", "\\&");
    }
}
