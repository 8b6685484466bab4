package org.paramlab.kernel;

import org.paramlab.kernel.protocol.Message;
import org.paramlab.kernel.protocol.WireCodec;
import org.paramlab.kernel.streams.StdinInput;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * A cell reads {@code System.in}: the notebook is asked for a line (input_request on the stdin
 * channel) and the kernel waits for the input_reply, while an interrupt can still end the wait.
 */
final class StdinRequests implements StdinInput.LineSource {

    private final Messenger messenger;
    private final Runnable flushOutput;
    private final PrintStream log;

    StdinRequests(Messenger messenger, Runnable flushOutput, PrintStream log) {
        this.messenger = messenger;
        this.flushOutput = flushOutput;
        this.log = log;
    }

    @Override
    public Optional<String> requestLine(String prompt) throws IOException {
        Message request = messenger.currentRequest();
        if (request == null || !Messenger.flag(request.content(), "allow_stdin", true)) {
            throw new IOException("this front end does not support input (allow_stdin is false)");
        }
        flushOutput.run();
        messenger.sendInputRequest(request, prompt);
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("input interrupted");
            }
            try {
                Message answer = messenger.sockets().stdin.receive(100);
                if (answer != null && answer.type().equals("input_reply")) {
                    return Optional.of(Messenger.text(answer.content(), "value"));
                }
            } catch (WireCodec.InvalidMessageException e) {
                log.println("paramlab kernel: ignored a message on stdin: " + e.getMessage());
            }
        }
    }
}
