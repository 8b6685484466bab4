package org.paramlab.kernel.magic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the files a glob pattern names, such as {@code lib/*.jar} or {@code libs/**}{@code /*.jar}.
 * The pattern is split into a fixed folder ({@code lib}) and a glob for the rest ({@code *.jar});
 * only that folder is searched. {@code *} stays within one folder, {@code **} crosses folders.
 */
final class PathGlob {

    private PathGlob() {
    }

    /** True if the text contains a glob character: {@code * ? [ {}. */
    static boolean isGlob(String text) {
        return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** The regular files matching {@code pattern}, resolved against {@code base}, sorted by path. */
    static List<Path> files(Path base, String pattern) {
        Path root = searchedFolder(base, pattern);
        if (!isGlob(pattern)) {
            return Files.isRegularFile(root) ? List.of(root) : List.of();
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        String[] segments = pattern.split("/", -1);
        int firstGlob = firstGlobSegment(segments);
        String rest = String.join("/", Arrays.copyOfRange(segments, firstGlob, segments.length));
        PathMatcher matcher = root.getFileSystem().getPathMatcher("glob:" + rest);
        // "*.jar" looks one level down, "*/x.jar" two; "**" may go arbitrarily deep
        int depth = rest.contains("**") ? Integer.MAX_VALUE : segments.length - firstGlob;
        try (Stream<Path> walk = Files.walk(root, depth)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(root.relativize(p)))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not search " + root + " for " + pattern, e);
        }
    }

    /**
     * The folder a search starts in: the pattern's segments before the first glob character
     * ({@code lib} for {@code lib/*.jar}), or the path itself if there is no glob.
     */
    static Path searchedFolder(Path base, String pattern) {
        if (!isGlob(pattern)) {
            return base.resolve(pattern).normalize();
        }
        String[] segments = pattern.split("/", -1);
        String fixed = String.join("/", Arrays.copyOfRange(segments, 0, firstGlobSegment(segments)));
        if (fixed.isEmpty() && pattern.startsWith("/")) {
            return Path.of("/");
        }
        return base.resolve(fixed).normalize();
    }

    private static int firstGlobSegment(String[] segments) {
        int i = 0;
        while (!isGlob(segments[i])) {
            i++;
        }
        return i;
    }
}
