package org.paramlab.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import tech.tablesaw.api.Table;

/**
 * Which characters rhyme, by the rhyme groups of regulated verse (the 平水韵, 106 groups; see
 * {@code Datasets.pingshuiRhymes()}). Two characters rhyme if they share a group. A character read
 * in two ways is in two groups; a simplified character that stands for several traditional ones
 * (后 for 後 and 后) is in every group of each.
 *
 * <p>A quatrain (绝句) rhymes at the end of lines 2 and 4, the characters at index 10 and 22 of its
 * 24: {@link #linesTwoAndFour} counts how many poems do. Two controls tell what that share means:
 * the same count with line 2 of each poem against line 4 of the next poem ({@link #shuffledPairs}),
 * which keeps which characters end lines but not which poem they are in, so it measures rhyme by chance.
 *
 * <pre>{@code
 * RhymeTable rhymes = RhymeTable.of(Datasets.pingshuiRhymes());
 * rhymes.rhyme('流', '楼');                             // true: both 下平聲十一尤
 * RhymeTable.Count real = rhymes.linesTwoAndFour(split.validation());
 * RhymeTable.Count chance = rhymes.shuffledPairs(split.validation());
 * }</pre>
 */
public final class RhymeTable {

    /** Index of the last character of line 2 in a 24-character quatrain (5 characters + mark per line). */
    public static final int LINE_TWO_END = 10;
    /** Index of the last character of line 4. */
    public static final int LINE_FOUR_END = 22;

    /**
     * Of {@code pairs} pairs of line ends whose characters are both in the table, {@code rhyming} share a
     * group; {@code unknown} pairs were left out because a character is not in the table (or the text
     * is not a quatrain: see {@link #linesTwoAndFour}).
     */
    public record Count(int rhyming, int pairs, int unknown) {
        /** {@code rhyming / pairs}. */
        public double share() {
            if (pairs == 0) {
                throw new IllegalStateException("no pair of line ends could be looked up (" + unknown + " left out)");
            }
            return (double) rhyming / pairs;
        }
    }

    private final Map<Character, Set<String>> groups = new HashMap<>();

    private RhymeTable() { }

    /** The table of {@code Datasets.pingshuiRhymes()}: columns group, traditional and simplified. */
    public static RhymeTable of(Table rhymes) {
        if (rhymes == null || !rhymes.containsColumn("group") || !rhymes.containsColumn("traditional")
                || !rhymes.containsColumn("simplified")) {
            throw new IllegalArgumentException("expected the table of Datasets.pingshuiRhymes() with columns group, "
                    + "traditional, simplified; got " + (rhymes == null ? "null" : "columns " + rhymes.columnNames()));
        }
        RhymeTable table = new RhymeTable();
        for (int row = 0; row < rhymes.rowCount(); row++) {
            String group = rhymes.stringColumn("group").get(row);
            String traditional = rhymes.stringColumn("traditional").get(row);
            String simplified = rhymes.stringColumn("simplified").get(row);
            if (traditional.length() != simplified.length()) {
                throw new IllegalArgumentException("rhyme group " + group + " (row " + row + "): " + traditional.length()
                        + " traditional but " + simplified.length() + " simplified characters; they go one for one");
            }
            for (int i = 0; i < traditional.length(); i++) {
                table.groups.computeIfAbsent(traditional.charAt(i), c -> new TreeSet<>()).add(group);
                table.groups.computeIfAbsent(simplified.charAt(i), c -> new TreeSet<>()).add(group);
            }
        }
        return table;
    }

    /** Whether the character is in some group. */
    public boolean contains(char c) {
        return groups.containsKey(c);
    }

    /** The groups of a character (traditional or simplified), in name order; empty if it is in none. */
    public Set<String> groups(char c) {
        return Set.copyOf(groups.getOrDefault(c, Set.of()));
    }

    /** Whether two characters share a rhyme group (false if either is in none). */
    public boolean rhyme(char a, char b) {
        Set<String> ga = groups.get(a);
        Set<String> gb = groups.get(b);
        if (ga == null || gb == null) {
            return false;
        }
        for (String g : ga) {
            if (gb.contains(g)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many of the poems end lines 2 and 4 in characters that rhyme. Only texts in the perfect form
     * ({@link PoemSampler#isPerfectForm}) are counted; the others, and poems with an end character
     * that is in no group, are counted as {@code unknown}.
     */
    public Count linesTwoAndFour(List<String> poems) {
        return count(poems, 0);
    }

    /**
     * The control: line 2 of poem i against line 4 of poem i + 1 (the last against the first), among
     * the poems in the perfect form. Which characters end lines is kept; which poem they belong to is
     * not, so this is how often lines rhyme by chance.
     */
    public Count shuffledPairs(List<String> poems) {
        return count(poems, 1);
    }

    private Count count(List<String> poems, int shift) {
        if (poems == null || poems.isEmpty()) {
            throw new IllegalArgumentException("no poems given to count rhymes in");
        }
        List<String> quatrains = poems.stream().filter(PoemSampler::isPerfectForm).toList();
        int rhyming = 0;
        int pairs = 0;
        int unknown = poems.size() - quatrains.size();
        for (int i = 0; i < quatrains.size(); i++) {
            char a = quatrains.get(i).charAt(LINE_TWO_END);
            char b = quatrains.get((i + shift) % quatrains.size()).charAt(LINE_FOUR_END);
            if (!contains(a) || !contains(b)) {
                unknown++;
            } else {
                pairs++;
                if (rhyme(a, b)) {
                    rhyming++;
                }
            }
        }
        return new Count(rhyming, pairs, unknown);
    }

    @Override
    public String toString() {
        Set<String> all = new TreeSet<>();
        groups.values().forEach(all::addAll);
        return "RhymeTable(" + all.size() + " groups, " + groups.size() + " characters in either script)";
    }
}
