package org.paramlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

class OneHotAndBatchesTest {

    @Test
    void oneHotRoundTrip() {
        FMatrixRMaj rows = OneHot.encode(new int[] {2, 0, 1}, 4);
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0}, rows.data);
        assertArrayEquals(new int[] {2, 0, 1}, OneHot.decode(rows));
        assertEquals("label -1 at index 0 is outside the classes 0..3",
                assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[] {-1}, 4)).getMessage());
        assertEquals("one-hot encoding needs at least 1 class, got 0",
                assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[] {0}, 0)).getMessage());
    }

    private static List<float[]> epoch(Batches batches) {
        List<float[]> rows = new ArrayList<>();
        for (Batches.Batch b : batches) {
            rows.add(b.features().data.clone());
            for (int i = 0; i < b.size(); i++) {
                assertEquals(2 * b.features().get(i, 0), b.targets().get(i, 0), "targets travel with their features");
            }
        }
        return rows;
    }

    @Test
    void everyExampleOncePerEpochInSeededOrder() {
        Batches batches = Batches.shuffled(DatasetTest.numbered(10), 4, 7);
        assertEquals(3, batches.count());
        List<float[]> first = epoch(batches);
        assertEquals(List.of(4, 4, 2), first.stream().map(a -> a.length).toList(), "last batch holds the rest");
        float[] all = new float[10];
        int k = 0;
        for (float[] b : first) {
            for (float v : b) {
                all[k++] = v;
            }
        }
        float[] sorted = all.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted, "each example exactly once");
        assertFalse(Arrays.equals(sorted, all), "shuffled");

        List<float[]> second = epoch(batches);
        assertFalse(Arrays.equals(first.get(0), second.get(0)) && Arrays.equals(first.get(1), second.get(1)),
                "each epoch draws a new order");

        Batches again = Batches.shuffled(DatasetTest.numbered(10), 4, 7);
        List<float[]> replay1 = epoch(again);
        List<float[]> replay2 = epoch(again);
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(first.get(b), replay1.get(b), "same seed, same first epoch");
            assertArrayEquals(second.get(b), replay2.get(b), "same seed, same second epoch");
        }
    }

    @Test
    void batchMatricesAreAllocatedOnceAndReused() {
        Batches batches = Batches.shuffled(DatasetTest.numbered(10), 4, 1);
        List<Batches.Batch> seen = new ArrayList<>();
        for (int e = 0; e < 2; e++) {
            for (Batches.Batch b : batches) {
                seen.add(b);
            }
        }
        assertSame(seen.get(0), seen.get(1));
        assertSame(seen.get(0).features(), seen.get(4).features(), "same matrix in the next epoch");
        assertSame(seen.get(2), seen.get(5), "the smaller last batch is reused too");
        assertEquals(2, seen.get(2).size());
    }

    @Test
    void inOrderKeepsTheDatasetOrder() {
        List<float[]> rows = epoch(Batches.inOrder(DatasetTest.numbered(5), 2));
        assertArrayEquals(new float[] {0, 1}, rows.get(0));
        assertArrayEquals(new float[] {4}, rows.get(2));
        assertEquals("batch size must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Batches.inOrder(DatasetTest.numbered(5), 0)).getMessage());
        assertEquals(5, Batches.inOrder(DatasetTest.numbered(5), 99).batchSize(), "never larger than the data");
        assertTrue(Batches.inOrder(DatasetTest.numbered(5), 99).iterator().hasNext());
    }
}
