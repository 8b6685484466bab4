package org.paramlab.kernel.magic;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.paramlab.kernel.eval.CellResult;

/**
 * {@code %classpath a.jar classes/} adds jars or class folders; {@code %classpath} alone lists
 * what was added. An argument may also be a whole classpath string such as {@code a.jar:b.jar}.
 * Relative paths are resolved against the notebook's folder.
 */
final class ClasspathMagic {

    CellResult run(KernelServices kernel, List<String> args, PrintStream out) {
        if (args.isEmpty()) {
            List<Path> entries = kernel.classpath();
            if (entries.isEmpty()) {
                out.println("No jars or folders added yet. Add some with %classpath path/to.jar or %jars lib/*.jar");
            }
            for (Path entry : entries) {
                out.println(entry);
            }
            return CellResult.nothing();
        }
        List<Path> paths = new ArrayList<>();
        for (String arg : args) {
            for (String part : arg.split(File.pathSeparator)) {
                if (part.isBlank()) {
                    continue;
                }
                Path path = kernel.workingDirectory().resolve(part).normalize();
                if (!Files.exists(path)) {
                    throw new MagicException("%classpath: no such file or folder: " + part + " (looked for " + path + ")");
                }
                paths.add(path);
            }
        }
        ClasspathUpdate.addNew(kernel, paths, out);
        return CellResult.nothing();
    }
}
