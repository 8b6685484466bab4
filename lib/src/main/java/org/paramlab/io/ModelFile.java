package org.paramlab.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.paramlab.core.Parameter;
import org.paramlab.layers.Layer;

import tech.tablesaw.api.Table;

/**
 * Saves and loads a model's parameters (the numbers only: the code that builds the model is the
 * architecture). The format is small enough to read with a hex viewer and is described in
 * {@code lib/MODEL_FORMAT.md}.
 *
 * <p>Two versions, both read:
 * <ul>
 *   <li><b>version 1</b>: every parameter as FP32 values, 4 bytes each. {@link #save(Layer, Path)}
 *       writes it, as it always has.</li>
 *   <li><b>version 2</b>: each tensor has a type (FP32, FP16, or integer codes of 2 to 8 bits with
 *       FP16 scales per tensor, output channel or group) and a storage form (dense, or sparse with a
 *       bit mask or a list of positions). {@link #save(List, Path)} writes it when any tensor needs it.</li>
 * </ul>
 *
 * <p>The work is split by job: {@link AtomicFileWriter} writes all or nothing, {@link ModelFileCodec}
 * turns tensors into bytes and back (checking magic, version, length and CRC32), {@link ParameterMatch}
 * checks that a file fits a model before copying, and {@link ModelFileLayout} lists every byte the codec counts.
 */
public final class ModelFile {

    /** The first 8 bytes of every model file. */
    public static final String MAGIC = ModelFileCodec.MAGIC;
    /** The newest format version; {@link #save(Layer, Path)} still writes version 1 for plain FP32 models. */
    public static final int VERSION = 2;

    private ModelFile() { }

    // ---- save ------------------------------------------------------------------------------------

    /** Writes every parameter of {@code model} as FP32 to {@code file} (version 1), replacing it atomically. */
    public static void save(Layer model, Path file) throws IOException {
        save(model, file, out -> out);
    }

    /** {@link #save} with the file's stream wrapped, so tests can make the disk fail mid-write. */
    static void save(Layer model, Path file, UnaryOperator<OutputStream> streamWrapper) throws IOException {
        if (model == null || file == null) {
            throw new IllegalArgumentException("save needs a model and a file, got " + (model == null ? "no model" : "no file"));
        }
        List<StoredTensor> tensors = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            tensors.add(StoredTensor.fp32(p));
        }
        AtomicFileWriter.write(file, out -> ModelFileCodec.write(tensors, out), streamWrapper);
    }

    /**
     * Writes {@code tensors} as they are (types, scales, storage) to {@code file}, replacing it
     * atomically: version 1 if every tensor is dense FP32, version 2 otherwise. The file's size is
     * the compact model's real size.
     */
    public static void save(List<StoredTensor> tensors, Path file) throws IOException {
        if (tensors == null || file == null) {
            throw new IllegalArgumentException("save needs tensors and a file, got " + (tensors == null ? "no tensors" : "no file"));
        }
        List<StoredTensor> copy = List.copyOf(tensors);
        AtomicFileWriter.write(file, out -> ModelFileCodec.write(copy, out), out -> out);
    }

    // ---- bytes -----------------------------------------------------------------------------------

    /**
     * Where {@code tensor}'s bytes go in a version-2 file (as {@link #save(List, Path)} writes it): description,
     * scales, mask or positions, values. The codec alone counts them.
     */
    public static TensorRecord record(StoredTensor tensor) {
        if (tensor == null) {
            throw new IllegalArgumentException("record: no tensor given (null)");
        }
        return ModelFileCodec.record(tensor, 2);
    }

    /**
     * The same values in the storage form that takes the fewest bytes in a file: dense, a bit mask or a list
     * of positions (dense on a tie). A pruned tensor, whose zeros are left out, is smaller as a mask or a list.
     */
    public static StoredTensor smallest(StoredTensor tensor) {
        if (tensor == null) {
            throw new IllegalArgumentException("smallest: no tensor given (null)");
        }
        return ModelFileCodec.smallest(tensor);
    }

    // ---- load ------------------------------------------------------------------------------------

    /**
     * Copies the parameters stored in {@code file} into {@code model}, as FP32 (integer codes are
     * dequantized: {@code w = s · (u − z)}). The file must hold the same parameters in the same order
     * with the same names, roles and shapes; otherwise nothing is changed and the error names the
     * parameter and both shapes.
     */
    public static void load(Layer model, Path file) throws IOException {
        if (model == null || file == null) {
            throw new IllegalArgumentException("load needs a model and a file, got " + (model == null ? "no model" : "no file"));
        }
        ParameterMatch.copyInto(model, read(file), file.toString());
    }

    /** The parameters stored in {@code file}, as new FP32 {@link Parameter}s (for inspection). */
    public static List<Parameter> read(Path file) throws IOException {
        List<Parameter> params = new ArrayList<>();
        for (StoredTensor t : readTensors(file)) {
            params.add(t.toParameter());
        }
        return params;
    }

    /** The tensors stored in {@code file} as they are stored: types, scales, codes, storage. */
    public static List<StoredTensor> readTensors(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("read needs a file, got null");
        }
        return ModelFileCodec.read(Files.readAllBytes(file), file);
    }

    /** The format version of {@code file} (after checking that it is a complete, unaltered model file). */
    public static int version(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ModelFileCodec.read(bytes, file);
        return ModelFileCodec.version(bytes);
    }

    /**
     * Where the bytes of a model file go: the header, each parameter's description, scales, mask or
     * positions, and values, and the checksum, with each part's share of the file. Shows that a
     * saved model is almost entirely its parameters, and what a compact model pays for its scales.
     */
    public static Table layout(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<StoredTensor> tensors = ModelFileCodec.read(bytes, file);
        return ModelFileLayout.of(file.getFileName().toString(), tensors, ModelFileCodec.version(bytes), bytes.length);
    }
}
