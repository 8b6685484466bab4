package org.paramlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paramlab.core.Parameter;
import org.paramlab.core.ScaleGroups;
import org.paramlab.layers.Dense;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;

import tech.tablesaw.api.Table;

/** Version 2 files: typed tensors (FP16, integer codes with scales), sparse storage, and version 1 files still loading. */
class TypedTensorFileTest {

    @TempDir
    Path dir;

    static Sequential model(long seed) {
        return new Sequential(new Dense("hidden", 3, 4, seed), new ReLU(), new Dense("output", 4, 2, seed + 1));
    }

    /** A committed test resource, copied into the temporary folder. */
    Path fixture(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    /** A file written by the version-1 code (commit 72b13ee) loads, bit for bit, and is reported as version 1. */
    @Test
    void aFileWrittenByTheOldCodeStillLoads() throws IOException {
        Path file = fixture("v1-model.plm");
        String expected = Files.readString(fixture("v1-model.txt"));
        assertEquals(1, ModelFile.version(file));
        Sequential loaded = model(99);
        ModelFile.load(loaded, file);
        List<String> lines = new ArrayList<>(expected.lines().filter(l -> !l.startsWith("#")).toList());
        assertEquals(4, lines.size());
        for (int i = 0; i < 4; i++) {
            Parameter p = loaded.parameters().get(i);
            StringBuilder line = new StringBuilder(p.name() + " " + p.shape());
            for (int k = 0; k < p.count(); k++) {
                line.append(' ').append(String.format("%08x", Float.floatToRawIntBits(p.value().data[k])));
            }
            assertEquals(lines.get(i), line.toString());
        }
        // and the same model saved today gives the identical bytes: FP32 models are still written as version 1
        Path again = dir.resolve("again.plm");
        ModelFile.save(loaded, again);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
    }

    /**
     * A version-2 file committed with the code (every type and storage form) still reads to the committed
     * values, and saving what was read gives the same bytes: the format does not drift. The Python reader
     * of MODEL_FORMAT.md is checked on the same file by tests/test_model_format.py.
     */
    @Test
    void theCommittedVersionTwoFileReadsToItsValuesAndSavesToTheSameBytes() throws IOException {
        assertEquals(2, ModelFile.version(fixture("v2-typed.plm")));
        readsToItsValuesAndSavesToTheSameBytes("v2-typed");
    }

    /**
     * A file with short groups (groups of 32 over 33, 7, 70, 1 and 40 rows, one of them stored with a mask)
     * reads to its committed values and saves to the same bytes. tests/test_model_format.py checks the
     * Python reader of MODEL_FORMAT.md on the same file.
     */
    @Test
    void theCommittedShortGroupFileReadsToItsValuesAndSavesToTheSameBytes() throws IOException {
        List<StoredTensor> tensors = readsToItsValuesAndSavesToTheSameBytes("short-groups");
        int[] groups = {4 * 2, 3 * 1, 2 * 3, 5 * 1, 3 * 2};
        for (int i = 0; i < tensors.size(); i++) {
            assertEquals(groups[i], tensors.get(i).groups(), tensors.get(i).name() + ": ⌈rows / 32⌉ groups per column");
        }
        assertEquals(24 + 4 + tensors.stream().mapToLong(t -> ModelFile.record(t).total()).sum(), Files.size(dir.resolve("short-groups.plm")));
    }

    /**
     * The committed {@code name.plm} reads to the values of {@code name.txt} (one line per tensor: name, shape,
     * label, each value's float bits in hex), and saving what was read gives the same bytes: the format does not drift.
     */
    List<StoredTensor> readsToItsValuesAndSavesToTheSameBytes(String name) throws IOException {
        Path file = fixture(name + ".plm");
        List<String> lines = Files.readString(fixture(name + ".txt")).lines().filter(l -> !l.startsWith("#")).toList();
        List<StoredTensor> tensors = ModelFile.readTensors(file);
        assertEquals(lines.size(), tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            StoredTensor t = tensors.get(i);
            StringBuilder line = new StringBuilder(t.name() + " " + t.rows() + "x" + t.cols() + " " + t.label().replace(' ', '_'));
            for (float v : t.dequantize()) {
                line.append(' ').append(String.format("%08x", Float.floatToRawIntBits(v)));
            }
            assertEquals(lines.get(i), line.toString());
        }
        Path again = dir.resolve("again.plm");
        ModelFile.save(tensors, again);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
        return tensors;
    }

    static Parameter randomParameter(String name, int rows, int cols, long seed) {
        Parameter p = new Parameter(name, Parameter.Role.WEIGHT, rows, cols);
        Random rng = new Random(seed);
        for (int i = 0; i < p.count(); i++) {
            p.value().data[i] = (float) rng.nextGaussian();
        }
        return p;
    }

    static StoredTensor int4(Parameter p) {
        // codes 0..15 spread over the values, one FP16 scale per group of 2 rows
        int[] codes = new int[p.count()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (i * 7) % 16;
        }
        int groups = p.cols() * p.rows() / 2;
        float[] scales = new float[groups];
        for (int g = 0; g < groups; g++) {
            scales[g] = Half.round(0.01f * (g + 1));
        }
        return StoredTensor.quantized(p.name(), p.role(), p.rows(), p.cols(), 4, true, ScaleGroups.ofRows(2),
                scales, null, codes);
    }

    @Test
    void everyTypeAndStorageRoundTripsExactly() throws IOException {
        Parameter w = randomParameter("w", 6, 5, 1);
        List<StoredTensor> tensors = new ArrayList<>();
        tensors.add(StoredTensor.fp32(w));
        tensors.add(StoredTensor.fp16(w));
        StoredTensor q = int4(w);
        tensors.add(q);
        int[] codes3 = new int[30];
        Arrays.setAll(codes3, i -> i % 8);
        tensors.add(StoredTensor.quantized("a3", Parameter.Role.BIAS, 6, 5, 3, false, ScaleGroups.perChannel(),
                new float[] {0.5f, 0.25f, 1f, 2f, 0.125f}, new int[] {3, 4, 0, 7, 1}, codes3));
        for (StoredTensor.Storage form : StoredTensor.Storage.values()) {
            tensors.add(q.stored(form));
            tensors.add(StoredTensor.fp16(w).stored(form));
        }
        Path file = dir.resolve("typed.plm");
        ModelFile.save(tensors, file);
        assertEquals(2, ModelFile.version(file));
        long expected = 24 + 4 + tensors.stream().mapToLong(t -> ModelFile.record(t).total()).sum();
        assertEquals(expected, Files.size(file), "the file is exactly the documented sizes");
        List<StoredTensor> back = ModelFile.readTensors(file);
        assertEquals(tensors.size(), back.size());
        for (int i = 0; i < tensors.size(); i++) {
            StoredTensor a = tensors.get(i);
            StoredTensor b = back.get(i);
            assertEquals(a.label(), b.label(), "tensor " + i);
            assertEquals(ModelFile.record(a), ModelFile.record(b), "tensor " + i);
            assertArrayEquals(a.dequantize(), b.dequantize(), "tensor " + i + " " + a.label());
            if (a.type() == StoredTensor.Type.INT) {
                assertArrayEquals(a.codes(), b.codes());
                assertArrayEquals(a.scales(), b.scales());
                assertArrayEquals(a.zeroPoints(), b.zeroPoints());
            }
        }
        // the value formula w = s · (u − z) with the symmetric zero point 8 for 4 bits
        float[] values = back.get(2).dequantize();
        assertEquals(Half.round(0.01f) * (0 - 8), values[0]);
        assertEquals(Half.round(0.01f) * ((5 * 7) % 16 - 8), values[5], "row 1, col 0 is in group 0 (rows 0-1 of column 0)");
        assertEquals(Half.round(0.01f * (1 * 3 + 1 + 1)) * ((2 * 5 + 1) * 7 % 16 - 8), values[11], "row 2, col 1 is in group 1·3 + 2/2 = 4");
        // the asymmetric 3-bit tensor: its zero points are stored
        assertEquals(0.5f * (0 - 3), back.get(3).dequantize()[0]);
    }

    @Test
    void sizesFollowTheFormulas() {
        Parameter w = randomParameter("layer.weights", 64, 10, 2);      // name: 13 bytes
        StoredTensor fp32 = StoredTensor.fp32(w);
        assertEquals(13 + 13 + 4 * 640, ModelFile.record(fp32).total());
        assertEquals(13 + 13 + 2 * 640, ModelFile.record(StoredTensor.fp16(w)).total());
        int[] codes = new int[640];
        float[] scales = new float[20];
        Arrays.fill(scales, 0.5f);
        StoredTensor q4g32 = StoredTensor.quantized(w.name(), w.role(), 64, 10, 4, true, ScaleGroups.ofRows(32),
                scales, null, codes);
        // 320 bytes of nibbles + 20 FP16 scales: 4.5 bits per weight, like llama.cpp's Q4_0
        assertEquals(320, ModelFile.record(q4g32).values());
        assertEquals(7 + 40, ModelFile.record(q4g32).scales());
        assertEquals(4.5, 8.0 * (ModelFile.record(q4g32).values() + 2 * 20) / 640, 1e-12);
        // all codes are the zero point's? no: codes are 0 here, so nothing is zero and sparse forms cost more
        assertEquals(StoredTensor.Storage.DENSE, ModelFile.smallest(q4g32).storage());
    }

    @Test
    void sparseFormsKeepOnlyNonZerosAndPayAboveSomeSparsity() throws IOException {
        Parameter w = randomParameter("w", 100, 10, 3);
        for (int i = 0; i < w.count(); i++) {
            if (i % 10 != 0) {
                w.value().data[i] = 0;                 // 90 % zeros
            }
        }
        StoredTensor dense = StoredTensor.fp32(w);
        StoredTensor mask = dense.stored(StoredTensor.Storage.MASK);
        StoredTensor index = dense.stored(StoredTensor.Storage.INDEX);
        assertEquals(100, mask.storedValues());
        assertEquals(125 + 400, ModelFile.record(mask).numbers());
        assertEquals(4 + 200 + 400, ModelFile.record(index).numbers());
        assertEquals(StoredTensor.Storage.MASK, ModelFile.smallest(dense).storage());
        assertEquals(ModelFile.record(mask), ModelFile.record(ModelFile.smallest(dense)));
        assertArrayEquals(dense.dequantize(), ModelFile.smallest(dense).dequantize());
        for (int i = 1; i < w.count(); i++) {
            w.value().data[i] = 0;                     // one value left: the list of positions is smallest
        }
        StoredTensor single = StoredTensor.fp32(w);
        assertEquals(StoredTensor.Storage.INDEX, ModelFile.smallest(single).storage());
        assertEquals(ModelFile.record(single.stored(StoredTensor.Storage.INDEX)), ModelFile.record(ModelFile.smallest(single)));
        assertArrayEquals(single.dequantize(), ModelFile.smallest(single).dequantize());
        assertArrayEquals(dense.dequantize(), index.dequantize());
        Path file = dir.resolve("sparse.plm");
        ModelFile.save(List.of(mask, index), file);
        for (StoredTensor t : ModelFile.readTensors(file)) {
            assertArrayEquals(dense.dequantize(), t.dequantize(), t.label());
        }
        assertEquals(100, ModelFile.readTensors(file).get(1).nonZero());
    }

    @Test
    void layoutAccountsForScalesAndIndexes() throws IOException {
        Parameter w = randomParameter("w", 6, 5, 1);
        StoredTensor q = int4(w).stored(StoredTensor.Storage.INDEX);
        Path file = dir.resolve("q.plm");
        ModelFile.save(List.of(q), file);
        Table layout = ModelFile.layout(file);
        assertEquals(Files.size(file), (long) layout.longColumn("bytes").sum());
        assertEquals(List.of("header: magic, version, length, count", "w: name, role, shape, type", "w: 15 FP16 scales",
                        "w: " + q.storedValues() + " positions", "w: " + q.storedValues() + " values (6x5, INT4 sym g2 index)",
                        "checksum: CRC32"),
                layout.stringColumn("part").asList());
    }

    @Test
    void badTensorsAreRefusedWithTheReason() {
        Parameter w = randomParameter("w", 64, 10, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScaleGroups.ofRows(0));
        assertEquals("a group holds at least 1 row, got a group size of 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StoredTensor.quantized("w", Parameter.Role.WEIGHT, 64, 10, 4,
                true, ScaleGroups.ofRows(24), new float[20], null, new int[640]));
        assertEquals("w: 64x10 groups of 24 has 30 groups but 20 scales were given", e.getMessage(),
                "groups of 24 rows: 24, 24 and a short 16 per column, so 3 x 10 scales");
        e = assertThrows(IllegalArgumentException.class, () -> StoredTensor.quantized("w", Parameter.Role.WEIGHT, 64, 10, 9,
                true, ScaleGroups.perTensor(), new float[1], null, new int[640]));
        assertEquals("integer codes have 2 to 8 bits, got 9", e.getMessage());
        int[] codes = new int[640];
        codes[7] = 16;
        e = assertThrows(IllegalArgumentException.class, () -> StoredTensor.quantized("w", Parameter.Role.WEIGHT, 64, 10, 4,
                true, ScaleGroups.perTensor(), new float[] {1f}, null, codes));
        assertEquals("w: code 7 is 16, outside 0..15 for 4 bits", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StoredTensor.quantized("w", Parameter.Role.WEIGHT, 64, 10, 4,
                true, ScaleGroups.perTensor(), new float[] {0.1f}, null, new int[640]));
        assertEquals("w: scale 0 is 0.1; scales are FP16 numbers >= 0", e.getMessage());
        assertTrue(w.count() == 640);
    }

