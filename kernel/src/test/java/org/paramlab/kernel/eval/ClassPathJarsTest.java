package org.paramlab.kernel.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.JavaFileObject.Kind;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compiler's class-path listing for JShell must say exactly what javac's own would. */
class ClassPathJarsTest {

    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private static final Set<Kind> CLASSES_AND_SOURCES = EnumSet.of(Kind.CLASS, Kind.SOURCE);

    @TempDir
    Path dir;

    @Test
    void listsEveryPackageOfTheClassPathAsJavacDoes() throws IOException {
        List<Path> classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).collect(Collectors.toList());
        assertTrue(classPath.stream().anyMatch(p -> p.toString().endsWith(".jar")), "the test needs jars on the class path");
        try (StandardJavaFileManager javac = JAVAC.getStandardFileManager(null, null, null);
             ClassPathJars ours = new ClassPathJars(JAVAC.getStandardFileManager(null, null, null))) {
            javac.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
            ours.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
            for (String pkg : List.of("tech.tablesaw.api", "org.ejml.data", "it.unimi.dsi.fastutil.doubles",
                    "com.google.common.collect", "org.paramlab.core", "org.paramlab.kernel.eval", "", "no.such.pkg")) {
                assertEquals(binaryNames(javac, pkg), binaryNames(ours, pkg), "package '" + pkg + "'");
            }
            assertFalse(binaryNames(ours, "tech.tablesaw.api").isEmpty());
        }
    }

    @Test
    void aJarEntryReadsAsItsClassFile() throws IOException {
        Path jar = jar("demo.jar", compile("classes", Map.of("demo/Greeter.java",
                "package demo; public class Greeter { public String hi() { return \"hi\"; } }")), false);
        try (ClassPathJars ours = new ClassPathJars(JAVAC.getStandardFileManager(null, null, null))) {
            ours.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of(jar));
            List<JavaFileObject> found = new ArrayList<>();
            ours.list(StandardLocation.CLASS_PATH, "demo", CLASSES_AND_SOURCES, false).forEach(found::add);
            assertEquals(1, found.size(), found.toString());
            JavaFileObject greeter = found.get(0);
            assertEquals("demo.Greeter", ours.inferBinaryName(StandardLocation.CLASS_PATH, greeter));
            assertTrue(greeter.isNameCompatible("Greeter", Kind.CLASS));
            assertFalse(greeter.isNameCompatible("Greet", Kind.CLASS));
            assertTrue(ours.contains(StandardLocation.CLASS_PATH, greeter));
            assertTrue(ours.isSameFile(greeter, greeter));
            assertTrue(greeter.getName().endsWith("demo.jar(demo/Greeter.class)"), greeter.getName());
            try (InputStream in = greeter.openInputStream()) {
                byte[] magic = in.readNBytes(4);
                assertArrayEquals(new byte[]{(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}, magic);
            }
            assertThrows(UnsupportedOperationException.class, greeter::openOutputStream);
        }
    }

    @Test
    void aJarOrFolderAddedByACellIsSeenIncludingByStarImport() throws Exception {
        Path jar = jar("demo.jar", compile("classes", Map.of("demo/Greeter.java",
                "package demo; public class Greeter { public String hi() { return \"hi\"; } }")), false);
        Path folder = compile("folder", Map.of("extra/Counter.java",
                "package extra; public class Counter { public static int three() { return 3; } }"));
        try (JavaEvaluator java = new JavaEvaluator(System.getProperty("java.class.path"))) {
            assertThrows(CellError.class, () -> java.eval("new demo.Greeter().hi()", "test"), "not there yet");
            java.addToClasspath(jar.toString());
            assertEquals("hi", java.eval("new demo.Greeter().hi()", "test").value());
            java.eval("import demo.*;", "test");
            assertEquals("hi", java.eval("new Greeter().hi()", "test").value());
            java.addToClasspath(folder.toString());
            assertEquals(3, java.eval("extra.Counter.three()", "test").value());
        }
    }

    /**
     * JShell's source analysis starts an indexing thread that reads javac's class path; when it
     * was the first to ask, its late answer overwrote a jar added at once, about one start in
     * five. Fifteen fresh starts would all have passed with a chance of about 2 %.
     */
    @Test
    void aJarAddedTheMomentTheShellStartsIsSeen() throws Exception {
        Path jar = jar("demo.jar", compile("classes", Map.of("demo/Greeter.java",
                "package demo; public class Greeter { public String hi() { return \"hi\"; } }")), false);
        for (int start = 1; start <= 15; start++) {
            try (JavaEvaluator java = new JavaEvaluator(System.getProperty("java.class.path"))) {
                java.addToClasspath(jar.toString());
                assertEquals("hi", java.eval("new demo.Greeter().hi()", "test").value(), "start " + start);
            }
        }
    }

    @Test
    void aMultiReleaseJarIsCompiledAgainstTheClassesForThisJava() throws Exception {
        Path base = compile("base", Map.of("mr/Which.java",
                "package mr; public class Which { public static String base() { return \"base\"; } }"));
        Path newer = compile("newer", Map.of("mr/Which.java", "package mr; public class Which {"
                + " public static String base() { return \"base\"; }"
                + " public static String onlyNewer() { return \"17+\"; } }"));
        Files.createDirectories(base.resolve("META-INF/versions/17/mr"));
        Files.copy(newer.resolve("mr/Which.class"), base.resolve("META-INF/versions/17/mr/Which.class"));
        Path jar = jar("mr.jar", base, true);
        try (JavaEvaluator java = new JavaEvaluator(System.getProperty("java.class.path"))) {
            java.addToClasspath(jar.toString());
            assertEquals("17+", java.eval("mr.Which.onlyNewer()", "test").value());
        }
    }

    private static Set<String> binaryNames(StandardJavaFileManager manager, String pkg) throws IOException {
        Set<String> names = new TreeSet<>();
        for (JavaFileObject file : manager.list(StandardLocation.CLASS_PATH, pkg, CLASSES_AND_SOURCES, false)) {
            names.add(file.getKind() + " " + manager.inferBinaryName(StandardLocation.CLASS_PATH, file));
        }
        return names;
    }

    /** Compiles sources (path in the folder → code) into a new folder of class files. */
    private Path compile(String name, Map<String, String> sources) throws IOException {
        Path src = dir.resolve(name + "-src");
        Path out = Files.createDirectories(dir.resolve(name));
        List<File> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file.toFile());
        }
        try (StandardJavaFileManager javacFiles = JAVAC.getStandardFileManager(null, null, null)) {
            assertTrue(JAVAC.getTask(null, javacFiles, null, List.of("-d", out.toString()), null,
                    javacFiles.getJavaFileObjectsFromFiles(files)).call(), "test sources compile");
        }
        return out;
    }

    /** Packs a folder into a jar (with "Multi-Release: true" in its manifest if asked). */
    private Path jar(String name, Path folder, boolean multiRelease) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (multiRelease) {
            manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        }
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                out.putNextEntry(new JarEntry(folder.relativize(path).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
        }
        return jar;
    }
}
