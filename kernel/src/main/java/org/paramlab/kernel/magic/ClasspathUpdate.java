package org.paramlab.kernel.magic;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Adds paths to the kernel's classpath, skipping ones already there, and tells the user what changed. */
final class ClasspathUpdate {

    private ClasspathUpdate() {
    }

    /** Adds the new entries among {@code paths} (made absolute); returns the ones actually added. */
    static List<Path> addNew(KernelServices kernel, List<Path> paths, PrintStream out) {
        Set<Path> present = new LinkedHashSet<>();
        for (Path path : kernel.classpath()) {
            present.add(path.toAbsolutePath().normalize());
        }
        List<Path> added = new ArrayList<>();
        for (Path path : paths) {
            Path absolute = path.toAbsolutePath().normalize();
            if (present.add(absolute)) {
                added.add(absolute);
            }
        }
        if (added.isEmpty()) {
            out.println("Nothing to add: " + (paths.size() == 1 ? "it is" : "they are") + " already on the classpath.");
            return added;
        }
        kernel.addToClasspath(added);
        List<String> names = new ArrayList<>();
        for (Path path : added) {
            names.add(path.getFileName() == null ? path.toString() : path.getFileName().toString());
        }
        out.println("Added to the classpath: " + String.join(", ", names));
        return added;
    }
}