    @Test
    void truncatedOrAlteredTypedFilesAreRejected() throws IOException {
        Parameter w = randomParameter("w", 6, 5, 1);
        Path file = dir.resolve("q.plm");
        ModelFile.save(List.of(int4(w).stored(StoredTensor.Storage.MASK), StoredTensor.fp16(w)), file);
        byte[] good = Files.readAllBytes(file);
        Path bad = dir.resolve("bad.plm");
        for (int length = 24; length < good.length; length++) {
            Files.write(bad, Arrays.copyOf(good, length));
            String message = assertThrows(ModelFileException.class, () -> ModelFile.readTensors(bad)).getMessage();
            assertTrue(message.contains("is truncated: it has " + length + " bytes but its header says " + good.length), message);
        }
        for (int i = 20; i < good.length; i++) {
            byte[] altered = good.clone();
            altered[i] ^= 0x04;
            Files.write(bad, altered);
            String message = assertThrows(ModelFileException.class, () -> ModelFile.readTensors(bad), "byte " + i).getMessage();
            assertTrue(message.contains("is damaged or was altered: its CRC32 checksum is"), message);
        }
    }

    @Test
    void loadingACompactFileIntoAModelDequantizes() throws IOException {
        Sequential original = model(1);
        List<StoredTensor> tensors = new ArrayList<>();
        for (Parameter p : original.parameters()) {
            tensors.add(StoredTensor.fp16(p));
        }
        Path file = dir.resolve("half.plm");
        ModelFile.save(tensors, file);
        Sequential loaded = model(5);
        ModelFile.load(loaded, file);
        for (int i = 0; i < 4; i++) {
            float[] a = original.parameters().get(i).value().data;
            float[] b = loaded.parameters().get(i).value().data;
            for (int k = 0; k < a.length; k++) {
                assertEquals(Half.round(a[k]), b[k]);
                assertTrue(Math.abs(a[k] - b[k]) <= Math.abs(a[k]) / 2048, "FP16 keeps 11 significant bits");
            }
        }
    }

