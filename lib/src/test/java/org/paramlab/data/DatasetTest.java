package org.paramlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class DatasetTest {

    static Table weather() {
        return Table.create("weather",
                DoubleColumn.create("temp", 23, 18, 30, 12, 25, 9),
                IntColumn.create("wind", 5, 2, 1, 7, 3, 6),
                StringColumn.create("sky", "sun", "rain", "sun", "fog", "sun", "rain"),
                DoubleColumn.create("rain_mm", 0, 4.5, 0, 1, 0, 12));
    }

    @Test
    void numericTargetGivesRegression() {
        Dataset data = Dataset.fromTable(weather(), "rain_mm", "temp", "wind");
        assertFalse(data.isClassification());
        assertEquals(6, data.size());
        assertEquals(List.of("temp", "wind"), data.featureNames());
        assertEquals(List.of("rain_mm"), data.targetNames());
        assertEquals(List.of(), data.classNames());
        assertEquals(2, data.numFeatures());
        assertEquals(1, data.numTargets());
        assertEquals(30f, data.features().get(2, 0));
        assertEquals(7f, data.features().get(3, 1));
        assertEquals(12f, data.targets().get(5, 0));
    }

    @Test
    void textTargetGivesOneHotClassesInSortedOrder() {
        Dataset data = Dataset.fromTable(weather(), "sky", "temp", "wind");
        assertTrue(data.isClassification());
        assertEquals(List.of("fog", "rain", "sun"), data.classNames());
        assertEquals(3, data.numTargets());
        assertArrayEquals(new int[] {2, 1, 2, 0, 2, 1}, data.labels());
        assertArrayEquals(new float[] {0, 1, 0}, row(data.targets(), 1));
        assertTrue(data.toString().contains("6 examples, 2 features [temp, wind], classes [fog, rain, sun]"), data.toString());
    }

    @Test
    void numberLabelsCanBeClasses() {
        Table digits = Table.create("digits", DoubleColumn.create("pixel", 1, 2, 3, 4),
                IntColumn.create("label", 10, 2, 2, 7));
        Dataset data = Dataset.classesFromTable(digits, "label");
        assertEquals(List.of("2", "7", "10"), data.classNames(), "sorted as numbers, not as text");
        assertArrayEquals(new int[] {2, 0, 0, 1}, data.labels());
        assertEquals(List.of("pixel"), data.featureNames(), "no feature list: every other column");
    }

    @Test
    void withoutFeatureNamesEveryOtherColumnIsAFeatureAndMustBeNumeric() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.fromTable(weather(), "rain_mm"));
        assertEquals("feature column 'sky' has type STRING, but features must be numeric (encode it first, e.g. with OneHot.columns)",
                e.getMessage());
        Dataset encoded = Dataset.fromTable(OneHot.columns(weather(), "sky"), "rain_mm");
        assertEquals(List.of("temp", "wind", "sky=fog", "sky=rain", "sky=sun"), encoded.featureNames());
        assertArrayEquals(new float[] {12, 7, 1, 0, 0}, row(encoded.features(), 3));
    }

    @Test
    void clearErrorsForBadTables() {
        assertEquals("target column 'snow' is not in table 'weather'; its columns are [temp, wind, sky, rain_mm]",
                assertThrows(IllegalArgumentException.class, () -> Dataset.fromTable(weather(), "snow")).getMessage());
        assertEquals("feature column 'humidity' is not in table 'weather'; its columns are [temp, wind, sky, rain_mm]",
                assertThrows(IllegalArgumentException.class,
                        () -> Dataset.fromTable(weather(), "rain_mm", "temp", "humidity")).getMessage());
        assertEquals("table 'weather' is empty: a dataset needs at least one row",
                assertThrows(IllegalArgumentException.class,
                        () -> Dataset.fromTable(weather().emptyCopy(), "rain_mm", "temp")).getMessage());
        assertEquals("column 'rain_mm' is the target; it cannot also be a feature",
                assertThrows(IllegalArgumentException.class,
                        () -> Dataset.fromTable(weather(), "rain_mm", "temp", "rain_mm")).getMessage());
        Table gap = weather();
        gap.doubleColumn("temp").setMissing(4);
        assertEquals("feature column 'temp' has a missing value in row 4",
                assertThrows(IllegalArgumentException.class, () -> Dataset.fromTable(gap, "rain_mm", "temp")).getMessage());
        Table oneClass = Table.create("t", DoubleColumn.create("x", 1, 2), StringColumn.create("y", "a", "a"));
        assertEquals("target column 'y' has only one class [a]: classification needs at least 2",
                assertThrows(IllegalArgumentException.class, () -> Dataset.fromTable(oneClass, "y")).getMessage());
    }

    @Test
    void clearErrorsForBadMatrices() {
        assertEquals("features and targets need one row per example: features have 3 rows (3x2), targets have 4 rows (4x1)",
                assertThrows(IllegalArgumentException.class,
                        () -> Dataset.of(new FMatrixRMaj(3, 2), new FMatrixRMaj(4, 1))).getMessage());
        assertEquals("label 3 at index 1 is outside the classes 0..2",
                assertThrows(IllegalArgumentException.class,
                        () -> Dataset.ofClasses(new FMatrixRMaj(2, 2), new int[] {0, 3}, "a", "b", "c")).getMessage());
        assertEquals("classification needs at least 2 class names, got [a]",
                assertThrows(IllegalArgumentException.class,
                        () -> Dataset.ofClasses(new FMatrixRMaj(2, 2), new int[] {0, 0}, "a")).getMessage());
        assertEquals("labels() needs a classification dataset; this one is regression on [y0]",
                assertThrows(IllegalStateException.class,
                        () -> Dataset.of(new FMatrixRMaj(2, 2), new FMatrixRMaj(2, 1)).labels()).getMessage());
    }

    /** n examples: feature = row number, target = 2 x row number, so rows can be traced through splits and batches. */
    static Dataset numbered(int n) {
        FMatrixRMaj x = new FMatrixRMaj(n, 1);
        FMatrixRMaj y = new FMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            x.set(i, 0, i);
            y.set(i, 0, 2 * i);
        }
        return Dataset.of(x, y);
    }

    @Test
    void splitIsSeededDisjointAndComplete() {
        List<Dataset> parts = numbered(100).split(42, 0.7, 0.2, 0.1);
        assertEquals(70, parts.get(0).size());
        assertEquals(20, parts.get(1).size());
        assertEquals(10, parts.get(2).size());
        Set<Float> seen = new HashSet<>();
        for (Dataset part : parts) {
            for (int i = 0; i < part.size(); i++) {
                float x = part.features().get(i, 0);
                assertTrue(seen.add(x), "example " + x + " appears twice");
                assertEquals(2 * x, part.targets().get(i, 0), "features and targets stay together");
            }
        }
        assertEquals(100, seen.size());
        assertArrayEquals(numbered(100).split(42, 0.7, 0.2, 0.1).get(0).features().data, parts.get(0).features().data,
                "same seed, same split");
        assertFalse(java.util.Arrays.equals(numbered(100).split(43, 0.7, 0.2, 0.1).get(0).features().data,
                parts.get(0).features().data), "other seed, other split");
        // shuffled, not just cut: the training part is not rows 0..69
        float[] firstRows = new float[70];
        for (int i = 0; i < 70; i++) {
            firstRows[i] = i;
        }
        assertFalse(java.util.Arrays.equals(firstRows, parts.get(0).features().data));
    }

    @Test
    void trainValidationTestSplit() {
        Dataset.Split split = numbered(50).trainValidationTest(1, 0.6, 0.2);
        assertEquals(30, split.train().size());
        assertEquals(10, split.validation().size());
        assertEquals(10, split.test().size());
        assertEquals("train 0.8 + validation 0.2 must leave a test fraction > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> numbered(50).trainValidationTest(1, 0.8, 0.2)).getMessage());
    }

    @Test
    void badSplitsAreRejected() {
        assertEquals("split fractions must add up to 1, got 0.9 from [0.7, 0.2]",
                assertThrows(IllegalArgumentException.class, () -> numbered(10).split(1, 0.7, 0.2)).getMessage());
        assertEquals("split fractions must be in (0, 1], got 1.5 in [1.5, -0.5]",
                assertThrows(IllegalArgumentException.class, () -> numbered(10).split(1, 1.5, -0.5)).getMessage());
        assertEquals("split part 1 (fraction 0.01) of 10 examples would be empty; use a larger fraction or more data",
                assertThrows(IllegalArgumentException.class, () -> numbered(10).split(1, 0.98, 0.01, 0.01)).getMessage());
    }

    @Test
    void subsetAndTable() {
        Dataset data = Dataset.fromTable(weather(), "sky", "temp");
        Dataset two = data.subset(3, 0);
        assertEquals(12f, two.features().get(0, 0));
        assertEquals(List.of("fog", "sun"), two.toTable().stringColumn("sky").asList());
        assertEquals(List.of("fog", "rain", "sun"), two.classNames(), "a subset keeps all class names");
        assertEquals("row 6 is outside the dataset of 6 examples",
                assertThrows(IndexOutOfBoundsException.class, () -> data.subset(6)).getMessage());
    }

    static float[] row(FMatrixRMaj m, int i) {
        float[] r = new float[m.numCols];
        for (int j = 0; j < m.numCols; j++) {
            r[j] = m.get(i, j);
        }
        return r;
    }
}
