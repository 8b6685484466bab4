package org.paramlab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a kernel's start goes, for {@code make bench}: with {@code PARAMLAB_TIMELINE=file} in the
 * environment, each step of the start appends "epoch-milliseconds step" to that file, the first
 * line being when the process started. Without it, marking costs nothing.
 */
public final class StartTimeline {

    private static final String FILE = System.getenv("PARAMLAB_TIMELINE");

    private StartTimeline() {
    }

    /** Records that {@code step} has just finished (e.g. "sockets bound"). */
    public static void mark(String step) {
        if (FILE == null || FILE.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        if (step.equals("main")) {
            // the operating system's record of when this process started (exec of the shell launcher)
            ProcessHandle.current().info().startInstant()
                    .ifPresent(started -> lines.append(started.toEpochMilli()).append(" process started\n"));
        }
        lines.append(System.currentTimeMillis()).append(' ').append(step).append('\n');
        try {
            Files.writeString(Path.of(FILE), lines, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a benchmark aid only: never let it disturb the kernel
        }
    }

}
