package org.paramlab.kernel.streams;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code System.in} for cell code: when a cell reads and nothing is buffered, the notebook is asked
 * for a line (Jupyter's input_request), which then reads as that line plus a newline.
 */
public final class StdinInput extends InputStream {

    /** Asks the notebook for one line; empty when the front end does not allow input. */
    public interface LineSource {
        Optional<String> requestLine(String prompt) throws IOException;
    }

    private final LineSource source;
    private byte[] buffer = new byte[0];
    private int position;

    public StdinInput(LineSource source) {
        this.source = source;
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int count = Math.min(length, buffer.length - position);
        System.arraycopy(buffer, position, target, offset, count);
        position += count;
        return count;
    }

    @Override
    public synchronized int available() {
        return buffer.length - position;
    }

    private boolean fill() throws IOException {
        if (position < buffer.length) {
            return true;
        }
        Optional<String> line = source.requestLine("");
        if (line.isEmpty()) {
            return false;
        }
        buffer = (line.get() + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }
}
