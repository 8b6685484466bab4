package org.paramlab.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.UnaryOperator;

/**
 * Writes a file all or nothing: into a temporary file in the same directory, forced to disk, then
 * renamed over the target in one atomic step. A crash or an error mid-write leaves the old file as
 * it was, and the temporary file is deleted.
 */
final class AtomicFileWriter {

    /** What writes the file's contents. */
    interface Contents {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFileWriter() { }

    /**
     * Writes {@code contents} to {@code file}; {@code streamWrapper} wraps the file's stream (tests use
     * it to make the disk fail mid-write).
     */
    static void write(Path file, Contents contents, UnaryOperator<OutputStream> streamWrapper) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        if (Files.isDirectory(target)) {
            throw new IOException("cannot save the model to " + target + ": it is a directory");
        }
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        readableByAll(temp);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(streamWrapper.apply(Channels.newOutputStream(channel)), 1 << 16);
                contents.writeTo(out);
                out.flush();
                channel.force(true);   // on disk before the rename makes it visible
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // some file systems cannot rename atomically; a plain replace is the best they offer
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Temp files start as owner-only (rw-------); a saved model is an ordinary file (rw-r--r--). */
    private static void readableByAll(Path temp) {
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system (Windows): the default permissions are fine
        }
    }
}
