package org.paramlab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a kernel's start goes, for {@code make bench}: with {@code PARAMLAB_TIMELINE=file} in the
 * environment, each step of the start appends "epoch-milliseconds cpu-milliseconds step" to that
 * file: when it happened, and how much CPU time the JVM had used by then (all its threads; on a
 * busy machine the wall clock says more about the neighbours than about the kernel, the CPU time
 * does not). Without the variable, marking costs nothing.
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
        long cpuMillis = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
        String line = System.currentTimeMillis() + " " + cpuMillis + " " + step + "\n";
        try {
            Files.writeString(Path.of(FILE), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a benchmark aid only: never let it disturb the kernel
        }
    }

}
