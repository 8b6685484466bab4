package org.paramlab.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import org.paramlab.core.Parameter;
import org.paramlab.core.ScaleGroups;

/**
 * The bytes of a model file, both ways: header, one record per tensor, CRC32 trailer. Version 1
 * holds FP32 values only; version 2 gives each tensor a type, a storage form and, for integer
 * codes, scales and zero points (see {@code lib/MODEL_FORMAT.md}). All numbers little-endian.
 */
final class ModelFileCodec {

    static final String MAGIC = "PARAMLAB";
    static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = 24;
    static final int CHECKSUM_BYTES = 4;

    private ModelFileCodec() { }

    /** The version a list of tensors needs: 1 when every tensor is dense FP32 (readable by every ParamLab), else 2. */
    static int versionFor(List<StoredTensor> tensors) {
        for (StoredTensor t : tensors) {
            if (t.type() != StoredTensor.Type.FP32 || t.storage() != StoredTensor.Storage.DENSE) {
                return 2;
            }
        }
        return 1;
    }

    /**
     * The bytes of one tensor's record in a file of {@code version}, part by part: the one place that knows
     * the layout's sizes ({@link #encode} checks that it writes exactly these). Version 1: name length (2),
     * name, role (1), rows and cols (4 + 4), then FP32 values. Version 2 adds type and storage (1 + 1); for
     * integer codes bits, scheme, grouping, group size (7), an FP16 scale (2) per group and, if asymmetric, a
     * zero point (1) per group; a mask of 1 bit per position or a count (4) and a uint16 or int32 per kept
     * position; then the values: 4 bytes (FP32), 2 (FP16) or {@code bits/8} packed (INT) each.
     */
    static TensorRecord record(StoredTensor t, int version) {
        long name = t.name().getBytes(StandardCharsets.UTF_8).length;
        if (version == 1) {
            return new TensorRecord(11 + name, 0, 0, 4L * t.count());
        }
        long scales = t.type() != StoredTensor.Type.INT ? 0 : 7 + 2L * t.groups() + (t.symmetric() ? 0 : t.groups());
        long positions = switch (t.storage()) {
            case DENSE -> 0;
            case MASK -> (t.count() + 7L) / 8;
            case INDEX -> 4 + (long) indexWidth(t.count()) * t.storedValues();
        };
        long values = switch (t.type()) {
            case FP32 -> 4L * t.storedValues();
            case FP16 -> 2L * t.storedValues();
            case INT -> BitPacking.bytes(t.storedValues(), t.bits());
        };
        return new TensorRecord(13 + name, scales, positions, values);
    }

    /** Bytes of one position in an INDEX list of a matrix of {@code count} values: 2 (uint16) when every position fits, else 4. */
    static int indexWidth(int count) {
        return count <= 65_536 ? 2 : 4;
    }

    static long recordBytes(StoredTensor t, int version) {
        return record(t, version).total();
    }

    /**
     * Of DENSE, MASK and INDEX, the form whose version-2 record takes the fewest bytes (DENSE on a tie). MASK
     * and INDEX keep the same positions and values and differ only in how the positions are written, so the
     * values are read out once for DENSE and once for the sparse forms.
     */
    static StoredTensor smallest(StoredTensor t) {
        StoredTensor best = t.stored(StoredTensor.Storage.DENSE);
        StoredTensor mask = t.stored(StoredTensor.Storage.MASK);
        for (StoredTensor candidate : new StoredTensor[] {mask, mask.positionsWrittenAs(StoredTensor.Storage.INDEX)}) {
            if (recordBytes(candidate, 2) < recordBytes(best, 2)) {
                best = candidate;
            }
        }
        return best;
    }

    static long fileBytes(List<StoredTensor> tensors, int version) {
        long length = HEADER_BYTES + CHECKSUM_BYTES;
        for (StoredTensor t : tensors) {
            length += recordBytes(t, version);
        }
        return length;
    }

    // ---- writing ---------------------------------------------------------------------------------

