package org.paramlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.stream.Stream;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paramlab.core.Parameter;
import org.paramlab.layers.Dense;
import org.paramlab.layers.Layer;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;

import tech.tablesaw.api.Table;

class ModelFileTest {

    @TempDir
    Path dir;

    static Sequential model(long seed) {
        return new Sequential(new Dense("hidden", 3, 4, seed), new ReLU(), new Dense("output", 4, 2, seed + 1));
    }

    /** Every float of every parameter, as raw bits (so -0.0 and NaN payloads count too). */
    static int[] bits(Layer model) {
        return model.parameters().stream()
                .flatMap(p -> {
                    float[] v = p.value().data;
                    return java.util.stream.IntStream.range(0, p.count()).mapToObj(i -> Float.floatToRawIntBits(v[i]));
                })
                .mapToInt(Integer::intValue).toArray();
    }

    @Test
    void saveThenLoadIsBitExact() throws IOException {
        Sequential saved = model(1);
        // awkward values must survive too
        FMatrixRMaj bias = ((Dense) saved.get(0)).bias().value();
        bias.set(0, 0, -0.0f);
        bias.set(0, 1, Float.MIN_VALUE);
        bias.set(0, 2, Float.MAX_VALUE);
        bias.set(0, 3, 1f / 3f);
        Path file = dir.resolve("model.plm");
        ModelFile.save(saved, file);

        Sequential loaded = model(2);
        assertTrue(bits(saved)[0] != bits(loaded)[0], "a different model before loading");
        ModelFile.load(loaded, file);
        assertArrayEquals(bits(saved), bits(loaded));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void fileLayoutIsTheDocumentedOne() throws IOException {
        Sequential model = model(1);
        Path file = dir.resolve("model.plm");
        ModelFile.save(model, file);
        byte[] bytes = Files.readAllBytes(file);
        // header 24 + per parameter (2 + name + 1 + 4 + 4 + 4 * count) + checksum 4
        long expected = 24 + 4;
        for (Parameter p : model.parameters()) {
            expected += 2 + p.name().getBytes(StandardCharsets.UTF_8).length + 9 + 4L * p.count();
        }
        assertEquals(expected, bytes.length);

        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        in.get(magic);
        assertEquals("PARAMLAB", new String(magic, StandardCharsets.US_ASCII));
        assertEquals(1, in.getInt(), "version");
        assertEquals(expected, in.getLong(), "file length");
        assertEquals(4, in.getInt(), "parameter count");
        byte[] name = new byte[in.getShort()];
        in.get(name);
        assertEquals("hidden.weights", new String(name, StandardCharsets.UTF_8));
        assertEquals(0, in.get(), "role WEIGHT");
        assertEquals(3, in.getInt(), "rows");
        assertEquals(4, in.getInt(), "cols");
        assertEquals(((Dense) model.get(0)).weights().value().get(0, 0), in.getFloat(), "first value, little-endian");

        List<Parameter> read = ModelFile.read(file);
        assertEquals(List.of("hidden.weights", "hidden.bias", "output.weights", "output.bias"),
                read.stream().map(Parameter::name).toList());
        assertEquals(Parameter.Role.BIAS, read.get(1).role());
        assertEquals("4x2", read.get(2).shape());
    }

    @Test
    void layoutShowsAFileIsMostlyParameters() throws IOException {
        Sequential model = new Sequential(new Dense("hidden", 784, 512, 1), new ReLU(), new Dense("output", 512, 10, 2));
        Path file = dir.resolve("mlp.plm");
        ModelFile.save(model, file);
        Table layout = ModelFile.layout(file);
        assertEquals(List.of("part", "bytes", "share"), layout.columnNames());
        // only the file name, never the (temporary) folder: notebook outputs must match between runs
        assertEquals("mlp.plm: " + Files.size(file) + " bytes", layout.name());
        assertEquals(10, layout.rowCount(), "header, 2 rows per parameter, checksum");
        assertEquals(Files.size(file), (long) layout.longColumn("bytes").sum());
        assertEquals("hidden.weights: 401408 values (784x512, float32)", layout.stringColumn("part").get(2));
        assertEquals(4L * 784 * 512, layout.longColumn("bytes").get(2));
        double valueShare = 0;
        for (int i = 2; i < 9; i += 2) {
            valueShare += layout.doubleColumn("share").get(i);
        }
        assertEquals(4.0 * 407_050 / Files.size(file), valueShare, 1e-12);
        assertTrue(valueShare > 0.999, "parameters are " + valueShare + " of the file");
    }

    @Test
    void everyTruncationIsRejected() throws IOException {
        Path file = dir.resolve("model.plm");
        ModelFile.save(model(1), file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.plm");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(cut, java.util.Arrays.copyOf(bytes, length));
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(model(2), cut),
                    "length " + length);
            String message = e.getMessage();
            if (length < 8) {
                assertTrue(message.endsWith("is not a ParamLab model file: it does not start with \"PARAMLAB\""), message);
            } else if (length < 24) {
                assertTrue(message.endsWith("is truncated: it has " + length + " bytes, fewer than the 24-byte header"), message);
            } else {
                assertTrue(message.endsWith("is truncated: it has " + length + " bytes but its header says " + bytes.length
                        + " (" + (bytes.length - length) + " bytes missing)"), message);
            }
        }
        Files.write(cut, java.util.Arrays.copyOf(bytes, 100));
        assertEquals(cut + " is truncated: it has 100 bytes but its header says " + bytes.length + " ("
                        + (bytes.length - 100) + " bytes missing)",
                assertThrows(ModelFileException.class, () -> ModelFile.read(cut)).getMessage());
    }

