package org.paramlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.aether.graph.Dependency;
import org.junit.jupiter.api.Test;

class PomFragmentTest {

    private static List<String> coordinates(PomFragment pom) {
        return pom.dependencies().stream().map(Dependency::getArtifact).map(MavenCoordinates::format).toList();
    }

    @Test
    void bareDependencyElementsAreEnough() {
        PomFragment pom = PomFragment.parse("""
                <dependency><groupId>org.a</groupId><artifactId>one</artifactId><version>1.0</version></dependency>
                <dependency><groupId>org.b</groupId><artifactId>two</artifactId><version>2.0</version>
                  <classifier>natives</classifier></dependency>
                """);
        assertEquals(List.of("org.a:one:1.0", "org.b:two:jar:natives:2.0"), coordinates(pom));
        assertEquals(List.of(), pom.repositories());
    }

    @Test
    void aWholeProjectUsesPropertiesAndManagedVersions() {
        PomFragment pom = PomFragment.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.me</groupId><artifactId>demo</artifactId><version>0.3</version>
                  <properties><ejml.version>0.44.0</ejml.version></properties>
                  <repositories><repository><id>extra</id><url>https://repo.example.org/maven/</url></repository></repositories>
                  <distributionManagement><repository><id>release</id><url>https://publish.example.org/</url></repository></distributionManagement>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>org.c</groupId><artifactId>managed</artifactId><version>3.1</version></dependency>
                  </dependencies></dependencyManagement>
                  <dependencies>
                    <dependency><groupId>org.ejml</groupId><artifactId>ejml-simple</artifactId><version>${ejml.version}</version></dependency>
                    <dependency><groupId>org.c</groupId><artifactId>managed</artifactId></dependency>
                    <dependency><groupId>org.me</groupId><artifactId>tests</artifactId><version>${project.version}</version>
                      <type>test-jar</type><scope>test</scope></dependency>
                  </dependencies>
                  <build><plugins><plugin><artifactId>x</artifactId><dependencies>
                    <dependency><groupId>org.plugin</groupId><artifactId>only-for-build</artifactId><version>1</version></dependency>
                  </dependencies></plugin></plugins></build>
                </project>
                """);
        assertEquals(List.of("org.ejml:ejml-simple:0.44.0", "org.c:managed:3.1", "org.me:tests:jar:tests:0.3"), coordinates(pom));
        assertEquals(List.of("https://repo.example.org/maven/"), pom.repositories().stream().map(r -> r.getUrl()).toList());
    }

    @Test
    void aMissingVersionIsAnErrorNamingTheDependency() {
        MagicException e = assertThrows(MagicException.class, () -> PomFragment.parse(
                "<dependency><groupId>org.a</groupId><artifactId>one</artifactId><version>1</version></dependency>\n"
                        + "<dependency><groupId>org.b</groupId><artifactId>two</artifactId></dependency>"));
        assertTrue(e.getMessage().contains("dependency #2 (org.b:two) has no <version>"), e.getMessage());
    }

    @Test
    void anUndefinedPropertyIsAnError() {
        MagicException e = assertThrows(MagicException.class, () -> PomFragment.parse(
                "<dependency><groupId>org.a</groupId><artifactId>one</artifactId><version>${v}</version></dependency>"));
        assertTrue(e.getMessage().contains("${v}"), e.getMessage());
    }

    @Test
    void brokenXmlSaysWhere() {
        MagicException e = assertThrows(MagicException.class, () -> PomFragment.parse(
                "<dependency>\n  <groupId>org.a</groupId>\n  <artifactId>one</artifact>\n</dependency>"));
        assertTrue(e.getMessage().contains("not well-formed XML (line 3"), e.getMessage());
    }

    @Test
    void aCellWithoutDependenciesIsAnError() {
        MagicException e = assertThrows(MagicException.class, () -> PomFragment.parse("<repositories/>"));
        assertTrue(e.getMessage().contains("no <dependency> element"), e.getMessage());
    }
}
