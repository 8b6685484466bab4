package org.paramlab.text;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The vocabulary (词表) of a character-level language model: 4 special tokens, then the {@code k}
 * most frequent characters of the training poems. Every token has an id, the row of the output
 * layer that scores it; a character outside the vocabulary becomes {@code <unk>}.
 * <pre>
 *   id 0 &lt;unk&gt;  a character the model does not know
 *   id 1 ，      the comma that ends lines 1 and 3
 *   id 2 。      the full stop that ends lines 2 and 4
 *   id 3 &lt;end&gt;  the end of the poem (and the padding before its start)
 *   id 4 …       characters, most frequent first; equal counts in character (Unicode) order
 * </pre>
 *
 * <pre>{@code
 * CharacterVocabulary vocab = CharacterVocabulary.mostFrequent(split.train(), 2000);   // 2,004 tokens
 * int[] ids = vocab.encode("白日依山尽，黄河入海流。欲穷千里目，更上一层楼。");          // 24 ids
 * String poem = vocab.decode(ids);                      // the same text (□ where a character was <unk>)
 * }</pre>
 */
public final class CharacterVocabulary {

    public static final String UNKNOWN = "<unk>";
    public static final String COMMA = "，";
    public static final String FULL_STOP = "。";
    public static final String END = "<end>";

    public static final int UNKNOWN_ID = 0;
    public static final int COMMA_ID = 1;
    public static final int FULL_STOP_ID = 2;
    public static final int END_ID = 3;
    /** How many special tokens come before the characters. */
    public static final int SPECIAL_TOKENS = 4;

    /** How {@link #decode} shows {@code <unk>}: the mark the 全唐诗 itself uses for a lost character. */
    public static final char UNKNOWN_MARK = '□';

    private final List<String> tokens;                 // id -> token
    private final Map<Character, Integer> ids = new HashMap<>();  // character -> id

    private CharacterVocabulary(List<Character> characters) {
        List<String> all = new ArrayList<>(List.of(UNKNOWN, COMMA, FULL_STOP, END));
        ids.put(COMMA.charAt(0), COMMA_ID);
        ids.put(FULL_STOP.charAt(0), FULL_STOP_ID);
        for (char c : characters) {
            ids.put(c, all.size());
            all.add(String.valueOf(c));
        }
        this.tokens = Collections.unmodifiableList(all);
    }

    /**
     * The special tokens plus the {@code k} most frequent characters of {@code poems} (the marks ，。
     * are special tokens, not counted). Ties are broken by character order, so the vocabulary is the
     * same on every run. Fewer than {@code k} distinct characters: all of them.
     */
    public static CharacterVocabulary mostFrequent(List<String> poems, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("a vocabulary needs k >= 1 characters, got " + k);
        }
        List<Character> byCount = byCount(characterCounts(poems));
        return new CharacterVocabulary(byCount.subList(0, Math.min(k, byCount.size())));
    }

    /** The characters, most frequent first; equal counts keep character order (the sort is stable). */
    private static List<Character> byCount(Map<Character, Integer> counts) {
        List<Character> characters = new ArrayList<>(counts.keySet());     // TreeMap keys: character order
        characters.sort((a, b) -> Integer.compare(counts.get(b), counts.get(a)));
        return characters;
    }

    /** How often each character occurs in the poems (marks ，。 left out), in character order. */
    static Map<Character, Integer> characterCounts(List<String> poems) {
        if (poems == null || poems.isEmpty()) {
            throw new IllegalArgumentException("no poems given to count characters in");
        }
        Map<Character, Integer> counts = new TreeMap<>();
        for (String poem : poems) {
            for (char c : poem.toCharArray()) {
                if (!isMark(c)) {
                    counts.merge(c, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /**
     * Every character of the poems by frequency (for a plot of the long tail): {@code rank} (1 = most
     * frequent), {@code character}, {@code count}, {@code share} of all characters, and
     * {@code cumulative} share of the characters up to this rank — how much text the top-k covers.
     */
    public static Table frequencyTable(List<String> poems) {
        Map<Character, Integer> counts = characterCounts(poems);
        List<Character> byCount = byCount(counts);
        double total = counts.values().stream().mapToLong(Integer::longValue).sum();
        IntColumn rank = IntColumn.create(label("rank"));
        StringColumn character = StringColumn.create(label("character"));
        IntColumn count = IntColumn.create(label("count"));
        DoubleColumn share = DoubleColumn.create(label("share"));
        DoubleColumn cumulative = DoubleColumn.create(label("cumulative"));
        long sum = 0;
        for (int i = 0; i < byCount.size(); i++) {
            int n = counts.get(byCount.get(i));
            sum += n;
            rank.append(i + 1);
            character.append(String.valueOf(byCount.get(i)));
            count.append(n);
            share.append(n / total);
            cumulative.append(sum / total);
        }
        return Table.create(label("character frequency"), rank, character, count, share, cumulative);
    }

    private static boolean isMark(char c) {
        return c == COMMA.charAt(0) || c == FULL_STOP.charAt(0);
    }

    /** Number of tokens: special tokens + characters (2,004 for k = 2,000). */
    public int size() {
        return tokens.size();
    }

    /** The id of a character: its row in the vocabulary, {@link #UNKNOWN_ID} if it is not in it. */
    public int id(char c) {
        return ids.getOrDefault(c, UNKNOWN_ID);
    }

    /** Whether the character has its own id (the marks ，。 do; rare characters do not). */
    public boolean contains(char c) {
        return ids.containsKey(c);
    }

    /** The token of an id: a character such as "山", or a special token ({@code <unk>}, ，, 。, {@code <end>}). */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IndexOutOfBoundsException("token id " + id + " is outside the vocabulary of " + tokens.size()
                    + " tokens (0.." + (tokens.size() - 1) + ")");
        }
        return tokens.get(id);
    }

    /** All tokens in id order (e.g. as the class names of a dataset). */
    public List<String> tokens() {
        return tokens;
    }

    /** One id per character of the text (a poem of 24 characters gives 24 ids). */
    public int[] encode(String text) {
        int[] out = new int[text.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(text.charAt(i));
        }
        return out;
    }

    /**
     * The text of a sequence of ids, up to the first {@code <end>}: {@code <unk>} is shown as
     * {@value #UNKNOWN_MARK}, so a poem keeps its length and a line its five places.
     */
    public String decode(int... ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            if (id == END_ID) {
                break;
            }
            text.append(id == UNKNOWN_ID ? String.valueOf(UNKNOWN_MARK) : token(id));
        }
        return text.toString();
    }

    /** The share of the poems' characters (marks not counted) that this vocabulary maps to {@code <unk>}. */
    public double unknownShare(List<String> poems) {
        long characters = 0;
        long unknown = 0;
        for (String poem : poems) {
            for (char c : poem.toCharArray()) {
                if (!isMark(c)) {
                    characters++;
                    if (!contains(c)) {
                        unknown++;
                    }
                }
            }
        }
        if (characters == 0) {
            throw new IllegalArgumentException("no characters in the " + poems.size() + " poems given");
        }
        return (double) unknown / characters;
    }

    @Override
    public String toString() {
        return "CharacterVocabulary(" + size() + " tokens: " + SPECIAL_TOKENS + " special + "
                + (size() - SPECIAL_TOKENS) + " characters, most frequent first: "
                + String.join("", tokens.subList(SPECIAL_TOKENS, Math.min(size(), SPECIAL_TOKENS + 10))) + " …)";
    }
}
