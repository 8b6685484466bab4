package org.paramlab.kernel.magic;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Where downloaded artifacts are cached, chosen the way Maven chooses it:
 * the {@code maven.repo.local} system property, else {@code <localRepository>} in the user's
 * settings file ({@code ~/.m2/settings.xml}, or the file named by {@code org.apache.maven.user-settings}),
 * else {@code ~/.m2/repository}. Sharing Maven's cache means jars Maven already fetched are reused.
 */
final class MavenLocalRepository {

    private MavenLocalRepository() {
    }

    static Path locate() {
        String home = System.getProperty("user.home");
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String settingsProperty = System.getProperty("org.apache.maven.user-settings");
        Path settings = settingsProperty != null ? Path.of(settingsProperty) : Path.of(home, ".m2", "settings.xml");
        String fromSettings = fromSettings(settings);
        if (fromSettings != null) {
            return Path.of(fromSettings.replace("${user.home}", home));
        }
        return Path.of(home, ".m2", "repository");
    }

    /** The {@code <localRepository>} of a settings file, or null if there is none (or it cannot be read). */
    static String fromSettings(Path settings) {
        if (!Files.isRegularFile(settings)) {
            return null;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // errors come as exceptions only, not also on stderr
            NodeList nodes = builder.parse(settings.toFile()).getElementsByTagName("localRepository");
            if (nodes.getLength() == 0 || nodes.item(0).getTextContent().isBlank()) {
                return null;
            }
            return nodes.item(0).getTextContent().strip();
        } catch (Exception e) {
            return null; // a broken settings file should not stop %maven: fall back to the default
        }
    }
}
