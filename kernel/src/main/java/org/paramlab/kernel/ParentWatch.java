package org.paramlab.kernel;

import java.io.PrintStream;
import java.util.Optional;

/**
 * A kernel whose Jupyter server has died has no one left to talk to: it ends itself, as
 * ipykernel does, instead of keeping a JVM (and its heap) running on a shared server. The process
 * watched is the one jupyter_client names in JPY_PARENT_PID, else this JVM's parent (the launcher
 * {@code exec}s java, so that is the server).
 */
final class ParentWatch {

    private ParentWatch() {
    }

    static void endWhenParentEnds(PrintStream log) {
        parent().filter(p -> p.pid() > 1).ifPresent(parent -> parent.onExit().thenRun(() -> {
            log.println("paramlab kernel: its parent process " + parent.pid() + " ended; the kernel ends too");
            Runtime.getRuntime().halt(0);
        }));
    }

    private static Optional<ProcessHandle> parent() {
        String named = System.getenv("JPY_PARENT_PID");
        if (named != null && named.matches("\\d+")) {
            return ProcessHandle.of(Long.parseLong(named));
        }
        return ProcessHandle.current().parent();
    }
}
