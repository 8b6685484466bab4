package org.paramlab.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paramlab.core.Parameter;
import org.paramlab.io.Half;
import org.paramlab.io.ModelFile;
import org.paramlab.io.ModelFileException;
import org.paramlab.io.StoredTensor;
import org.paramlab.layers.Dense;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;
import org.paramlab.metrics.Metrics;

class QuantizerTest {

    @TempDir
    Path dir;

    /** A 64-256-10 network with small random biases (freshly built ones are 0, which sparse storage would drop). */
    static Sequential mlp(long seed) {
        Sequential model = new Sequential(new Dense("hidden", 64, 256, seed), new ReLU(), new Dense("output", 256, 10, seed + 1));
        Random rng = new Random(seed);
        for (Parameter p : model.parameters()) {
            if (p.role() == Parameter.Role.BIAS) {
                for (int i = 0; i < p.count(); i++) {
                    p.value().data[i] = (float) (0.01 * rng.nextGaussian());
                }
            }
        }
        return model;
    }

    /** Gaussian weights with a few large outliers, as trained layers have. */
    static Parameter weights(int rows, int cols, long seed) {
        return weights("w", rows, cols, seed);
    }

    /** The same, named (the committed file grouped-before-short-groups.plm was made from these). */
    static Parameter weights(String name, int rows, int cols, long seed) {
        Parameter p = new Parameter(name, Parameter.Role.WEIGHT, rows, cols);
        Random rng = new Random(seed);
        for (int i = 0; i < p.count(); i++) {
            p.value().data[i] = (float) (0.1 * rng.nextGaussian() * (rng.nextInt(50) == 0 ? 8 : 1));
        }
        return p;
    }

    static final Quantizer[] GROUPINGS_OF_4_BITS = {
        Quantizer.int4(), Quantizer.int4().perChannel(), Quantizer.int4().groupsOf(32), Quantizer.int4().groupsOf(8)
    };

    @Test
    void everyWeightIsWithinHalfAScaleOfItsOriginal() {
        Parameter w = weights(64, 12, 1);
        for (int bits = 2; bits <= 8; bits++) {
            for (Quantizer base : GROUPINGS_OF_4_BITS) {
                for (Quantizer q : new Quantizer[] {withBits(base, bits).symmetric(), withBits(base, bits).asymmetric()}) {
                    StoredTensor t = q.quantize(w);
                    float[] back = t.dequantize();
                    float[] scales = t.scales();
                    int[] codes = t.codes();
                    int[] zeros = t.zeroPoints();
                    for (int i = 0; i < w.count(); i++) {
                        int g = t.group(i);
                        float s = scales[g];
                        assertEquals(s, Half.round(s), "scales are FP16 numbers");
                        assertEquals(s * (codes[i] - zeros[g]), back[i], "ŵ = s · (u − z)");
                        double error = Math.abs((double) back[i] - w.value().data[i]);
                        assertTrue(error <= s / 2 * (1 + 1e-6), q + ": weight " + i + " = " + w.value().data[i] + " came back as "
                                + back[i] + ", error " + error + " > scale/2 = " + s / 2);
                    }
                }
            }
        }
    }

    private static Quantizer withBits(Quantizer like, int bits) {
        Quantizer q = Quantizer.bits(bits);
        return switch (like.grouping().kind()) {
            case TENSOR -> q.perTensor();
            case CHANNEL -> q.perChannel();
            case ROWS -> q.groupsOf(like.groupSize());
        };
    }

    @Test
    void moreBitsAndSmallerGroupsGiveSmallerErrors() {
        Sequential model = mlp(3);
        double previous = Double.POSITIVE_INFINITY;
        for (int bits = 2; bits <= 8; bits++) {
            double error = Quantizer.bits(bits).quantize(model).relativeRmse();
            assertTrue(error < previous, bits + " bits: " + error + " is not below " + previous);
            previous = error;
        }
        double tensor = Quantizer.int4().quantize(model).relativeRmse();
        double channel = Quantizer.int4().perChannel().quantize(model).relativeRmse();
        double g32 = Quantizer.int4().groupsOf(32).quantize(model).relativeRmse();
        double g8 = Quantizer.int4().groupsOf(8).quantize(model).relativeRmse();
        assertTrue(tensor > channel && channel > g32 && g32 > g8, tensor + " > " + channel + " > " + g32 + " > " + g8);
    }

