package org.paramlab.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paramlab.core.Language;
import org.paramlab.core.Parameter;
import org.paramlab.io.ModelFile;
import org.paramlab.io.StoredTensor;
import org.paramlab.layers.Dense;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;

/**
 * Compressed models saved by the code of main at 1593246 (before issue 20's stored-tensor reshape), one file per
 * recipe: FP32, FP16, INT8, INT4, INT3 and INT2, per tensor, per output channel and in groups (some short),
 * symmetric and asymmetric, and a pruned model (kept in a mask or a list of positions). They were written by
 * {@code compressed-models.jsh} beside them. For each file:
 * <ul>
 *   <li>today's reader gives every value the committed {@code NAME.txt} lists, bit for bit, and saving what it read
 *       gives the same bytes;</li>
 *   <li>loading it into a model gives those values too;</li>
 *   <li>the same recipe, run today on the same seeded model, saves the same bytes and prints the same error table
 *       ({@code NAME.errors.txt}, in English and in Chinese).</li>
 * </ul>
 */
class CompressedModelFilesTest {

    @TempDir
    Path dir;

    @AfterEach
    void english() {
        Language.use("en");
    }

    /** The fixtures' model: 20 inputs, so groups of 8 leave a short third group in each column. */
    static Sequential model(boolean pruned) {
        Sequential m = new Sequential(new Dense("hidden", 20, 12, 7), new ReLU(), new Dense("output", 12, 3, 8));
        if (pruned) {
            Pruning.magnitude(m, 0.7, Pruning.Scope.GLOBAL);
        }
        return m;
    }

    /** The recipe each fixture is named after (the same as compressed-models.jsh). */
    static QuantizedModel recipe(String name) {
        return switch (name) {
            case "fp32" -> QuantizedModel.fp32(model(false));
            case "fp16" -> QuantizedModel.fp16(model(false));
            case "int8-tensor" -> Quantizer.int8().quantize(model(false));
            case "int8-channel" -> Quantizer.int8().perChannel().quantize(model(false));
            case "int4-g8" -> Quantizer.int4().groupsOf(8).quantize(model(false));
            case "int4-g4-asym" -> Quantizer.int4().groupsOf(4).asymmetric().quantize(model(false));
            case "int3-channel-asym" -> Quantizer.bits(3).perChannel().asymmetric().quantize(model(false));
            case "int2-tensor" -> Quantizer.bits(2).quantize(model(false));
            case "int2-g8-asym" -> Quantizer.bits(2).groupsOf(8).asymmetric().quantize(model(false));
            case "pruned-fp32" -> QuantizedModel.fp32(model(true));
            case "pruned-fp16" -> QuantizedModel.fp16(model(true));
            case "pruned-int4-channel" -> Quantizer.int4().perChannel().quantize(model(true));
            case "pruned-int8-g4" -> Quantizer.int8().groupsOf(4).quantize(model(true));
            default -> throw new IllegalArgumentException("no recipe named " + name);
        };
    }

    byte[] resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource org/paramlab/compress/" + name);
            }
            return in.readAllBytes();
        }
    }

    /** Name, shape, label, then each value's float bits in hex: one line per tensor. */
    static String line(String name, int rows, int cols, String label, float[] values) {
        StringBuilder s = new StringBuilder(name + " " + rows + "x" + cols + " " + label.replace(' ', '_'));
        for (float v : values) {
            s.append(' ').append(String.format("%08x", Float.floatToRawIntBits(v)));
        }
        return s.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fp32", "fp16", "int8-tensor", "int8-channel", "int4-g8", "int4-g4-asym", "int3-channel-asym",
        "int2-tensor", "int2-g8-asym", "pruned-fp32", "pruned-fp16", "pruned-int4-channel", "pruned-int8-g4"})
    void aFileWrittenBeforeTheReshapeReadsBitForBitAndSavesByteForByte(String name) throws IOException {
        byte[] bytes = resource(name + ".plm");
        Path file = dir.resolve(name + ".plm");
        Files.write(file, bytes);
        List<String> expected = new String(resource(name + ".txt"), StandardCharsets.UTF_8).lines().toList();

        List<StoredTensor> tensors = ModelFile.readTensors(file);
        assertEquals(expected.size(), tensors.size(), name + ": tensors in the file");
        for (int i = 0; i < tensors.size(); i++) {
            StoredTensor t = tensors.get(i);
            assertEquals(expected.get(i), line(t.name(), t.rows(), t.cols(), t.label(), t.dequantize()), name + ": " + t.name());
        }
        Path again = dir.resolve("again.plm");
        ModelFile.save(tensors, again);
        assertArrayEquals(bytes, Files.readAllBytes(again), name + ": what was read saves to the same bytes");

        Sequential loaded = model(false);
        ModelFile.load(loaded, file);
        for (int i = 0; i < tensors.size(); i++) {
            Parameter p = loaded.parameters().get(i);
            String label = expected.get(i).split(" ")[2].replace('_', ' ');
            assertEquals(expected.get(i), line(p.name(), p.rows(), p.cols(), label, java.util.Arrays.copyOf(p.value().data, p.count())), name + ": loaded " + p.name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fp32", "fp16", "int8-tensor", "int8-channel", "int4-g8", "int4-g4-asym", "int3-channel-asym",
        "int2-tensor", "int2-g8-asym", "pruned-fp32", "pruned-fp16", "pruned-int4-channel", "pruned-int8-g4"})
    void theSameRecipeTodaySavesTheSameBytesAndPrintsTheSameErrors(String name) throws IOException {
        QuantizedModel q = recipe(name);
        Path file = dir.resolve(name + ".plm");
        q.save(file);
        assertArrayEquals(resource(name + ".plm"), Files.readAllBytes(file), name + ": today's bytes");
        Language.use("en");
        String en = q.errors().printAll();
        Language.use("zh");
        String zh = q.errors().printAll();
        assertEquals(new String(resource(name + ".errors.txt"), StandardCharsets.UTF_8), en + "\n" + zh + "\n", name + ": errors()");
    }
}
