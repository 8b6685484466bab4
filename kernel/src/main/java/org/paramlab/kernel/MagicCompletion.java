package org.paramlab.kernel;

import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.paramlab.kernel.eval.Completion;

import java.util.Optional;
import java.util.TreeSet;

/** Completes magic names: "%cl" offers "%classpath", "%%lo" offers "%%loadFromPOM". */
final class MagicCompletion {

    private MagicCompletion() {
    }

    static Optional<Completion> complete(String code, int cursor, MagicsRegistry registry) {
        int lineStart = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        String before = code.substring(lineStart, cursor);
        String stripped = before.stripLeading();
        if (!stripped.startsWith("%") || stripped.contains(" ")) {
            return Optional.empty();
        }
        boolean cell = stripped.startsWith("%%");
        String prefix = stripped.substring(cell ? 2 : 1);
        TreeSet<String> matches = new TreeSet<>();
        for (String name : cell ? registry.getCellMagicNames() : registry.getLineMagicNames()) {
            if (name.startsWith(prefix)) {
                matches.add((cell ? "%%" : "%") + name);
            }
        }
        int start = cursor - stripped.length();
        return Optional.of(new Completion(start, cursor, new java.util.ArrayList<>(matches)));
    }
}
