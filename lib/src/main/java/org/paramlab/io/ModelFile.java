package org.paramlab.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.Parameter;
import org.paramlab.layers.Layer;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Saves and loads a model's parameters (the numbers only: the code that builds the model is the
 * architecture). The format is small enough to read with a hex viewer; it is also described in
 * {@code lib/MODEL_FORMAT.md}.
 *
 * <h2>Format, version 1</h2>
 * All integers and floats are <b>little-endian</b>.
 * <pre>
 *  size (bytes)      field
 *  8                 magic: the ASCII text "PARAMLAB"
 *  4                 format version, int32 = 1
 *  8                 length of the whole file in bytes, int64 (a cut-off file is recognised at once)
 *  4                 P = number of parameters, int32
 *  then P times, in the order of model.parameters():
 *    2               L = length of the name in bytes, uint16
 *    L               name, UTF-8 (e.g. "dense1.weights")
 *    1               role: 0 = WEIGHT, 1 = BIAS
 *    4               rows, int32 (>= 1)
 *    4               cols, int32 (>= 1)
 *    4 * rows * cols the values, float32 (IEEE 754), row by row
 *  4                 CRC32 of every byte before it, uint32
 * </pre>
 * So a model with N parameters takes {@code 4 * N} bytes of numbers plus 28 bytes and
 * {@code 11 + name length} bytes per parameter matrix.
 *
 * <h2>Safety</h2>
 * <ul>
 *   <li>{@link #save} writes to a temporary file in the same directory, forces it to disk and then
 *       renames it over the target in one atomic step: a crash or an error mid-save leaves the old
 *       file as it was.</li>
 *   <li>{@link #load} checks the magic, the version, the length (a truncated file is reported as
 *       such) and the CRC32 (an altered byte is detected), then checks that every parameter's name,
 *       role and shape match the model, and only then copies the numbers: a failed load leaves the
 *       model unchanged.</li>
 * </ul>
 */
public final class ModelFile {

    /** The first 8 bytes of every model file. */
    public static final String MAGIC = "PARAMLAB";
    public static final int VERSION = 1;

    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = 24;
    private static final int CHECKSUM_BYTES = 4;

    private ModelFile() { }

    // ---- save ------------------------------------------------------------------------------------

    /** Writes every parameter of {@code model} to {@code file}, replacing it atomically. */
    public static void save(Layer model, Path file) throws IOException {
        save(model, file, out -> out);
    }

    /** {@link #save} with the file's stream wrapped, so tests can make the disk fail mid-write. */
    static void save(Layer model, Path file, UnaryOperator<OutputStream> streamWrapper) throws IOException {
        if (model == null || file == null) {
            throw new IllegalArgumentException("save needs a model and a file, got " + (model == null ? "no model" : "no file"));
        }
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
                write(model.parameters(), out);
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

    private static void write(List<Parameter> parameters, OutputStream out) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        long fileLength = HEADER_BYTES + CHECKSUM_BYTES;
        for (Parameter p : parameters) {
            fileLength += descriptionBytes(p) + 4L * p.count();
        }
        buffer.put(MAGIC_BYTES).putInt(VERSION).putLong(fileLength).putInt(parameters.size());
        for (Parameter p : parameters) {
            byte[] name = p.name().getBytes(StandardCharsets.UTF_8);
            if (name.length > 0xFFFF) {
                throw new IOException("parameter name is too long to save (" + name.length + " bytes): " + p.name());
            }
            ensureRoom(buffer, out, crc, descriptionBytes(p));
            buffer.putShort((short) name.length).put(name)
                    .put((byte) (p.role() == Parameter.Role.WEIGHT ? 0 : 1))
                    .putInt(p.rows()).putInt(p.cols());
            float[] values = p.value().data;
            for (int i = 0; i < p.count(); i++) {
                ensureRoom(buffer, out, crc, 4);
                buffer.putFloat(values[i]);
            }
        }
        drain(buffer, out, crc);
        ByteBuffer trailer = ByteBuffer.allocate(CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putInt((int) crc.getValue());
        out.write(trailer.array());
    }

    /** Bytes that describe one parameter before its values: name length (2), name, role (1), rows (4), cols (4). */
    private static int descriptionBytes(Parameter p) {
        return 2 + p.name().getBytes(StandardCharsets.UTF_8).length + 1 + 4 + 4;
    }

    private static void ensureRoom(ByteBuffer buffer, OutputStream out, CRC32 crc, int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            drain(buffer, out, crc);
        }
    }

    /** Writes the buffered bytes and adds them to the checksum. */
    private static void drain(ByteBuffer buffer, OutputStream out, CRC32 crc) throws IOException {
        crc.update(buffer.array(), 0, buffer.position());
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
    }

    // ---- load ------------------------------------------------------------------------------------

    /**
     * Copies the parameters stored in {@code file} into {@code model}. The file must hold the same
     * parameters in the same order with the same names, roles and shapes; otherwise nothing is
     * changed and the error names the parameter and both shapes.
     */
    public static void load(Layer model, Path file) throws IOException {
        if (model == null || file == null) {
            throw new IllegalArgumentException("load needs a model and a file, got " + (model == null ? "no model" : "no file"));
        }
        List<Parameter> stored = read(file);
        List<Parameter> params = model.parameters();
        if (stored.size() != params.size()) {
            throw new IllegalArgumentException(file + " holds " + stored.size() + " parameters "
                    + describe(stored) + " but the model has " + params.size() + " " + describe(params));
        }
        for (int i = 0; i < params.size(); i++) {
            Parameter want = params.get(i);
            Parameter got = stored.get(i);
            if (!want.name().equals(got.name()) || want.role() != got.role()) {
                throw new IllegalArgumentException("parameter " + i + " of " + file + " is '" + got.name() + "' ("
                        + got.role() + ", " + got.shape() + ") but the model's parameter " + i + " is '" + want.name()
                        + "' (" + want.role() + ", " + want.shape() + ")");
            }
            if (want.rows() != got.rows() || want.cols() != got.cols()) {
                throw new IllegalArgumentException("parameter '" + want.name() + "' has shape " + got.shape() + " in "
                        + file + " but " + want.shape() + " in the model");
            }
        }
        // everything matches: only now change the model
        for (int i = 0; i < params.size(); i++) {
            params.get(i).value().setTo(stored.get(i).value());
        }
    }

    /** The parameters stored in {@code file}, as new {@link Parameter}s (for inspection). */
    public static List<Parameter> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // 1. is it a model file at all?
        if (bytes.length < MAGIC_BYTES.length || !startsWithMagic(bytes)) {
            throw new ModelFileException(file + " is not a ParamLab model file: it does not start with \"" + MAGIC + "\"");
        }
        if (bytes.length < HEADER_BYTES) {
            throw new ModelFileException(file + " is truncated: it has " + bytes.length + " bytes, fewer than the "
                    + HEADER_BYTES + "-byte header");
        }
        in.position(MAGIC_BYTES.length);
        int version = in.getInt();
        if (version != VERSION) {
            throw new ModelFileException(file + " has format version " + version + "; this ParamLab reads version " + VERSION);
        }
        // 2. is it complete? the header says how long the file must be
        long declaredLength = in.getLong();
        if (bytes.length < declaredLength) {
            throw new ModelFileException(file + " is truncated: it has " + bytes.length + " bytes but its header says "
                    + declaredLength + " (" + (declaredLength - bytes.length) + " bytes missing)");
        }
        if (bytes.length > declaredLength) {
            throw new ModelFileException(file + " is damaged: it has " + bytes.length + " bytes but its header says "
                    + declaredLength + " (" + (bytes.length - declaredLength) + " unexpected bytes)");
        }
        // 3. is every byte as written? the CRC32 of everything before the trailer must match it
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - CHECKSUM_BYTES);
        long storedCrc = Integer.toUnsignedLong(
                ByteBuffer.wrap(bytes, bytes.length - CHECKSUM_BYTES, CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN).getInt());
        if (crc.getValue() != storedCrc) {
            throw new ModelFileException(file + " is damaged or was altered: its CRC32 checksum is "
                    + String.format("%08x", storedCrc) + " but its contents give " + String.format("%08x", crc.getValue()));
        }
        // 4. the parameters; with a matching checksum these checks only fail for a file written wrongly
        int count = in.getInt();
        if (count < 0) {
            throw new ModelFileException(file + " is damaged: it claims " + count + " parameters");
        }
        List<Parameter> params = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String what = "parameter " + i + " of " + count;
            need(in, file, 2, what + " (name length)");
            int nameLength = Short.toUnsignedInt(in.getShort());
            need(in, file, nameLength + 9, what + " (name, role and shape)");
            byte[] nameBytes = new byte[nameLength];
            in.get(nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            int role = in.get();
            int rows = in.getInt();
            int cols = in.getInt();
            if (role != 0 && role != 1 || rows < 1 || cols < 1 || name.isBlank()) {
                throw new ModelFileException(file + " is damaged: " + what + " ('" + name + "') has role " + role
                        + " and shape " + rows + "x" + cols);
            }
            need(in, file, 4L * rows * cols, what + " ('" + name + "', " + rows + "x" + cols + " values)");
            Parameter p = new Parameter(name, role == 0 ? Parameter.Role.WEIGHT : Parameter.Role.BIAS, rows, cols);
            FMatrixRMaj value = p.value();
            in.asFloatBuffer().get(value.data, 0, rows * cols);
            in.position(in.position() + 4 * rows * cols);
            params.add(p);
        }
        if (in.remaining() != CHECKSUM_BYTES) {
            throw new ModelFileException(file + " is damaged: " + (in.remaining() - CHECKSUM_BYTES)
                    + " unexpected bytes after the last parameter");
        }
        return params;
    }

    /**
     * Where the bytes of a model file go: the header, each parameter's name/role/shape and its
     * values, and the checksum, with each part's share of the file. Shows that a saved model is
     * almost entirely its parameters.
     */
    public static Table layout(Path file) throws IOException {
        List<Parameter> params = read(file);
        long total = Files.size(file);
        StringColumn part = StringColumn.create("part");
        LongColumn bytes = LongColumn.create("bytes");
        part.append("header: magic, version, length, count");
        bytes.append(HEADER_BYTES);
        for (Parameter p : params) {
            part.append(p.name() + ": name, role, shape");
            bytes.append(descriptionBytes(p));
            part.append(p.name() + ": " + p.count() + " values (" + p.shape() + ", float32)");
            bytes.append(4L * p.count());
        }
        part.append("checksum: CRC32");
        bytes.append(CHECKSUM_BYTES);
        DoubleColumn share = DoubleColumn.create("share");
        for (int i = 0; i < bytes.size(); i++) {
            share.append((double) bytes.getLong(i) / total);
        }
        return Table.create(file.getFileName() + ": " + total + " bytes", part, bytes, share);
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC_BYTES.length; i++) {
            if (bytes[i] != MAGIC_BYTES[i]) {
                return false;
            }
        }
        return true;
    }

    /** Fails unless {@code bytes} more bytes remain before the checksum. */
    private static void need(ByteBuffer in, Path file, long bytes, String what) throws ModelFileException {
        long left = in.remaining() - CHECKSUM_BYTES;
        if (left < bytes) {
            throw new ModelFileException(file + " is damaged: " + what + " needs " + bytes + " more bytes where only "
                    + Math.max(0, left) + " are left");
        }
    }

    private static String describe(List<Parameter> params) {
        List<String> parts = new ArrayList<>();
        for (Parameter p : params) {
            parts.add(p.name() + " " + p.shape());
        }
        return parts.toString();
    }
}
