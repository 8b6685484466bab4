package org.paramlab.kernel.streams;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * What cell code prints to {@code System.out} or {@code System.err}, sent to the notebook as
 * "stream" messages. Bytes are collected and sent in batches: when {@link #flush()} is called
 * (a timer does so every few milliseconds while a cell runs, so output appears as it is
 * produced), or when a batch is large. A cell that prints more than {@code limitBytes} has the
 * rest dropped, and {@link #endCell()} says how much was dropped, so a runaway loop cannot
 * flood the notebook.
 */
public final class StreamOutput extends OutputStream {

    private static final int BATCH_BYTES = 64 * 1024;

    private final String name;
    private final long limitBytes;
    private final BiConsumer<String, String> publisher;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(BATCH_BYTES);
    private long writtenThisCell;
    private long droppedThisCell;

    /** {@code publisher} receives (stream name, text), e.g. ("stdout", "hello\n"). */
    public StreamOutput(String name, long limitBytes, BiConsumer<String, String> publisher) {
        this.name = name;
        this.limitBytes = limitBytes;
        this.publisher = publisher;
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        long allowed = Math.max(0, limitBytes - writtenThisCell);
        int kept = (int) Math.min(length, allowed);
        droppedThisCell += length - kept;
        writtenThisCell += kept;
        int at = offset;
        int left = kept;
        while (left > 0) {
            int chunk = Math.min(left, pending.remaining());
            pending.put(bytes, at, chunk);
            at += chunk;
            left -= chunk;
            if (!pending.hasRemaining()) {
                flush();
            }
        }
    }

    /** Sends what has been collected (whole UTF-8 characters only; a split character waits). */
    @Override
    public synchronized void flush() {
        if (pending.position() == 0) {
            return;
        }
        pending.flip();
        CharBuffer text = CharBuffer.allocate(pending.remaining());
        decoder.decode(pending, text, false);
        pending.compact(); // keeps the bytes of an unfinished character
        text.flip();
        if (text.hasRemaining()) {
            publisher.accept(name, text.toString());
        }
    }

    /** Starts counting a new cell's output. */
    public synchronized void startCell() {
        writtenThisCell = 0;
        droppedThisCell = 0;
    }

    /** Sends what is left and, if output was dropped, a note saying how much. */
    public synchronized void endCell() {
        flush();
        if (droppedThisCell > 0) {
            publisher.accept(name, String.format("%n[output truncated: the cell wrote more than %d MB to %s;"
                    + " %,d more bytes were not shown]%n", limitBytes / (1024 * 1024), name, droppedThisCell));
            droppedThisCell = 0;
        }
    }
}
