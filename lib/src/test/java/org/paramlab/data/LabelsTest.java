package org.paramlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Shuffled labels, label noise and balanced subsets: seeded, exact counts, features untouched. */
class LabelsTest {

    /** n examples of k classes, example i of class i % k, feature = i (so rows can be traced). */
    static Dataset classes(int n, int k) {
        FMatrixRMaj x = new FMatrixRMaj(n, 1);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            x.set(i, 0, i);
            labels[i] = i % k;
        }
        String[] names = new String[k];
        for (int c = 0; c < k; c++) {
            names[c] = "c" + c;
        }
        return Dataset.ofClasses(x, labels, names);
    }

    static int[] counts(int[] labels, int k) {
        int[] counts = new int[k];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    @Test
    void shuffledKeepsClassCountsAndFeaturesButMovesLabels() {
        Dataset data = classes(1000, 10);
        Dataset shuffled = Labels.shuffled(data, 3);
        assertSame(data.features(), shuffled.features(), "features are shared, not copied or changed");
        assertArrayEquals(counts(data.labels(), 10), counts(shuffled.labels(), 10), "every class keeps its count");
        int changed = Labels.changed(data, shuffled);
        // a random permutation leaves about 1/k of labels equal by chance: ~900 of 1000 change
        assertTrue(changed > 850 && changed < 950, "about 90% of labels move, got " + changed);
        assertEquals(data.classNames(), shuffled.classNames());
    }

    @Test
    void sameSeedSameLabelsOtherSeedOtherLabels() {
        Dataset data = classes(200, 4);
        assertArrayEquals(Labels.shuffled(data, 1).labels(), Labels.shuffled(data, 1).labels());
        assertFalse(Arrays.equals(Labels.shuffled(data, 1).labels(), Labels.shuffled(data, 2).labels()));
        assertArrayEquals(Labels.withNoise(data, 0.3, 5).labels(), Labels.withNoise(data, 0.3, 5).labels());
        assertFalse(Arrays.equals(Labels.withNoise(data, 0.3, 5).labels(), Labels.withNoise(data, 0.3, 6).labels()));
    }

    @Test
    void noiseChangesExactlyTheRateAndAlwaysToAnotherClass() {
        Dataset data = classes(1258, 10);
        for (double rate : new double[] {0, 0.1, 0.3, 1}) {
            Dataset noisy = Labels.withNoise(data, rate, 7);
            assertEquals(Math.round(rate * 1258), Labels.changed(data, noisy), "rate " + rate);
        }
        // with two classes a wrong label can only be the other class
        Dataset two = classes(100, 2);
        Dataset flipped = Labels.withNoise(two, 1.0, 1);
        int[] before = two.labels();
        int[] after = flipped.labels();
        for (int i = 0; i < before.length; i++) {
            assertEquals(1 - before[i], after[i], "row " + i);
        }
    }

    @Test
    void noisyLabelsSpreadOverTheOtherClasses() {
        Dataset data = classes(5000, 5);
        int[] before = data.labels();
        int[] after = Labels.withNoise(data, 1.0, 11).labels();
        int[][] moves = new int[5][5];
        for (int i = 0; i < before.length; i++) {
            moves[before[i]][after[i]]++;
        }
        for (int a = 0; a < 5; a++) {
            assertEquals(0, moves[a][a], "no label stays under rate 1");
            for (int b = 0; b < 5; b++) {
                if (a != b) {   // 1000 examples per class, ~250 to each of 4 others
                    assertTrue(moves[a][b] > 180 && moves[a][b] < 320, a + "->" + b + ": " + moves[a][b]);
                }
            }
        }
    }

    @Test
    void balancedSubsetsHaveEveryClassAndAreNested() {
        Dataset data = classes(1000, 10);
        Dataset ten = Labels.balancedSubset(data, 10, 4);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, counts(ten.labels(), 10));
        Dataset twentyFive = Labels.balancedSubset(data, 25, 4);
        for (int c : counts(twentyFive.labels(), 10)) {
            assertTrue(c == 2 || c == 3, "25 examples of 10 classes: 2 or 3 each, got " + c);
        }
        Set<Float> small = new HashSet<>();
        for (float v : twentyFive.features().data) {
            small.add(v);
        }
        Set<Float> large = new HashSet<>();
        for (float v : Labels.balancedSubset(data, 100, 4).features().data) {
            large.add(v);
        }
        assertEquals(25, small.size(), "no example twice");
        assertTrue(large.containsAll(small), "the 25 are part of the 100 drawn with the same seed");
        assertNotEquals(small, toSet(Labels.balancedSubset(data, 25, 5)), "another seed, other examples");
        assertEquals(1000, Labels.balancedSubset(data, 1000, 4).size());
    }

    @Test
    void unbalancedDataFillsUpFromTheLargerClasses() {
        FMatrixRMaj x = new FMatrixRMaj(12, 1);
        int[] labels = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};   // 10 of class 0, 2 of class 1
        Dataset data = Dataset.ofClasses(x, labels, "a", "b");
        assertArrayEquals(new int[] {2, 2}, counts(Labels.balancedSubset(data, 4, 1).labels(), 2));
        assertArrayEquals(new int[] {6, 2}, counts(Labels.balancedSubset(data, 8, 1).labels(), 2));
    }

    static Set<Float> toSet(Dataset d) {
        Set<Float> s = new HashSet<>();
        for (float v : d.features().data) {
            s.add(v);
        }
        return s;
    }

    @Test
    void clearErrors() {
        Dataset regression = Dataset.of(new FMatrixRMaj(3, 1), new FMatrixRMaj(3, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Labels.shuffled(regression, 1));
        assertTrue(e.getMessage().contains("classification"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Labels.withNoise(classes(10, 2), 1.5, 1));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Labels.balancedSubset(classes(10, 2), 11, 1));
        assertTrue(e.getMessage().contains("1..10") && e.getMessage().contains("11"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Labels.changed(classes(10, 2), classes(9, 2)));
        assertTrue(e.getMessage().contains("10") && e.getMessage().contains("9"), e.getMessage());
    }
}