    @Test
    void halfPrecisionRoundTripsEveryHalfAndRoundsToNearest() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.toFloat((short) h);
            if (!Float.isNaN(f)) {
                assertEquals((short) h, Half.fromFloat(f), "half " + Integer.toHexString(h));
            }
        }
        assertEquals(1f, Half.round(1f + 0x1p-11f), "a tie goes to the even neighbour");
        assertEquals(1f + 0x1p-9f, Half.round(1f + 0x1p-10f + 0x1p-11f), "a tie goes to the even neighbour");
        assertEquals(65504f, Half.round(65519f));
        assertEquals(Float.POSITIVE_INFINITY, Half.round(65520f));
        assertEquals(0x1p-24f, Half.round(0x1p-24f), "smallest subnormal");
        assertEquals(0f, Half.round(0x1p-26f));
        assertTrue(Half.toFloat(Half.ceil(0.1f)) >= 0.1f);
        assertTrue(Half.round(0.1f) < 0.1f, "0.1 rounds down to the nearest half; ceil goes up");
    }

    @Test
    void bitPackingRoundTripsForEveryWidth() {
        Random rng = new Random(4);
        for (int bits = 2; bits <= 8; bits++) {
            for (int n : new int[] {0, 1, 7, 8, 9, 33, 1000}) {
                int[] codes = new int[n];
                for (int i = 0; i < n; i++) {
                    codes[i] = rng.nextInt(1 << bits);
                }
                byte[] packed = BitPacking.pack(codes, bits);
                assertEquals((n * bits + 7) / 8, packed.length);
                assertArrayEquals(codes, BitPacking.unpack(packed, n, bits), bits + " bits, " + n + " codes");
            }
        }
        // INT4: two codes per byte, the first in the low nibble
        assertArrayEquals(new byte[] {(byte) 0x21, (byte) 0xF3}, BitPacking.pack(new int[] {1, 2, 3, 15}, 4));
        assertEquals("code 1 is 16 but 4-bit codes go from 0 to 15",
                assertThrows(IllegalArgumentException.class, () -> BitPacking.pack(new int[] {0, 16}, 4)).getMessage());
    }
}
