package org.paramlab.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import tech.tablesaw.api.Table;

/**
 * The poems of the Tang quatrains table as plain strings, and a seeded split by poem into training
 * and validation poems. The split is by whole poem, so no line of a validation poem is ever seen
 * in training: the validation loss measures how well the model writes poems it has not read.
 *
 * <pre>{@code
 * List<String> poems = Poems.simplified(Datasets.tangQuatrains());   // 3,509 strings of 24 characters
 * Poems.Split split = Poems.split(poems, 0.1, 42);                    // 3,158 train, 351 validation
 * }</pre>
 */
public final class Poems {

    /** Characters of a quatrain: four lines of five characters, each with its mark (，。，。). */
    public static final int LENGTH = 24;

    /** Training and validation poems. */
    public record Split(List<String> train, List<String> validation) {
        public Split {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
        }

        /** The counts, not the 3,509 poems (a notebook cell that shows a split stays short). */
        @Override
        public String toString() {
            return "Split[" + train.size() + " training poems, " + validation.size() + " validation poems]";
        }
    }

    private Poems() { }

    /** The {@code simplified} column of {@code Datasets.tangQuatrains()}, in table order. */
    public static List<String> simplified(Table quatrains) {
        return column(quatrains, "simplified");
    }

    /** The {@code traditional} column of {@code Datasets.tangQuatrains()}, in table order. */
    public static List<String> traditional(Table quatrains) {
        return column(quatrains, "traditional");
    }

    private static List<String> column(Table quatrains, String name) {
        if (quatrains == null || !quatrains.containsColumn(name)) {
            throw new IllegalArgumentException("expected the table of Datasets.tangQuatrains() with a column '" + name
                    + "', got " + (quatrains == null ? "null" : "columns " + quatrains.columnNames()));
        }
        return List.copyOf(quatrains.stringColumn(name).asList());
    }

    /**
     * Shuffles the poems with {@code seed} and puts {@code round(validationFraction * n)} of them
     * into validation, the rest into training (each keeps the shuffled order).
     */
    public static Split split(List<String> poems, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        int validation = (int) Math.round(validationFraction * poems.size());
        if (validation < 1 || validation >= poems.size()) {
            throw new IllegalArgumentException("a split of " + poems.size() + " poems with validation fraction "
                    + validationFraction + " leaves a part empty");
        }
        List<String> order = new ArrayList<>(poems);
        Collections.shuffle(order, new Random(seed));
        return new Split(order.subList(validation, order.size()), order.subList(0, validation));
    }
}