    @Test
    void asymmetricCodesFitOneSidedValuesBetter() {
        Parameter w = weights(32, 4, 5);
        for (int i = 0; i < w.count(); i++) {
            w.value().data[i] = Math.abs(w.value().data[i]);       // all >= 0, e.g. after a ReLU
        }
        float[] original = w.value().data;
        double sym = QuantizedModel.relativeRmse(original, Quantizer.int4().quantize(w).dequantize());
        double asym = QuantizedModel.relativeRmse(original, Quantizer.int4().asymmetric().quantize(w).dequantize());
        // symmetric wastes the negative half of its 15 codes: asymmetric has twice the resolution
        assertTrue(asym < 0.7 * sym, "asymmetric " + asym + " vs symmetric " + sym);
    }

    @Test
    void zeroStaysExactlyZero() {
        Parameter w = weights(32, 8, 6);
        for (int i = 0; i < w.count(); i += 3) {
            w.value().data[i] = 0;
        }
        for (Quantizer q : new Quantizer[] {Quantizer.bits(3), Quantizer.bits(3).asymmetric().groupsOf(16), Quantizer.int8().perChannel()}) {
            float[] back = q.quantize(w).dequantize();
            for (int i = 0; i < w.count(); i += 3) {
                assertEquals(0f, back[i], q + " at " + i);
            }
        }
    }

