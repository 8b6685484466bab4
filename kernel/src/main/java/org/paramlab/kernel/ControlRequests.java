package org.paramlab.kernel;

import com.google.gson.JsonObject;
import org.paramlab.kernel.protocol.Channel;
import org.paramlab.kernel.protocol.Message;
import org.paramlab.kernel.session.JavaSession;

import java.io.PrintStream;

/**
 * The control channel's requests, heard even while a cell runs: interrupt_request (stop the
 * running cell, keep the variables) and shutdown_request (reply, then end the JVM).
 */
final class ControlRequests {

    private final Messenger messenger;
    private final JavaSession session;
    private final PrintStream log;
    private volatile boolean shuttingDown;

    ControlRequests(Messenger messenger, JavaSession session, PrintStream log) {
        this.messenger = messenger;
        this.session = session;
        this.log = log;
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    void interrupt(Channel channel, Message request) {
        messenger.replyOk(channel, request, "interrupt_reply", new JsonObject());
        if (session.cellRunning()) {
            Daemons.start("interrupter", this::stopRunningCell);
        }
    }

    /** The session interrupts the cell's thread, then forces it to stop if the JDK can. */
    private void stopRunningCell() {
        try {
            if (!session.stopCell()) {
                return; // the cell waits for JShell to start: it has not begun to run
            }
        } catch (RuntimeException e) {
            log.println("paramlab kernel: stopping the cell failed: " + e);
        }
        for (int waited = 0; waited < 30 && session.cellRunning(); waited++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (session.cellRunning()) {
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
        Daemons.start("shutdown", () -> {
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
