package org.paramlab.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import tech.tablesaw.api.Table;

/**
 * The poems of the Tang quatrains table as plain strings, and a seeded split by poem into training
 * and validation poems. The split is by whole poem: the validation loss measures how well the model
 * writes poems it has not read. (Whole poems, not lines: a line a poet reused, or a stock phrase of
 * five characters, can still occur in a training poem and a validation poem; {@link #lines} lets a
 * notebook count them.)
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
     * The lines of a text: the pieces between the marks ，and 。, without the marks (a quatrain has
     * four lines of five characters; a broken sample may have longer, shorter or no complete lines;
     * text after the last mark is a line too).
     * <pre>{@code
     * Poems.lines("白日依山尽，黄河入海流。欲穷千里目，更上一层楼。")   // [白日依山尽, 黄河入海流, 欲穷千里目, 更上一层楼]
     * }</pre>
     */
    public static List<String> lines(String text) {
        if (text == null) {
            throw new IllegalArgumentException("lines of a text: the text is null");
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '，' || c == '。') {
                if (line.length() > 0) {
                    lines.add(line.toString());
                }
                line.setLength(0);
            } else {
                line.append(c);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
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
