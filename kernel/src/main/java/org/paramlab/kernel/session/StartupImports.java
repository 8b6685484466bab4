package org.paramlab.kernel.session;

import org.paramlab.core.Parameter;
import org.paramlab.kernel.display.Display;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The imports every notebook starts with, so a lesson starts with the lesson: first JShell's own
 * default imports (what {@code jshell} offers at its prompt, read from the JDK, so a cell knows at
 * least what a JShell user expects), then all packages of the ParamLab library (found in its jar,
 * so new packages come in by themselves), EJML, Tablesaw, tablesaw-jsplot, java.time and the
 * display functions.
 *
 * <p>Public so a test can give a plain JShell the same imports: JShell copies the import lines
 * into every snippet it keeps, so each line adds a little to the memory each cell keeps.
 */
public final class StartupImports {

    /** JShell's default start-up script inside the JDK (module jdk.jshell): its import lines. */
    private static final String JSHELL_DEFAULT = "/modules/jdk.jshell/jdk/jshell/tool/resources/DEFAULT.jsh";

    private static final List<String> FIXED = List.of(
            "java.util", "java.util.stream", "java.util.function", "java.io", "java.nio.file", "java.time",
            "org.ejml.data", "org.ejml.dense.row",
            "tech.tablesaw.api", "tech.tablesaw.plotly.components", "tech.tablesaw.plotly.api");

    private StartupImports() {
    }

    /** The import statements, one per line, e.g. "import java.util.*;". */
    public static List<String> lines() {
        Set<String> lines = new LinkedHashSet<>(jshellDefaults());
        for (String pkg : FIXED) {
            lines.add("import " + pkg + ".*;");
        }
        for (String pkg : libraryPackages()) {
            lines.add("import " + pkg + ".*;");
        }
        lines.add("import static " + Display.class.getName() + ".*;");
        return new ArrayList<>(lines);
    }

    /**
     * The import lines of JShell's default start-up, as this JDK's {@code jshell} runs them:
     * ten java.* packages on JDK 17, {@code import module java.base;} on JDK 25.
     */
    public static List<String> jshellDefaults() {
        try {
            FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
            return Files.readAllLines(jrt.getPath(JSHELL_DEFAULT)).stream()
                    .map(String::strip)
                    .filter(line -> line.startsWith("import "))
                    .collect(Collectors.toList());
        } catch (IOException | RuntimeException e) {
            System.err.println("paramlab kernel: JShell's default imports not found (" + e + "); cells get the library's only");
            return List.of();
        }
    }

    /** Every package under org.paramlab in the library's jar (or class folder, when run from an IDE). */
    static List<String> libraryPackages() {
        TreeSet<String> packages = new TreeSet<>();
        try {
            Path location = Path.of(Parameter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .map(f -> location.relativize(f.getParent()).toString().replace(location.getFileSystem().getSeparator(), "."))
                            .forEach(packages::add);
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.endsWith(".class") && n.contains("/"))
                            .map(n -> n.substring(0, n.lastIndexOf('/')).replace('/', '.'))
                            .forEach(packages::add);
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return List.of("org.paramlab.core", "org.paramlab.layers", "org.paramlab.losses", "org.paramlab.optim");
        }
        packages.removeIf(p -> !p.startsWith("org.paramlab."));
        return new ArrayList<>(packages);
    }
}