    static void write(List<StoredTensor> tensors, OutputStream out) throws IOException {
        int version = versionFor(tensors);
        CRC32 crc = new CRC32();
        ByteBuffer header = little(HEADER_BYTES);
        header.put(MAGIC_BYTES).putInt(version).putLong(fileBytes(tensors, version)).putInt(tensors.size());
        emit(header, out, crc);
        for (StoredTensor t : tensors) {
            emit(encode(t, version), out, crc);
        }
        ByteBuffer trailer = little(CHECKSUM_BYTES).putInt((int) crc.getValue());
        out.write(trailer.array());
    }

    private static void emit(ByteBuffer buffer, OutputStream out, CRC32 crc) throws IOException {
        crc.update(buffer.array(), 0, buffer.position());
        out.write(buffer.array(), 0, buffer.position());
    }

    private static ByteBuffer encode(StoredTensor t, int version) throws IOException {
        byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
        if (name.length > 0xFFFF) {
            throw new IOException("parameter name is too long to save (" + name.length + " bytes): " + t.name());
        }
        long size = recordBytes(t, version);
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException(t.name() + " is too large for one record (" + size + " bytes)");
        }
        ByteBuffer b = little((int) size);
        b.putShort((short) name.length).put(name)
                .put((byte) (t.role() == Parameter.Role.WEIGHT ? 0 : 1))
                .putInt(t.rows()).putInt(t.cols());
        if (version == 1) {
            b.asFloatBuffer().put(t.floatsArray(), 0, t.count());
            b.position(b.position() + 4 * t.count());
            return full(b, t);
        }
        b.put((byte) t.type().ordinal()).put((byte) t.storage().ordinal());
        if (t.type() == StoredTensor.Type.INT) {
            b.put((byte) t.bits()).put((byte) (t.symmetric() ? 0 : 1)).put((byte) t.grouping().kind().ordinal()).putInt(t.groupSize());
            for (float s : t.scalesArray()) {
                b.putShort(Half.fromFloat(s));
            }
            if (!t.symmetric()) {
                for (int z : t.zeroPointsArray()) {
                    b.put((byte) z);
                }
            }
        }
        int[] positions = t.positionsArray();
        if (t.storage() == StoredTensor.Storage.MASK) {
            byte[] mask = new byte[(t.count() + 7) / 8];
            for (int i : positions) {
                mask[i >>> 3] |= (byte) (1 << (i & 7));      // bit i%8 of byte i/8: position i is kept
            }
            b.put(mask);
        } else if (t.storage() == StoredTensor.Storage.INDEX) {
            b.putInt(positions.length);
            for (int i : positions) {
                if (indexWidth(t.count()) == 2) {
                    b.putShort((short) i);
                } else {
                    b.putInt(i);
                }
            }
        }
        switch (t.type()) {
            case FP32 -> {
                for (float v : t.floatsArray()) {
                    b.putFloat(v);
                }
            }
            case FP16 -> {
                for (float v : t.floatsArray()) {
                    b.putShort(Half.fromFloat(v));
                }
            }
            case INT -> b.put(BitPacking.pack(t.codesArray(), t.bits()));
        }
        return full(b, t);
    }

    /** The record as written, after checking that it filled exactly the bytes {@link #record} counted. */
    private static ByteBuffer full(ByteBuffer b, StoredTensor t) {
        if (b.position() != b.capacity()) {
            throw new IllegalStateException(t.name() + ": the codec wrote " + b.position() + " bytes where its layout counts "
                    + b.capacity());
        }
        return b;
    }

    private static ByteBuffer little(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---- reading ---------------------------------------------------------------------------------

    /** The version in a file's header (after the checks of {@link #read}). */
    static int version(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /**
     * The tensors in a file's bytes. In this order: magic, header, version, length, CRC32, then
     * every record; a failed check names {@code file} and what is wrong.
     */
    static List<StoredTensor> read(byte[] bytes, Path file) throws ModelFileException {
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
        if (version != 1 && version != 2) {
            throw new ModelFileException(file + " has format version " + version + "; this ParamLab reads versions 1 and 2");
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
        // 4. the records; with a matching checksum these checks only fail for a file written wrongly
        int count = in.getInt();
        if (count < 0) {
            throw new ModelFileException(file + " is damaged: it claims " + count + " parameters");
        }
        List<StoredTensor> tensors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tensors.add(readRecord(in, file, version, "parameter " + i + " of " + count));
        }
        if (in.remaining() != CHECKSUM_BYTES) {
            throw new ModelFileException(file + " is damaged: " + (in.remaining() - CHECKSUM_BYTES)
                    + " unexpected bytes after the last parameter");
        }
        return tensors;
    }

    private static StoredTensor readRecord(ByteBuffer in, Path file, int version, String what) throws ModelFileException {
        need(in, file, 2, what + " (name length)");
        int nameLength = Short.toUnsignedInt(in.getShort());
        need(in, file, nameLength + 9, what + " (name, role and shape)");
        byte[] nameBytes = new byte[nameLength];
        in.get(nameBytes);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        int role = in.get();
        int rows = in.getInt();
        int cols = in.getInt();
        if (role != 0 && role != 1 || rows < 1 || cols < 1 || name.isBlank() || (long) rows * cols > Integer.MAX_VALUE) {
            throw damaged(file, what + " ('" + name + "') has role " + role + " and shape " + rows + "x" + cols);
        }
        Parameter.Role r = role == 0 ? Parameter.Role.WEIGHT : Parameter.Role.BIAS;
        int n = rows * cols;
        what += " ('" + name + "', " + rows + "x" + cols + ")";
        if (version == 1) {
            return StoredTensor.decoded(name, r, rows, cols, StoredTensor.Type.FP32, 32, true, ScaleGroups.perTensor(),
                    null, null, StoredTensor.Storage.DENSE, null, floats(in, file, n, what), null);
        }
        need(in, file, 2, what + " (type and storage)");
        int typeCode = in.get();
        int storageCode = in.get();
        if (typeCode < 0 || typeCode > 2 || storageCode < 0 || storageCode > 2) {
            throw damaged(file, what + " has type " + typeCode + " and storage " + storageCode
                    + " (known: type 0 FP32, 1 FP16, 2 INT; storage 0 dense, 1 mask, 2 index)");
        }
        StoredTensor.Type type = StoredTensor.Type.values()[typeCode];
        StoredTensor.Storage storage = StoredTensor.Storage.values()[storageCode];
        int bits = type == StoredTensor.Type.FP32 ? 32 : 16;
        boolean symmetric = true;
        ScaleGroups groups = ScaleGroups.perTensor();
        float[] scales = null;
        int[] zeros = null;
        if (type == StoredTensor.Type.INT) {
            need(in, file, 7, what + " (bits, scheme, grouping, group size)");
            bits = in.get();
            int scheme = in.get();
            int groupingCode = in.get();
            int groupSize = in.getInt();
            if (bits < 2 || bits > 8 || scheme < 0 || scheme > 1 || groupingCode < 0 || groupingCode > 2) {
                throw damaged(file, what + " has " + bits + "-bit codes, scheme " + scheme + ", grouping " + groupingCode
                        + " (known: 2 to 8 bits, scheme 0/1, grouping 0/1/2)");
            }
            symmetric = scheme == 0;
            ScaleGroups.Kind kind = ScaleGroups.Kind.values()[groupingCode];
            if (kind == ScaleGroups.Kind.ROWS && groupSize < 1) {
                throw damaged(file, name + ": a group holds at least 1 row, got a group size of " + groupSize
                        + " for this " + rows + "x" + cols + " matrix");
            }
            groups = switch (kind) {
                case TENSOR -> ScaleGroups.perTensor();
                case CHANNEL -> ScaleGroups.perChannel();
                case ROWS -> ScaleGroups.ofRows(groupSize);
            };
            if (groups.size(rows, cols) != groupSize) {
                throw damaged(file, what + " has group size " + groupSize + " but " + kind + " grouping means "
                        + groups.size(rows, cols));
            }
            int count = groups.count(rows, cols);
            need(in, file, 2L * count + (symmetric ? 0 : count), what + " (" + count + " scales"
                    + (symmetric ? ")" : " and zero points)"));
            scales = new float[count];
            for (int g = 0; g < count; g++) {
                scales[g] = Half.toFloat(in.getShort());
                if (!(scales[g] >= 0) || Float.isInfinite(scales[g])) {
                    throw damaged(file, what + " has scale " + scales[g] + " for group " + g);
                }
            }
            zeros = new int[count];
            for (int g = 0; g < count; g++) {
                zeros[g] = symmetric ? 1 << (bits - 1) : in.get() & 0xFF;
                if (zeros[g] > (1 << bits) - 1) {
                    throw damaged(file, what + " has zero point " + zeros[g] + " for " + bits + "-bit codes");
                }
            }
        }
        int[] positions = null;
        if (storage == StoredTensor.Storage.MASK) {
            need(in, file, (n + 7L) / 8, what + " (mask)");
            int[] tmp = new int[n];
            int kept = 0;
            byte[] mask = new byte[(n + 7) / 8];
            in.get(mask);
            for (int i = 0; i < n; i++) {
                if ((mask[i >>> 3] >>> (i & 7) & 1) != 0) {
                    tmp[kept++] = i;
                }
            }
            positions = java.util.Arrays.copyOf(tmp, kept);
        } else if (storage == StoredTensor.Storage.INDEX) {
            need(in, file, 4, what + " (index count)");
            int kept = in.getInt();
            int width = indexWidth(n);
            if (kept < 0 || kept > n) {
                throw damaged(file, what + " claims " + kept + " kept positions of " + n);
            }
            need(in, file, (long) width * kept, what + " (" + kept + " positions)");
            positions = new int[kept];
            for (int k = 0; k < kept; k++) {
                positions[k] = width == 2 ? Short.toUnsignedInt(in.getShort()) : in.getInt();
                if (positions[k] >= n || k > 0 && positions[k] <= positions[k - 1]) {
                    throw damaged(file, what + " has position " + positions[k] + " at " + k
                            + "; positions must rise and stay below " + n);
                }
            }
        }
        int stored = positions == null ? n : positions.length;
        float[] values = null;
        int[] codes = null;
        switch (type) {
            case FP32 -> values = floats(in, file, stored, what);
            case FP16 -> {
                need(in, file, 2L * stored, what + " (" + stored + " FP16 values)");
                values = new float[stored];
                for (int k = 0; k < stored; k++) {
                    values[k] = Half.toFloat(in.getShort());
                }
            }
            case INT -> {
                long packed = BitPacking.bytes(stored, bits);
                need(in, file, packed, what + " (" + stored + " " + bits + "-bit codes)");
                byte[] b = new byte[(int) packed];
                in.get(b);
                codes = BitPacking.unpack(b, stored, bits);
            }
        }
        return StoredTensor.decoded(name, r, rows, cols, type, bits, symmetric, groups, scales, zeros,
                storage, positions, values, codes);
    }

    private static float[] floats(ByteBuffer in, Path file, int count, String what) throws ModelFileException {
        need(in, file, 4L * count, what + " (" + count + " float32 values)");
        float[] values = new float[count];
        in.asFloatBuffer().get(values);
        in.position(in.position() + 4 * count);
        return values;
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC_BYTES.length; i++) {
            if (bytes[i] != MAGIC_BYTES[i]) {
                return false;
            }
        }
        return true;
    }

    private static ModelFileException damaged(Path file, String what) {
        return new ModelFileException(file + " is damaged: " + what);
    }

    /** Fails unless {@code bytes} more bytes remain before the checksum. */
    private static void need(ByteBuffer in, Path file, long bytes, String what) throws ModelFileException {
        long left = in.remaining() - CHECKSUM_BYTES;
        if (left < bytes) {
            throw damaged(file, what + " needs " + bytes + " more bytes where only " + Math.max(0, left) + " are left");
        }
    }
}
