package org.paramlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * %maven and %%loadFromPOM against a Maven repository made in a temp folder (file://), so the
 * tests run offline: org.example:app:1.0 depends on org.example:leaf:1.0.
 */
class MavenMagicsTest {

    @TempDir
    Path dir;
    Path remote;
    Path local;
    String remoteUrl;
    FakeKernel kernel;

    @BeforeEach
    void repository() throws IOException {
        remote = dir.resolve("remote");
        local = dir.resolve("local");
        remoteUrl = remote.toUri().toString();
        publish("leaf", "");
        publish("app", "<dependencies><dependency><groupId>org.example</groupId><artifactId>leaf</artifactId>"
                + "<version>1.0</version></dependency></dependencies>");
        kernel = new FakeKernel(dir);
    }

    /** Writes org/example/NAME/1.0/NAME-1.0.pom and a tiny NAME-1.0.jar in Maven's layout. */
    private void publish(String artifactId, String dependencies) throws IOException {
        Path folder = Files.createDirectories(remote.resolve("org/example/" + artifactId + "/1.0"));
        Files.writeString(folder.resolve(artifactId + "-1.0.pom"),
                "<project><modelVersion>4.0.0</modelVersion><groupId>org.example</groupId><artifactId>"
                        + artifactId + "</artifactId><version>1.0</version>" + dependencies + "</project>");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(folder.resolve(artifactId + "-1.0.jar"));
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    private List<String> classpathNames() {
        return kernel.classpath().stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void mavenAddsTheArtifactAndItsTransitiveDependency() {
        new MavenMagics(local, List.of(remoteUrl)).maven(kernel, List.of("org.example:app:1.0"), kernel.out);
        assertEquals(List.of("app-1.0.jar", "leaf-1.0.jar"), classpathNames());
        // the jars come from the local repository (the cache), where the resolver copied them
        assertTrue(kernel.classpath().stream().allMatch(p -> p.startsWith(local)), kernel.classpath().toString());
        assertTrue(kernel.output().contains("Added to the classpath: app-1.0.jar, leaf-1.0.jar"), kernel.output());
    }

    @Test
    void aSecondResolutionAddsNothingNew() {
        MavenMagics maven = new MavenMagics(local, List.of(remoteUrl));
        maven.maven(kernel, List.of("org.example:leaf:1.0"), kernel.out);
        maven.maven(kernel, List.of("org.example:app:1.0"), kernel.out);
        assertEquals(List.of("leaf-1.0.jar", "app-1.0.jar"), classpathNames());
    }

    @Test
    void anUnknownArtifactIsAnErrorNamingItAndTheRepository() {
        MagicException e = assertThrows(MagicException.class,
                () -> new MavenMagics(local, List.of(remoteUrl)).maven(kernel, List.of("org.example:missing:2.0"), kernel.out));
        assertTrue(e.getMessage().contains("org.example:missing:2.0"), e.getMessage());
        assertTrue(e.getMessage().contains(remoteUrl), e.getMessage());
        assertEquals(List.of(), kernel.classpath());
    }

    @Test
    void anUnreachableRepositoryFailsQuicklyWithItsUrl() {
        String refused = "http://127.0.0.1:9/"; // the discard port: nothing listens there, so connecting is refused
        MagicException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(MagicException.class,
                () -> new MavenMagics(local, List.of(refused)).maven(kernel, List.of("org.example:app:1.0"), kernel.out)));
        assertTrue(e.getMessage().contains("org.example:app:1.0"), e.getMessage());
        assertTrue(e.getMessage().contains(refused), e.getMessage());
    }

    @Test
    void malformedCoordinatesSayTheExpectedForm() {
        MavenMagics maven = new MavenMagics(local, List.of(remoteUrl));
        for (String bad : List.of("org.example:app", "org.example::1.0", "app", "a:b:c:d:e:f", "org.example:app:1.0 ")) {
            MagicException e = assertThrows(MagicException.class, () -> maven.maven(kernel, List.of(bad.strip() + (bad.endsWith(" ") ? ":" : "")), kernel.out));
            assertTrue(e.getMessage().contains("expected group:artifact:version"), e.getMessage());
        }
        MagicException none = assertThrows(MagicException.class, () -> maven.maven(kernel, List.of(), kernel.out));
        assertTrue(none.getMessage().contains("group:artifact:version"), none.getMessage());
    }

    @Test
    void coordinatesMayNamePackagingAndClassifier() {
        assertEquals("org.x:y:1.0", MavenCoordinates.format(MavenCoordinates.parse("org.x:y:1.0")));
        assertEquals("org.x:y:pom:1.0", MavenCoordinates.format(MavenCoordinates.parse("org.x:y:pom:1.0")));
        assertEquals("org.x:y:jar:natives:1.0", MavenCoordinates.format(MavenCoordinates.parse("org.x:y:jar:natives:1.0")));
        assertEquals("natives", MavenCoordinates.parse("org.x:y:jar:natives:1.0").getClassifier());
    }

    @Test
    void loadFromPomResolvesAFragmentWithItsRepository() {
        // no default repository at all: the cell's <repositories> must be used
        MavenMagics maven = new MavenMagics(local, List.of());
        maven.loadFromPom(kernel, """
                <repositories>
                  <repository><id>example</id><url>%s</url></repository>
                </repositories>
                <dependencies>
                  <dependency>
                    <groupId>org.example</groupId>
                    <artifactId>app</artifactId>
                    <version>1.0</version>
                  </dependency>
                </dependencies>
                """.formatted(remoteUrl), kernel.out);
        assertEquals(List.of("app-1.0.jar", "leaf-1.0.jar"), classpathNames());
        assertEquals(List.of(remoteUrl), maven.repositories().stream().map(r -> r.getUrl()).toList(),
                "the cell's repository is remembered for later %maven lines");
    }

    @Test
    void loadFromPomHonoursExclusions() {
        MavenMagics maven = new MavenMagics(local, List.of(remoteUrl));
        maven.loadFromPom(kernel, """
                <dependency>
                  <groupId>org.example</groupId><artifactId>app</artifactId><version>1.0</version>
                  <exclusions><exclusion><groupId>org.example</groupId><artifactId>leaf</artifactId></exclusion></exclusions>
                </dependency>
                """, kernel.out);
        assertEquals(List.of("app-1.0.jar"), classpathNames());
    }
}