    @Test
    void alteredByteIsCaughtByTheChecksum() throws IOException {
        Path file = dir.resolve("model.plm");
        ModelFile.save(model(1), file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[60] ^= 0x01;      // one bit of a weight
        Files.write(file, bytes);
        Sequential target = model(2);
        int[] before = bits(target);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(target, file));
        assertTrue(e.getMessage().matches(".*model\\.plm is damaged or was altered: its CRC32 checksum is [0-9a-f]{8} "
                + "but its contents give [0-9a-f]{8}"), e.getMessage());
        assertArrayEquals(before, bits(target), "a failed load leaves the model unchanged");

        // extra bytes appended
        ModelFile.save(model(1), file);
        Files.write(file, new byte[] {1, 2}, java.nio.file.StandardOpenOption.APPEND);
        long size = Files.size(file) - 2;
        assertEquals(file + " is damaged: it has " + (size + 2) + " bytes but its header says " + size + " (2 unexpected bytes)",
                assertThrows(ModelFileException.class, () -> ModelFile.read(file)).getMessage());

        // every single-bit change anywhere after the header fields is caught by the checksum
        ModelFile.save(model(1), file);
        byte[] good = Files.readAllBytes(file);
        for (int i = 20; i < good.length; i++) {
            byte[] altered = good.clone();
            altered[i] ^= 0x10;
            Files.write(file, altered);
            String message = assertThrows(ModelFileException.class, () -> ModelFile.read(file), "byte " + i).getMessage();
            assertTrue(message.contains("is damaged or was altered: its CRC32 checksum is"), "byte " + i + ": " + message);
        }
    }

    @Test
    void wrongMagicAndVersionAreNamed() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello, this is not a model at all");
        assertEquals(file + " is not a ParamLab model file: it does not start with \"PARAMLAB\"",
                assertThrows(ModelFileException.class, () -> ModelFile.read(file)).getMessage());

