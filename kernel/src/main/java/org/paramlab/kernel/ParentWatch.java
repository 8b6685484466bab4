package org.paramlab.kernel;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A kernel whose Jupyter server has died has no one left to talk to: it ends itself, as
 * ipykernel does, instead of keeping a JVM (and its heap) running on a shared server. The process
 * watched is the one jupyter_client names in JPY_PARENT_PID, else this JVM's parent (the launcher
 * {@code exec}s java, so that is the server). If the named process is gone already when the
 * kernel starts (the server died while the JVM was starting), the kernel ends at once.
 */
final class ParentWatch {

    private ParentWatch() {
    }

    static void endWhenParentEnds(PrintStream log) {
        watch(System.getenv("JPY_PARENT_PID"), ProcessHandle.current(), why -> {
            log.println("paramlab kernel: " + why + "; the kernel ends too");
            Runtime.getRuntime().halt(0);
        });
    }

    /**
     * Calls {@code end} with the reason when the parent ends, or before returning if the parent
     * named by {@code namedPid} is gone already. A process that started after {@code self} is not
     * its parent: the parent's number was given to a newer process after the parent ended.
     */
    static void watch(String namedPid, ProcessHandle self, Consumer<String> end) {
        if (namedPid == null || !namedPid.matches("\\d+")) {
            self.parent().filter(p -> p.pid() > 1).ifPresent(parent -> parent.onExit().thenRun(
                    () -> end.accept("its parent process " + parent.pid() + " ended")));
            return;
        }
        long pid = Long.parseLong(namedPid);
        Optional<ProcessHandle> parent = ProcessHandle.of(pid).filter(p -> !startedAfter(p, self));
        if (parent.isEmpty()) {
            end.accept("its parent process " + pid + " (JPY_PARENT_PID) was gone before the kernel started");
            return;
        }
        parent.get().onExit().thenRun(() -> end.accept("its parent process " + pid + " ended"));
    }

    /** True only if both start times are known and {@code process} started later than {@code self}. */
    private static boolean startedAfter(ProcessHandle process, ProcessHandle self) {
        Optional<Instant> started = process.info().startInstant();
        Optional<Instant> selfStarted = self.info().startInstant();
        return started.isPresent() && selfStarted.isPresent() && started.get().isAfter(selfStarted.get());
    }
}
