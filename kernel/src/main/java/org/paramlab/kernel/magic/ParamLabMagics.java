package org.paramlab.kernel.magic;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.paramlab.kernel.KernelServices;

/**
 * The ParamLab kernel's magics, registered in one call:
 * <pre>
 *   line magics: %classpath %jars %load %time %maven %lsmagic
 *   cell magics: %%time %%loadFromPOM
 * </pre>
 * Each magic receives the running kernel and talks to it only through {@link KernelServices}.
 * Magics print to {@code System.out} as it is at call time, which the kernel points at the cell's output.
 */
public final class ParamLabMagics {

    /** Magics whose argument is Java code: they get the raw text, quotes and all, as one argument. */
    private static final Set<String> CODE_MAGICS = Set.of("time");

    private ParamLabMagics() {
    }

    /** Registers every ParamLab magic in {@code registry}. */
    public static void registerAll(MagicsRegistry registry) {
        ClasspathMagic classpath = new ClasspathMagic();
        JarsMagic jars = new JarsMagic();
        LoadMagic load = new LoadMagic();
        TimeMagic time = new TimeMagic();
        MavenMagics maven = new MavenMagics(); // starts Maven Resolver only when first used

        registry.registerLineMagic("classpath",
                (BaseKernel kernel, List<String> args) -> classpath.run(services(kernel), args, System.out));
        registry.registerLineMagic("jars",
                (BaseKernel kernel, List<String> args) -> jars.run(services(kernel), args, System.out));
        registry.registerLineMagic("load",
                (BaseKernel kernel, List<String> args) -> load.run(services(kernel), runner(kernel, registry), args, System.out));
        registry.registerLineMagic("time",
                (BaseKernel kernel, List<String> args) -> time.timeLine(services(kernel), args, System.out));
        registry.registerLineMagic("maven",
                (BaseKernel kernel, List<String> args) -> maven.maven(services(kernel), args, System.out));
        registry.registerLineMagic("lsmagic",
                (BaseKernel kernel, List<String> args) -> {
                    System.out.println(listing(registry));
                    return null;
                });

        registry.registerCellMagic("time",
                (BaseKernel kernel, List<String> args, String body) -> time.timeCell(services(kernel), runner(kernel, registry), body, System.out));
        registry.registerCellMagic("loadFromPOM",
                (BaseKernel kernel, List<String> args, String body) -> maven.loadFromPom(services(kernel), body, System.out));
    }

    /**
     * Runs a cell that may contain magics, the way the kernel should run every cell:
     * <ul>
     *   <li>a first line {@code %%name args} hands the rest of the cell to that cell magic;</li>
     *   <li>otherwise each line starting with {@code %} is a line magic, and the Java code between
     *       such lines goes, piece by piece and in order, to {@link KernelServices#evalCode};</li>
     *   <li>a cell without magics goes to {@code evalCode} unchanged.</li>
     * </ul>
     * {@code evalCode} must evaluate plain Java (not call this method again). An unknown magic is a
     * {@link MagicException} whose message is {@link #unknownMagicMessage}. Returns the last value.
     */
    public static Object evalCell(BaseKernel kernel, MagicsRegistry registry, String cell) throws Exception {
        return LoadMagic.runCell(services(kernel), runner(kernel, registry), cell);
    }

    /**
     * The arguments the kernel should pass to line magic {@code name}, given the raw text after
     * the name. Most magics get shell-like words ({@code %jars "my libs/*.jar" b.jar} gives two);
     * {@code %time} gets the whole text as one argument, so the Java code keeps its quotes.
     */
    public static List<String> lineMagicArguments(String name, String rawArguments) {
        String text = rawArguments.strip();
        if (CODE_MAGICS.contains(name)) {
            return text.isEmpty() ? List.of() : List.of(text);
        }
        return MagicArguments.split(text);
    }

    /**
     * The error text for an unknown magic, e.g. "Unknown line magic %foo. Known line magics:
     * %classpath, %jars, ... Known cell magics: %%loadFromPOM, %%time", with a hint when the
     * name is close to a known one or is a magic of the other kind.
     */
    public static String unknownMagicMessage(String name, boolean cellMagic, MagicsRegistry registry) {
        String bare = name.replaceFirst("^%+", "");
        Set<String> lineNames = new TreeSet<>(registry.getLineMagicNames());
        Set<String> cellNames = new TreeSet<>(registry.getCellMagicNames());
        StringBuilder message = new StringBuilder()
                .append("Unknown ").append(cellMagic ? "cell magic %%" : "line magic %").append(bare).append('.');

        Set<String> sameKind = cellMagic ? cellNames : lineNames;
        Set<String> otherKind = cellMagic ? lineNames : cellNames;
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
        message.append(" Known line magics: ").append(joinWith("%", lineNames)).append('.');
        message.append(" Known cell magics: ").append(joinWith("%%", cellNames)).append('.');
        return message.toString();
    }

    /** What {@code %lsmagic} prints: every registered magic, by kind. */
    static String listing(MagicsRegistry registry) {
        return "Line magics: " + joinWith("%", new TreeSet<>(registry.getLineMagicNames())) + "\n"
                + "Cell magics: " + joinWith("%%", new TreeSet<>(registry.getCellMagicNames()));
    }

    /** The kernel seen through the interface the magics are allowed to use. */
    static KernelServices services(Object kernel) {
        if (kernel instanceof KernelServices services) {
            return services;
        }
        throw new MagicException("The ParamLab magics need a kernel that implements "
                + KernelServices.class.getName() + ", but got "
                + (kernel == null ? "null" : kernel.getClass().getName()) + ".");
    }

    /** Runs nested magics (from a notebook loaded by %load) through the kernel's registry. */
    private static MagicRunner runner(BaseKernel kernel, MagicsRegistry registry) {
        return new MagicRunner() {
            @Override
            public Object runLineMagic(String name, List<String> arguments) throws Exception {
                try {
                    return registry.evalLineMagic(kernel, name, arguments);
                } catch (UndefinedMagicException e) {
                    throw new MagicException(unknownMagicMessage(name, false, registry));
                }
            }

            @Override
            public Object runCellMagic(String name, List<String> arguments, String body) throws Exception {
                try {
                    return registry.evalCellMagic(kernel, name, arguments, body);
                } catch (UndefinedMagicException e) {
                    throw new MagicException(unknownMagicMessage(name, true, registry));
                }
            }
        };
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
