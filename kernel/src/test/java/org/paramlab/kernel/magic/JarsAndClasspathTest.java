package org.paramlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarsAndClasspathTest {

    @TempDir
    Path dir;
    FakeKernel kernel;

    @BeforeEach
    void files() throws IOException {
        // dir/lib/a.jar, dir/lib/b.jar, dir/lib/notes.txt, dir/lib/sub/c.jar, dir/classes/
        Files.createDirectories(dir.resolve("lib/sub"));
        Files.createDirectories(dir.resolve("classes"));
        for (String name : List.of("lib/a.jar", "lib/b.jar", "lib/notes.txt", "lib/sub/c.jar")) {
            Files.writeString(dir.resolve(name), "x");
        }
        kernel = new FakeKernel(dir);
    }

    private List<String> relative(List<Path> paths) {
        return paths.stream().map(p -> dir.relativize(p).toString()).toList();
    }

    @Test
    void starMatchesWithinOneFolder() {
        assertEquals(List.of("lib/a.jar", "lib/b.jar"), relative(PathGlob.files(dir, "lib/*.jar")));
        assertEquals(List.of("lib/a.jar", "lib/b.jar", "lib/notes.txt"), relative(PathGlob.files(dir, "lib/*")));
        assertEquals(List.of("lib/a.jar", "lib/b.jar"), relative(PathGlob.files(dir, "lib/?.jar")));
    }

    @Test
    void doubleStarCrossesFolders() {
        assertEquals(List.of("lib/sub/c.jar"), relative(PathGlob.files(dir, "lib/**/*.jar")));
        assertEquals(List.of("lib/a.jar", "lib/b.jar", "lib/sub/c.jar"), relative(PathGlob.files(dir, "lib/**.jar")));
        assertEquals(List.of("lib/sub/c.jar"), relative(PathGlob.files(dir, "*/sub/*.jar")));
    }

    @Test
    void absolutePatternsIgnoreTheWorkingDirectory() {
        FakeKernel elsewhere = new FakeKernel(dir.resolve("classes"));
        List<Path> found = JarsMagic.find(elsewhere.workingDirectory(), dir.resolve("lib") + "/*.jar");
        assertEquals(List.of("lib/a.jar", "lib/b.jar"), relative(found));
    }

    @Test
    void jarsAddsMatchesRelativeToTheWorkingDirectory() {
        new JarsMagic().run(kernel, List.of("lib/*.jar", "lib/sub/c.jar"), kernel.out);
        assertEquals(List.of("lib/a.jar", "lib/b.jar", "lib/sub/c.jar"), relative(kernel.classpath()));
        assertTrue(kernel.output().contains("Added to the classpath: a.jar, b.jar, c.jar"), kernel.output());
    }

    @Test
    void aFolderStandsForTheJarsInIt() {
        new JarsMagic().run(kernel, List.of("lib"), kernel.out);
        assertEquals(List.of("lib/a.jar", "lib/b.jar"), relative(kernel.classpath()));
    }

    @Test
    void addingTheSameJarsAgainChangesNothing() {
        JarsMagic jars = new JarsMagic();
        jars.run(kernel, List.of("lib/*.jar"), kernel.out);
        jars.run(kernel, List.of("lib/a.jar"), kernel.out);
        assertEquals(1, kernel.additions.size());
        assertTrue(kernel.output().contains("already on the classpath"), kernel.output());
    }

    @Test
    void aPatternMatchingNothingIsAnErrorNamingIt() {
        MagicException e = assertThrows(MagicException.class,
                () -> new JarsMagic().run(kernel, List.of("lib/*.jar", "vendor/*.jar"), kernel.out));
        assertTrue(e.getMessage().contains("'vendor/*.jar'"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("vendor").toString()), e.getMessage());
        assertEquals(List.of(), kernel.classpath(), "nothing is added when one pattern fails");
    }

    @Test
    void jarsWithoutArgumentsIsAnError() {
        MagicException e = assertThrows(MagicException.class, () -> new JarsMagic().run(kernel, List.of(), kernel.out));
        assertTrue(e.getMessage().contains("%jars lib/*.jar"), e.getMessage());
    }

    @Test
    void classpathAddsFilesAndFoldersAndClasspathStrings() {
        ClasspathMagic classpath = new ClasspathMagic();
        classpath.run(kernel, List.of("classes", "lib/a.jar" + File.pathSeparator + "lib/b.jar"), kernel.out);
        assertEquals(List.of("classes", "lib/a.jar", "lib/b.jar"), relative(kernel.classpath()));
    }

    @Test
    void classpathWithoutArgumentsListsTheEntries() {
        ClasspathMagic classpath = new ClasspathMagic();
        classpath.run(kernel, List.of(), kernel.out);
        assertTrue(kernel.output().startsWith("No jars or folders added yet"), kernel.output());
        classpath.run(kernel, List.of("lib/a.jar"), kernel.out);
        classpath.run(kernel, List.of(), kernel.out);
        assertTrue(kernel.output().endsWith(dir.resolve("lib/a.jar") + System.lineSeparator()), kernel.output());
    }

    @Test
    void classpathOfAMissingPathIsAnError() {
        MagicException e = assertThrows(MagicException.class,
                () -> new ClasspathMagic().run(kernel, List.of("nope.jar"), kernel.out));
        assertTrue(e.getMessage().contains("no such file or folder: nope.jar"), e.getMessage());
    }
}
