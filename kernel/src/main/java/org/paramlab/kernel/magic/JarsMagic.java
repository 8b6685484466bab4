package org.paramlab.kernel.magic;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.paramlab.kernel.eval.CellResult;

/**
 * {@code %jars lib/*.jar extra/tool.jar} adds jars to the classpath. Each argument is a path or a
 * glob, relative to the notebook's folder; a folder stands for the jars directly inside it.
 * A pattern that matches nothing is an error naming the pattern and the folder searched.
 */
final class JarsMagic {

    CellResult run(KernelServices kernel, List<String> args, PrintStream out) {
        if (args.isEmpty()) {
            throw new MagicException("%jars needs at least one jar, folder or pattern, e.g. %jars lib/*.jar");
        }
        List<Path> jars = new ArrayList<>();
        for (String pattern : args) {
            jars.addAll(find(kernel.workingDirectory(), pattern));
        }
        ClasspathUpdate.addNew(kernel, jars, out);
        return CellResult.nothing();
    }

    /** The jars one argument names; never empty (no match is an error). */
    static List<Path> find(Path base, String pattern) {
        Path plain = base.resolve(pattern).normalize();
        List<Path> found = !PathGlob.isGlob(pattern) && Files.isDirectory(plain)
                ? jarsIn(plain)
                : PathGlob.files(base, pattern);
        if (found.isEmpty()) {
            throw new MagicException("%jars: no file matches '" + pattern + "' (searched in "
                    + PathGlob.searchedFolder(base, pattern) + ")");
        }
        return found;
    }

    private static List<Path> jarsIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + folder, e);
        }
    }
}