    /** The file's real size follows the format: codes packed, one FP16 scale per group, biases FP32. */
    @Test
    void compactFilesHaveTheExpectedSizeAndReloadExactly() throws IOException {
        Sequential model = mlp(7);
        Path fp32 = dir.resolve("fp32.plm");
        ModelFile.save(model, fp32);
        long names = "hidden.weights".length() + "hidden.bias".length() + "output.weights".length() + "output.bias".length();
        assertEquals(28 + 4 * 11 + names + 4L * (64 * 256 + 256 + 256 * 10 + 10), Files.size(fp32));

        FMatrixRMaj x = new FMatrixRMaj(50, 64);
        Random rng = new Random(8);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = (float) rng.nextGaussian();
        }
        long[][] expectations = {
            // bits, group size (0 = tensor), expected value + scale bytes of both weight matrices
            {8, 0, 64 * 256 + 7 + 2 + 256 * 10 + 7 + 2},
            {4, 32, 64 * 256 / 2 + 7 + 2 * 512 + 256 * 10 / 2 + 7 + 2 * 80},
            {3, 32, (64 * 256 * 3 + 7) / 8 + 7 + 2 * 512 + (256 * 10 * 3 + 7) / 8 + 7 + 2 * 80},
            {2, 0, 64 * 256 / 4 + 7 + 2 + 256 * 10 / 4 + 7 + 2},
        };
        for (long[] e : expectations) {
            Quantizer q = e[1] == 0 ? Quantizer.bits((int) e[0]) : Quantizer.bits((int) e[0]).groupsOf((int) e[1]);
            QuantizedModel compact = q.quantize(model);
            Path denseFile = dir.resolve(q.label().replace(' ', '-') + "-dense.plm");
            ModelFile.save(compact.tensors(), denseFile);          // every tensor dense, as quantized
            Path file = dir.resolve(q.label().replace(' ', '-') + ".plm");
            compact.save(file);                                     // each tensor in its smallest form
            assertTrue(Files.size(file) <= Files.size(denseFile), q.label());
            long biases = 13 + "hidden.bias".length() + 4 * 256 + 13 + "output.bias".length() + 4 * 10;
            long expected = 28 + 13 + "hidden.weights".length() + 13 + "output.weights".length() + e[2] + biases;
            assertEquals(expected, Files.size(denseFile), q.label());
            double weights = 64 * 256 + 256 * 10;
            assertEquals(e[0] + (e[1] == 0 ? 0 : 16.0 / e[1]), 8 * e[2] / weights, 0.01,
                    q.label() + ": bits per weight = code bits + 16 bits of FP16 scale per group");

            // reloaded, the model is exactly the dequantized one and predicts the same
            Sequential inMemory = mlp(100);
            compact.dequantizeInto(inMemory);
            Sequential fromFile = mlp(200);
            ModelFile.load(fromFile, file);
            for (int k = 0; k < 4; k++) {
                assertArrayEquals(inMemory.parameters().get(k).value().data, fromFile.parameters().get(k).value().data);
            }
            assertArrayEquals(Metrics.predict(inMemory, x).data, Metrics.predict(fromFile, x).data);
        }
        // INT4 in groups of 32: 4.5 bits per weight, like llama.cpp's Q4_0
        double bitsPerWeight = Quantizer.int4().groupsOf(32).quantize(model).errors().doubleColumn("bits per value").get(0);
        assertEquals((8 * (64 * 256 / 2.0 + 7 + 2 * 512)) / (64 * 256), bitsPerWeight, 1e-12);
        assertEquals(4.5, bitsPerWeight, 0.01);
    }

    // ---- a short last group, when the size does not divide the rows -------------------------------

    /**
     * Rows 1, 7, 33 and 2,004 in groups of 32, and sizes larger than the rows: each column has ⌈rows / size⌉
     * groups, all of {@code size} rows but the last, which holds the remaining rows; each group's scale is
     * its own (the largest |w| of that group alone, over 7) and every weight is within half of it.
     */
    @Test
    void theLastGroupOfAColumnHoldsTheRemainingRowsWithItsOwnScale() {
        int[][] shapes = {{1, 3, 32}, {7, 3, 32}, {33, 4, 32}, {2004, 5, 32}, {7, 2, 64}, {33, 2, 40}, {64, 3, 32}};
        for (int[] shape : shapes) {
            int rows = shape[0], cols = shape[1], size = shape[2];
            Parameter w = weights(rows, cols, rows + size);
            for (Quantizer q : new Quantizer[] {Quantizer.int4().groupsOf(size), Quantizer.bits(3).asymmetric().groupsOf(size)}) {
                String what = q + " of " + rows + "x" + cols;
                StoredTensor t = q.quantize(w);
                int perColumn = (rows + size - 1) / size;
                assertEquals(cols * perColumn, t.groups(), what + ": groups");
                assertEquals(size, t.groupSize(), what);
                int[] members = new int[t.groups()];
                double[] largest = new double[t.groups()];
                for (int i = 0; i < w.count(); i++) {
                    int r = i / cols, c = i % cols;
                    int g = t.group(i);
                    assertEquals(c * perColumn + r / size, g, what + ": the group of row " + r + ", column " + c);
                    members[g]++;
                    largest[g] = Math.max(largest[g], Math.abs(w.value().data[i]));
                }
                int lastRows = rows % size == 0 ? size : rows % size;
                for (int g = 0; g < t.groups(); g++) {
                    boolean last = g % perColumn == perColumn - 1;
                    assertEquals(last ? lastRows : size, members[g], what + ": weights in group " + g);
                }
                float[] back = t.dequantize();
                float[] scales = t.scales();
                for (int i = 0; i < w.count(); i++) {
                    float s = scales[t.group(i)];
                    double error = Math.abs((double) back[i] - w.value().data[i]);
                    assertTrue(error <= s / 2 * (1 + 1e-6), what + ": weight " + i + " is off by " + error + " > scale/2 = " + s / 2);
                }
                if (q.isSymmetric()) {
                    for (int g = 0; g < t.groups(); g++) {
                        float own = Half.toFloat(Half.ceil((float) (largest[g] / 7)));
                        assertTrue(scales[g] >= largest[g] / 7 && scales[g] <= own * (1 + 1e-3),
                                what + ": group " + g + " has scale " + scales[g] + " but its own largest |w| / 7 is " + largest[g] / 7);
                    }
                }
            }
        }
    }

    /** A short last group changes nothing for the full groups above it: their codes and scales are those of the rows alone. */
    @Test
    void theFullGroupsAreTheSameWithOrWithoutAShortGroupBelowThem() {
        Parameter w = weights(2004, 5, 9);
        Parameter full = new Parameter("w", Parameter.Role.WEIGHT, 1984, 5);           // 62 groups of 32 rows per column
        System.arraycopy(w.value().data, 0, full.value().data, 0, 1984 * 5);
        StoredTensor all = Quantizer.int4().groupsOf(32).quantize(w);
        StoredTensor divisible = Quantizer.int4().groupsOf(32).quantize(full);
        assertEquals(5 * 63, all.groups());
        assertEquals(5 * 62, divisible.groups());
        for (int c = 0; c < 5; c++) {
            for (int k = 0; k < 62; k++) {
                assertEquals(divisible.scales()[c * 62 + k], all.scales()[c * 63 + k], "column " + c + ", group " + k);
            }
        }
        assertArrayEquals(divisible.codes(), java.util.Arrays.copyOf(all.codes(), 1984 * 5));
    }

    /**
     * Worked by hand with the formulas of the class comment (s = max|w| / 7, u = 8 + round(w / s)): a 4x2
     * matrix in groups of 2, which main's code quantized the same way, and a 5x1 one whose last group is row 4 alone.
     */
    @Test
    void smallCasesWorkedByHand() {
        Parameter w = new Parameter("w", Parameter.Role.WEIGHT, 4, 2);
        float[] values = {
            0.875f, -1.75f,       // column 0, rows 0-1: max 0.875, s = 0.125;  column 1, rows 0-1: max 1.75, s = 0.25
            0.125f, 0.5f,
            -0.4375f, 3.5f,       // column 0, rows 2-3: max 0.4375, s = 0.0625; column 1, rows 2-3: max 3.5, s = 0.5
            0.25f, -1.0f,
        };
        System.arraycopy(values, 0, w.value().data, 0, 8);
        StoredTensor t = Quantizer.int4().groupsOf(2).quantize(w);
        assertArrayEquals(new float[] {0.125f, 0.0625f, 0.25f, 0.5f}, t.scales(), "groups: column 0 rows 0-1, rows 2-3, then column 1");
        assertArrayEquals(new int[] {15, 1, 9, 10, 1, 15, 12, 6}, t.codes(), "u = 8 + w / s, row by row");
        assertArrayEquals(w.value().data, t.dequantize(), "every weight here is a multiple of its scale");

        Parameter v = new Parameter("v", Parameter.Role.WEIGHT, 5, 1);
        System.arraycopy(new float[] {0.875f, 0.125f, -0.4375f, 0.25f, 1.75f}, 0, v.value().data, 0, 5);
        StoredTensor shortLast = Quantizer.int4().groupsOf(2).quantize(v);
        assertArrayEquals(new float[] {0.125f, 0.0625f, 0.25f}, shortLast.scales(), "rows 0-1, rows 2-3, and row 4 alone");
        assertArrayEquals(new int[] {15, 9, 1, 12, 15}, shortLast.codes());
    }

    /** A model whose layers the size does not divide: saved with the short groups' scales counted, loaded back exactly. */
    @Test
    void aModelWithShortGroupsSavesWithEveryScaleCountedAndLoadsBackExactly() throws IOException {
        Sequential model = new Sequential(new Dense("hidden", 33, 7, 1), new ReLU(), new Dense("output", 7, 3, 2));
        QuantizedModel int4 = Quantizer.int4().groupsOf(32).quantize(model);
        assertEquals(7 * 2, int4.tensors().get(0).groups(), "33 rows: a group of 32 and one of 1 per column");
        assertEquals(3, int4.tensors().get(2).groups(), "7 rows: one short group per column");
        Path file = dir.resolve("short.plm");
        ModelFile.save(int4.tensors(), file);
        long weights = 13 + "hidden.weights".length() + 7 + 2 * 14 + (33 * 7 + 1) / 2
                + 13 + "output.weights".length() + 7 + 2 * 3 + (7 * 3 + 1) / 2;
        long biases = 13 + "hidden.bias".length() + 4 * 7 + 13 + "output.bias".length() + 4 * 3;
        assertEquals(28 + weights + biases, Files.size(file), "codes, 7 bytes of description and one FP16 scale per group");
        assertEquals(7 + 2 * 14 + (33 * 7 + 1) / 2, int4.errors().longColumn("bytes").get(0), "errors() counts the same bytes");

        Path compact = dir.resolve("short-smallest.plm");
        int4.save(compact);
        Sequential inMemory = new Sequential(new Dense("hidden", 33, 7, 5), new ReLU(), new Dense("output", 7, 3, 6));
        int4.dequantizeInto(inMemory);
        Sequential fromFile = new Sequential(new Dense("hidden", 33, 7, 7), new ReLU(), new Dense("output", 7, 3, 8));
        ModelFile.load(fromFile, compact);
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(inMemory.parameters().get(k).value().data, fromFile.parameters().get(k).value().data);
        }
        List<StoredTensor> read = ModelFile.readTensors(file);
        for (int k : new int[] {0, 2}) {
            assertArrayEquals(int4.tensors().get(k).codes(), read.get(k).codes());
            assertArrayEquals(int4.tensors().get(k).scales(), read.get(k).scales());
            assertEquals(32, read.get(k).groupSize());
        }
    }

    /**
     * Sizes that divide the rows quantize bit for bit as before: a file written by the code before short
     * groups (main at f80536d) loads to the same codes and scales the code of today gives, and today's
     * quantizer writes the identical bytes.
     */
    @Test
    void aDividingSizeGivesTheBytesOfTheCodeBeforeShortGroups() throws IOException {
        Path old = dir.resolve("before.plm");
        try (var in = org.paramlab.io.ModelFile.class.getResourceAsStream("grouped-before-short-groups.plm")) {
            Files.write(old, in.readAllBytes());
        }
        List<StoredTensor> today = List.of(
                Quantizer.int4().groupsOf(32).quantize(weights("int4.g32", 64, 10, 1)),
                Quantizer.bits(3).asymmetric().groupsOf(16).quantize(weights("int3.asym.g16", 48, 5, 2)),
                Quantizer.int8().groupsOf(32).quantize(weights("int8.g32", 96, 3, 3)));
        List<StoredTensor> read = ModelFile.readTensors(old);
        assertEquals(today.size(), read.size());
        for (int k = 0; k < today.size(); k++) {
            assertEquals(today.get(k).label(), read.get(k).label());
            assertArrayEquals(today.get(k).scales(), read.get(k).scales(), today.get(k).name());
            assertArrayEquals(today.get(k).zeroPoints(), read.get(k).zeroPoints(), today.get(k).name());
            assertArrayEquals(today.get(k).codes(), read.get(k).codes(), today.get(k).name());
            assertArrayEquals(today.get(k).dequantize(), read.get(k).dequantize(), today.get(k).name());
        }
        Path again = dir.resolve("today.plm");
        ModelFile.save(today, again);
        assertArrayEquals(Files.readAllBytes(old), Files.readAllBytes(again));
    }

    @Test
    void int8KeepsPredictionsAndInt2PerTensorDoesNot() {
        Sequential model = mlp(11);
        FMatrixRMaj x = new FMatrixRMaj(200, 64);
        Random rng = new Random(12);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = (float) rng.nextGaussian();
        }
        FMatrixRMaj reference = Metrics.predict(model, x);
        Sequential int8 = mlp(0);
        Quantizer.int8().perChannel().quantize(model).dequantizeInto(int8);
        Sequential int2 = mlp(0);
        Quantizer.bits(2).quantize(model).dequantizeInto(int2);
        double agree8 = agreement(reference, Metrics.predict(int8, x));
        double agree2 = agreement(reference, Metrics.predict(int2, x));
        assertTrue(agree8 >= 0.97, "INT8 agrees on " + agree8);
        assertTrue(agree2 < agree8 - 0.1, "INT2 per tensor agrees on " + agree2 + ", INT8 on " + agree8);
    }

    private static double agreement(FMatrixRMaj a, FMatrixRMaj b) {
        int same = 0;
        for (int i = 0; i < a.numRows; i++) {
            same += Metrics.predictedClass(a, i) == Metrics.predictedClass(b, i) ? 1 : 0;
        }
        return (double) same / a.numRows;
    }

    @Test
    void prunedWeightsAreStoredSparselyWhenThatIsSmaller() throws IOException {
        Sequential model = mlp(13);
        for (Parameter p : model.parameters()) {
            if (p.role() == Parameter.Role.WEIGHT) {
                for (int i = 0; i < p.count(); i++) {
                    if (i % 10 != 0) {
                        p.value().data[i] = 0;          // 90 % pruned
                    }
                }
            }
        }
        QuantizedModel q = Quantizer.int8().quantize(model);
        Path file = dir.resolve("pruned-int8.plm");
        q.save(file);
        List<StoredTensor> stored = ModelFile.readTensors(file);
        assertEquals(StoredTensor.Storage.MASK, stored.get(0).storage(), "a mask (1 bit per weight) beats 8-bit zeros");
        assertEquals(q.tensors().get(0).nonZero(), stored.get(0).storedValues(), "only the non-zero codes are stored");
        assertTrue(stored.get(0).storedValues() <= 64 * 256 / 10 + 1, "at most the 10 % left by pruning");
        Sequential back = mlp(0);
        ModelFile.load(back, file);
        Sequential dense = mlp(0);
        q.dequantizeInto(dense);
        assertArrayEquals(dense.parameters().get(0).value().data, back.parameters().get(0).value().data);
        assertTrue(Files.size(file) < 64 * 256 / 8 + 64 * 256 / 10 + 256 * 10 / 8 + 256 + 2 * 1000 + 200);

        // the same pruned model kept in FP32: a mask and 4 bytes per kept weight, nothing rounded
        Path sparse = dir.resolve("pruned-fp32.plm");
        QuantizedModel.fp32(model).save(sparse);
        Sequential exact = mlp(0);
        ModelFile.load(exact, sparse);
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(model.parameters().get(k).value().data, exact.parameters().get(k).value().data);
        }
        long names = "hidden.weights".length() + "hidden.bias".length() + "output.weights".length() + "output.bias".length();
        assertEquals(28 + 4 * 13 + names + (64 * 256 / 8 + 4 * 1639) + 4 * 256 + (256 * 10 / 8 + 4 * 256) + 4 * 10,
                Files.size(sparse), "masks for the weights (1639 and 256 kept), biases dense");
    }

    @Test
    void badRequestsAreRefusedWithTheReason() throws IOException {
        assertEquals("quantization needs 2 to 8 bits per weight, got 1",
                assertThrows(IllegalArgumentException.class, () -> Quantizer.bits(1)).getMessage());
        assertEquals("quantization needs 2 to 8 bits per weight, got 16",
                assertThrows(IllegalArgumentException.class, () -> Quantizer.bits(16)).getMessage());
        assertEquals("a group holds at least 1 weight, got a group size of 0",
                assertThrows(IllegalArgumentException.class, () -> Quantizer.int4().groupsOf(0)).getMessage());
        assertEquals("a group holds at least 1 weight, got a group size of -32",
                assertThrows(IllegalArgumentException.class, () -> Quantizer.int4().groupsOf(-32)).getMessage());
        Parameter nan = weights(4, 4, 1);
        nan.value().data[5] = Float.NaN;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Quantizer.int8().quantize(nan)).getMessage()
                .startsWith("quantize w: group 0 needs a scale of NaN, which FP16 cannot hold"));
        // a compact file cut short is named as truncated
        Path file = dir.resolve("int4.plm");
        Quantizer.int4().quantize(mlp(1)).save(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertTrue(assertThrows(ModelFileException.class, () -> ModelFile.load(mlp(2), file)).getMessage()
                .endsWith("is truncated: it has " + (bytes.length - 100) + " bytes but its header says " + bytes.length
                        + " (100 bytes missing)"));
        // into a model of another shape: nothing changes, the error names both shapes
        Sequential wider = new Sequential(new Dense("hidden", 64, 128, 1), new ReLU(), new Dense("output", 128, 10, 2));
        assertEquals("parameter 'hidden.weights' has shape 64x256 in the INT4 tensor model but 64x128 in the model",
                assertThrows(IllegalArgumentException.class, () -> Quantizer.int4().quantize(mlp(1)).dequantizeInto(wider))
                        .getMessage());
    }

    @Test
    void fp16HalvesTheFile() throws IOException {
        Sequential model = mlp(21);
        Path a = dir.resolve("a.plm");
        Path b = dir.resolve("b.plm");
        ModelFile.save(model, a);
        QuantizedModel half = QuantizedModel.fp16(model);
        half.save(b);
        assertEquals(2.0, (double) Files.size(a) / Files.size(b), 0.01);
        assertTrue(half.relativeRmse() < 1e-3, "FP16 keeps about 3 decimal digits: " + half.relativeRmse());
    }
}
