package org.paramlab.kernel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the kernel ends with its parent: at once if the parent named in JPY_PARENT_PID is gone
 * before the kernel starts, when it ends if it is alive. (A whole kernel started with a dead
 * parent: tests/test_jvm_options.py.)
 */
class ParentWatchTest {

    /** A process that has ended and been reaped: its number names no process any more. */
    private static long endedProcess() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor(30, TimeUnit.SECONDS);
        return process.pid();
    }

    @Test
    void aParentGoneBeforeTheStartEndsTheKernelAtOnce() throws Exception {
        long gone = endedProcess();
        CompletableFuture<String> ended = new CompletableFuture<>();
        ParentWatch.watch(String.valueOf(gone), ProcessHandle.current(), ended::complete);
        assertTrue(ended.isDone(), "the kernel must end before the watch returns");
        assertEquals("its parent process " + gone + " (JPY_PARENT_PID) was gone before the kernel started", ended.get());
    }

    @Test
    void aProcessYoungerThanTheKernelIsNotItsParent() throws Exception {
        Process younger = new ProcessBuilder("sleep", "60").start(); // started after this JVM
        try {
            CompletableFuture<String> ended = new CompletableFuture<>();
            ParentWatch.watch(String.valueOf(younger.pid()), ProcessHandle.current(), ended::complete);
            assertTrue(ended.isDone(), "a reused process number must not count as the parent");
        } finally {
            younger.destroyForcibly();
        }
    }

    @Test
    void aLivingParentIsWatchedUntilItEnds() throws Exception {
        Process parent = new ProcessBuilder("sleep", "60").start();
        Process kernel = new ProcessBuilder("sleep", "60").start(); // stands for a kernel its parent started
        try {
            CompletableFuture<String> ended = new CompletableFuture<>();
            ParentWatch.watch(String.valueOf(parent.pid()), kernel.toHandle(), ended::complete);
            assertFalse(ended.isDone(), "a living parent must not end the kernel");
            parent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertEquals("its parent process " + parent.pid() + " ended", ended.get(60, TimeUnit.SECONDS));
        } finally {
            parent.destroyForcibly();
            kernel.destroyForcibly();
        }
    }
}
