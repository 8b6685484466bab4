package org.paramlab.kernel;

import com.google.gson.JsonObject;
import org.paramlab.kernel.protocol.Channel;
import org.paramlab.kernel.protocol.Message;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;

/**
 * The control channel's requests, heard even while a cell runs: interrupt_request (stop the
 * running cell, keep the variables) and shutdown_request (reply, then end the JVM).
 */
final class ControlRequests {

    private final Messenger messenger;
    private final JavaSession java;
    private final BooleanSupplier cellRunning;
    private final PrintStream log;
    private volatile boolean shuttingDown;

    ControlRequests(Messenger messenger, JavaSession java, BooleanSupplier cellRunning, PrintStream log) {
        this.messenger = messenger;
        this.java = java;
        this.cellRunning = cellRunning;
        this.log = log;
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    void interrupt(Channel channel, Message request) {
        messenger.replyOk(channel, request, "interrupt_reply", new JsonObject());
        if (cellRunning.getAsBoolean() && java.isStarted()) {
            ParamLabKernel.startDaemon("interrupter", this::stopRunningCell);
        }
    }

    /** JShell interrupts the cell's thread, then forces it to stop if the JDK can. */
    private void stopRunningCell() {
        try {
            java.java().stop();
        } catch (RuntimeException e) {
            log.println("paramlab kernel: stopping the cell failed: " + e);
        }
        for (int waited = 0; waited < 30 && cellRunning.getAsBoolean(); waited++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (cellRunning.getAsBoolean()) {
            System.err.println("\nThe kernel could not stop this cell: Java " + Runtime.version().feature()
                    + " cannot force a running thread to stop. Restart the kernel (Kernel > Restart Kernel)"
                    + " to get control back; variables will be lost.");
        }
    }

    void shutdown(Channel channel, Message request) {
        JsonObject content = new JsonObject();
        content.addProperty("restart", Messenger.flag(request.content(), "restart", false));
        messenger.replyOk(channel, request, "shutdown_reply", content);
        messenger.publishStatus("idle", request);
        shuttingDown = true;
        ParamLabKernel.startDaemon("shutdown", () -> {
            try {
                Thread.sleep(100); // let the replies leave
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
            messenger.sockets().close();
            Runtime.getRuntime().halt(0);
        });
    }
}