        Path model = dir.resolve("model.plm");
        ModelFile.save(model(1), model);
        byte[] bytes = Files.readAllBytes(model);
        bytes[8] = 9;
        Files.write(model, bytes);
        assertEquals(model + " has format version 9; this ParamLab reads versions 1 and 2",
                assertThrows(ModelFileException.class, () -> ModelFile.read(model)).getMessage());
    }

    @Test
    void loadingIntoAnotherShapeNamesTheParameterAndBothShapes() throws IOException {
        Path file = dir.resolve("model.plm");
        ModelFile.save(model(1), file);

        Sequential wider = new Sequential(new Dense("hidden", 3, 8, 1), new ReLU(), new Dense("output", 8, 2, 2));
        int[] before = bits(wider);
        assertEquals("parameter 'hidden.weights' has shape 3x4 in " + file + " but 3x8 in the model",
                assertThrows(IllegalArgumentException.class, () -> ModelFile.load(wider, file)).getMessage());
        assertArrayEquals(before, bits(wider), "nothing loaded");

        Dense single = new Dense("hidden", 3, 4, 1);
        assertEquals(file + " holds 4 parameters [hidden.weights 3x4, hidden.bias 1x4, output.weights 4x2, output.bias 1x2]"
                        + " but the model has 2 [hidden.weights 3x4, hidden.bias 1x4]",
                assertThrows(IllegalArgumentException.class, () -> ModelFile.load(single, file)).getMessage());

        Sequential renamed = new Sequential(new Dense("first", 3, 4, 1), new ReLU(), new Dense("output", 4, 2, 2));
        assertEquals("parameter 0 of " + file + " is 'hidden.weights' (WEIGHT, 3x4) but the model's parameter 0 is "
                        + "'first.weights' (WEIGHT, 3x4)",
                assertThrows(IllegalArgumentException.class, () -> ModelFile.load(renamed, file)).getMessage());
    }

    /** A model whose second parameter cannot be read: saving it fails with an error from the model itself. */
    private static Layer brokenModel() {
        Dense good = new Dense("hidden", 3, 4, 1);
        return new Layer() {
            @Override
            public String name() { return "broken"; }

            @Override
            public FMatrixRMaj forward(FMatrixRMaj input) { return input; }

            @Override
            public FMatrixRMaj backward(FMatrixRMaj outputGradient) { return outputGradient; }

            @Override
            public List<Parameter> parameters() {
                return new AbstractList<>() {
                    @Override
                    public Parameter get(int index) {
                        if (index == 1) {
                            throw new IllegalStateException("disk full (simulated) while writing parameter 1");
                        }
                        return good.weights();
                    }

                    @Override
                    public int size() { return 2; }
                };
            }

            @Override
            public void setTraining(boolean training) { }

            @Override
            public boolean isTraining() { return false; }
        };
    }

    @Test
    void failingModelLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("model.plm");
        Sequential original = model(1);
        ModelFile.save(original, file);
        byte[] before = Files.readAllBytes(file);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelFile.save(brokenModel(), file));
        assertEquals("disk full (simulated) while writing parameter 1", e.getMessage());

        assertArrayEquals(before, Files.readAllBytes(file), "the old file is untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "the half-written temporary file was removed");
        }
        Sequential check = model(5);
        ModelFile.load(check, file);
        assertArrayEquals(bits(original), bits(check), "and it still loads");
    }

    /** A stream that accepts {@code limit} bytes and then fails, like a disk that fills up. */
    private static final class FillingDisk extends FilterOutputStream {
        private final int limit;
        int written;

        FillingDisk(OutputStream out, int limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int fits = Math.min(len, limit - written);
            out.write(b, off, fits);
            written += fits;
            if (fits < len) {
                throw new IOException("No space left on device (simulated after " + written + " bytes)");
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    @Test
    void diskFullMidSaveLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("model.plm");
        Sequential original = new Sequential(new Dense("hidden", 100, 300, 1), new ReLU(), new Dense("output", 300, 2, 2));
        ModelFile.save(original, file);
        byte[] before = Files.readAllBytes(file);

        Sequential retrained = new Sequential(new Dense("hidden", 100, 300, 7), new ReLU(), new Dense("output", 300, 2, 8));
        FillingDisk[] disk = new FillingDisk[1];
        IOException e = assertThrows(IOException.class, () -> ModelFile.save(retrained, file,
                out -> disk[0] = new FillingDisk(out, 70_000)));
        assertEquals("No space left on device (simulated after 70000 bytes)", e.getMessage());
        assertEquals(70_000, disk[0].written, "the new model was half written when the disk filled up");

        assertArrayEquals(before, Files.readAllBytes(file), "the old file is untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "the half-written temporary file was removed");
        }
        Sequential check = new Sequential(new Dense("hidden", 100, 300, 3), new ReLU(), new Dense("output", 300, 2, 4));
        ModelFile.load(check, file);
        assertArrayEquals(bits(original), bits(check), "the old model still loads");
    }

    @Test
    void savingOverADirectoryIsRefused() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("models"));
        IOException e = assertThrows(IOException.class, () -> ModelFile.save(model(1), sub));
        assertEquals("cannot save the model to " + sub.toAbsolutePath() + ": it is a directory", e.getMessage());
    }

    @Test
    void saveCreatesMissingFolders() throws IOException {
        Path file = dir.resolve("runs/today/model.plm");
        ModelFile.save(model(1), file);
        assertTrue(Files.isRegularFile(file));
    }
}
