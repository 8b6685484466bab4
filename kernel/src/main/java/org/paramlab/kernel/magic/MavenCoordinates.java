package org.paramlab.kernel.magic;

import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;

/**
 * Parses Maven coordinates as IJava's {@code %maven} accepts them:
 * {@code group:artifact:version}, or with a packaging and classifier,
 * {@code group:artifact:packaging:version} and {@code group:artifact:packaging:classifier:version}.
 */
final class MavenCoordinates {

    static final String EXPECTED_FORM = "group:artifact:version, e.g. org.ejml:ejml-simple:0.44.0";

    private MavenCoordinates() {
    }

    static Artifact parse(String text) {
        String[] parts = text.strip().split(":", -1);
        for (String part : parts) {
            if (part.isBlank() || part.chars().anyMatch(Character::isWhitespace)) {
                throw malformed(text);
            }
        }
        return switch (parts.length) {
            case 3 -> new DefaultArtifact(parts[0], parts[1], "jar", parts[2]);
            case 4 -> new DefaultArtifact(parts[0], parts[1], parts[2], parts[3]);
            case 5 -> new DefaultArtifact(parts[0], parts[1], parts[3], parts[2], parts[4]);
            default -> throw malformed(text);
        };
    }

    /** Writes an artifact back as the user would: "g:a:v" for a plain jar. */
    static String format(Artifact artifact) {
        StringBuilder text = new StringBuilder(artifact.getGroupId()).append(':').append(artifact.getArtifactId());
        if (!"jar".equals(artifact.getExtension()) || !artifact.getClassifier().isEmpty()) {
            text.append(':').append(artifact.getExtension());
            if (!artifact.getClassifier().isEmpty()) {
                text.append(':').append(artifact.getClassifier());
            }
        }
        return text.append(':').append(artifact.getVersion()).toString();
    }

    private static MagicException malformed(String text) {
        return new MagicException("Malformed Maven coordinate '" + text + "': expected " + EXPECTED_FORM
                + " (or group:artifact:packaging[:classifier]:version).");
    }
}
