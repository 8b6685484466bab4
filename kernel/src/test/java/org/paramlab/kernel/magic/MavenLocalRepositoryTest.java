package org.paramlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenLocalRepositoryTest {

    @TempDir
    Path dir;

    @Test
    void readsLocalRepositoryFromASettingsFile() throws IOException {
        Path settings = dir.resolve("settings.xml");
        Files.writeString(settings, """
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <localRepository> /data/m2 </localRepository>
                </settings>
                """);
        assertEquals("/data/m2", MavenLocalRepository.fromSettings(settings));
    }

    @Test
    void aSettingsFileWithoutOneOrABrokenOneGivesNothing() throws IOException {
        Path plain = dir.resolve("plain.xml");
        Files.writeString(plain, "<settings><offline>false</offline></settings>");
        Path broken = dir.resolve("broken.xml");
        Files.writeString(broken, "<settings><localRepository>");
        assertNull(MavenLocalRepository.fromSettings(plain));
        assertNull(MavenLocalRepository.fromSettings(broken));
        assertNull(MavenLocalRepository.fromSettings(dir.resolve("missing.xml")));
    }

    @Test
    void theMavenRepoLocalPropertyComesFirst() {
        String before = System.getProperty("maven.repo.local");
        try {
            System.setProperty("maven.repo.local", dir.resolve("repo").toString());
            assertEquals(dir.resolve("repo"), MavenLocalRepository.locate());
        } finally {
            if (before == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", before);
            }
        }
    }
}
