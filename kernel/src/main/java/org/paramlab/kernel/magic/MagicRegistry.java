package org.paramlab.kernel.magic;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.paramlab.kernel.eval.CellResult;

/**
 * The magics a kernel knows, by name: line magics ({@code %jars lib/*.jar}) and cell magics
 * ({@code %%time} on a cell's first line). Each magic is a function of the session's
 * {@link KernelServices}, the arguments and (for a cell magic) the cell's body, and returns what
 * the cell shows, a {@link CellResult}.
 */
public final class MagicRegistry {

    /** A line magic: {@code %name arguments}. */
    @FunctionalInterface
    public interface LineMagic {
        CellResult run(KernelServices kernel, List<String> arguments) throws Exception;
    }

    /** A cell magic: {@code %%name arguments} followed by the body. */
    @FunctionalInterface
    public interface CellMagic {
        CellResult run(KernelServices kernel, List<String> arguments, String body) throws Exception;
    }

    private final Map<String, LineMagic> lineMagics = new TreeMap<>();
    private final Map<String, CellMagic> cellMagics = new TreeMap<>();
    /** Line magics whose argument is Java code: they get the raw text, quotes and all, as one argument. */
    private final Set<String> codeArguments = new TreeSet<>();

    /** Registers {@code %name}; its arguments are split into words the way a shell does. */
    public void line(String name, LineMagic magic) {
        lineMagics.put(name, magic);
    }

    /** Registers {@code %name code}: the rest of the line is passed whole, as Java code. */
    public void lineWithCode(String name, LineMagic magic) {
        lineMagics.put(name, magic);
        codeArguments.add(name);
    }

    public void cell(String name, CellMagic magic) {
        cellMagics.put(name, magic);
    }

    public Set<String> lineNames() {
        return new TreeSet<>(lineMagics.keySet());
    }

    public Set<String> cellNames() {
        return new TreeSet<>(cellMagics.keySet());
    }

    /**
     * The magics whose name starts as typed, written as typed: "%cl" gives "%classpath", "%%lo"
     * gives "%%loadFromPOM" (what an editor offers on a magic line).
     */
    public List<String> namesStartingWith(String typed) {
        boolean cellMagic = typed.startsWith("%%");
        String prefix = cellMagic ? "%%" : "%";
        String start = typed.substring(prefix.length());
        return (cellMagic ? cellNames() : lineNames()).stream()
                .filter(name -> name.startsWith(start))
                .map(name -> prefix + name)
                .collect(Collectors.toList());
    }

    /** Runs {@code %name rawArguments}; an unknown name is a {@link MagicException} listing the known ones. */
    public CellResult runLine(KernelServices kernel, String name, String rawArguments) throws Exception {
        LineMagic magic = lineMagics.get(name);
        if (magic == null) {
            throw new MagicException(unknownMagicMessage(name, false));
        }
        return magic.run(kernel, arguments(name, rawArguments));
    }

    public CellResult runCell(KernelServices kernel, String name, String rawArguments, String body) throws Exception {
        CellMagic magic = cellMagics.get(name);
        if (magic == null) {
            throw new MagicException(unknownMagicMessage(name, true));
        }
        return magic.run(kernel, MagicArguments.split(rawArguments.strip()), body);
    }

    /**
     * Most magics get shell-like words ({@code %jars "my libs/*.jar" b.jar} gives two);
     * a magic registered with {@link #lineWithCode} gets the whole text, so the code keeps its quotes.
     */
    List<String> arguments(String name, String rawArguments) {
        String text = rawArguments.strip();
        if (codeArguments.contains(name)) {
            return text.isEmpty() ? List.of() : List.of(text);
        }
        return MagicArguments.split(text);
    }

    /** What {@code %lsmagic} prints: every registered magic, by kind. */
    public String listing() {
        return "Line magics: " + joinWith("%", lineNames()) + "\n"
                + "Cell magics: " + joinWith("%%", cellNames());
    }

    /**
     * The error text for an unknown magic, e.g. "Unknown line magic %foo. Known line magics:
     * %classpath, %jars, ... Known cell magics: %%loadFromPOM, %%time", with a hint when the
     * name is close to a known one or is a magic of the other kind.
     */
    public String unknownMagicMessage(String name, boolean cellMagic) {
        String bare = name.replaceFirst("^%+", "");
        Set<String> sameKind = cellMagic ? cellNames() : lineNames();
        Set<String> otherKind = cellMagic ? lineNames() : cellNames();
        StringBuilder message = new StringBuilder()
                .append("Unknown ").append(cellMagic ? "cell magic %%" : "line magic %").append(bare).append('.');
        if (otherKind.contains(bare)) {
            message.append(cellMagic
                    ? " %" + bare + " is a line magic: write it with one percent sign."
                    : " %%" + bare + " is a cell magic: write it with two percent signs on the first line of the cell.");
        } else {
            String suggestion = closest(bare, sameKind);
            if (suggestion != null) {
                message.append(" Did you mean ").append(cellMagic ? "%%" : "%").append(suggestion).append('?');
            }
        }
        message.append(" Known line magics: ").append(joinWith("%", lineNames())).append('.');
        message.append(" Known cell magics: ").append(joinWith("%%", cellNames())).append('.');
        return message.toString();
    }

    private static String joinWith(String prefix, Set<String> names) {
        return names.isEmpty() ? "(none)" : names.stream().map(n -> prefix + n).collect(Collectors.joining(", "));
    }

    /** The known name within edit distance 2 of {@code name} (ignoring case), or null. */
    private static String closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Levenshtein distance: the fewest single-letter inserts, deletes and changes from a to b. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(change, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
