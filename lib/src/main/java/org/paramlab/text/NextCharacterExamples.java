package org.paramlab.text;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.data.Dataset;
import org.paramlab.data.ClassIds;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The training examples of a next-character model (as in makemore and Bengio et al. 2003): every
 * poem is 24 tokens followed by {@code <end>}, so it gives 25 targets. The input of each target is
 * the ids of the {@code contextSize} tokens before it (default 6), padded at the start of the poem
 * with {@code <end>} as makemore pads with '.', and the target's position 0..24.
 * <pre>
 *   tokens  白 日 依 山 尽 ， 黄 … 楼 。 &lt;end&gt;          (positions 0..24)
 *   input   [&lt;end&gt; &lt;end&gt; &lt;end&gt; &lt;end&gt; &lt;end&gt; &lt;end&gt;] 0  -> target 白
 *           [&lt;end&gt; &lt;end&gt; &lt;end&gt; &lt;end&gt; &lt;end&gt; 白]    1  -> target 日
 *           [白 日 依 山 尽 ，]                  6  -> target 黄
 * </pre>
 * The input row is {@code contextSize + 1} floats: the context ids, oldest first (column
 * {@code contextSize - 1} is the token just before the target), then the position.
 *
 * <pre>{@code
 * NextCharacterExamples train = NextCharacterExamples.of(split.train(), vocab);   // 25 per poem
 * FMatrixRMaj x = train.inputs();        // n x 7: t-6 .. t-1, position
 * int[] y = train.targets();             // n target ids
 * Dataset data = train.dataset();        // x with class-id targets, for Trainer and SoftmaxCrossEntropy
 * }</pre>
 *
 * <p><b>Memory:</b> {@link #dataset()} holds the targets as class ids ({@link ClassIds}), one number
 * per example. One-hot rows would take 3,158 poems x 25 = 78,950 examples x 2,004 tokens x 4 bytes =
 * 633 MB; as class ids the whole training set is 2.5 MB. {@code SoftmaxCrossEntropy}, the accuracy
 * and the distillation loss read class ids directly.
 */
public final class NextCharacterExamples {

    /** The context of the model: the 6 previous tokens. */
    public static final int DEFAULT_CONTEXT = 6;
    /** Targets per poem: its 24 characters and marks, then {@code <end>}. */
    public static final int TARGETS_PER_POEM = Poems.LENGTH + 1;

    private final CharacterVocabulary vocabulary;
    private final int contextSize;
    private final FMatrixRMaj inputs;    // n x (contextSize + 1)
    private final int[] targets;         // n

    private NextCharacterExamples(CharacterVocabulary vocabulary, int contextSize, FMatrixRMaj inputs, int[] targets) {
        this.vocabulary = vocabulary;
        this.contextSize = contextSize;
        this.inputs = inputs;
        this.targets = targets;
    }

    /** The examples of the poems with a context of {@value #DEFAULT_CONTEXT} tokens. */
    public static NextCharacterExamples of(List<String> poems, CharacterVocabulary vocabulary) {
        return of(poems, vocabulary, DEFAULT_CONTEXT);
    }

    /** The examples of the poems (each {@value Poems#LENGTH} characters) with the given context size. */
    public static NextCharacterExamples of(List<String> poems, CharacterVocabulary vocabulary, int contextSize) {
        if (contextSize < 1) {
            throw new IllegalArgumentException("the context needs at least 1 previous token, got " + contextSize);
        }
        if (poems == null || poems.isEmpty()) {
            throw new IllegalArgumentException("no poems given to make examples from");
        }
        int n = poems.size() * TARGETS_PER_POEM;
        FMatrixRMaj inputs = new FMatrixRMaj(n, contextSize + 1);
        int[] targets = new int[n];
        int row = 0;
        for (int p = 0; p < poems.size(); p++) {
            int[] tokens = tokensOf(poems.get(p), p, vocabulary);
            for (int position = 0; position < tokens.length; position++) {
                setInput(inputs, row, tokens, position, contextSize);
                targets[row] = tokens[position];
                row++;
            }
        }
        return new NextCharacterExamples(vocabulary, contextSize, inputs, targets);
    }

    /**
     * Row {@code row} of {@code inputs}: the {@code contextSize} tokens before {@code position}, oldest
     * first, {@code <end>} where the poem has not started yet; then the position.
     */
    static void setInput(FMatrixRMaj inputs, int row, int[] tokens, int position, int contextSize) {
        for (int j = 0; j < contextSize; j++) {
            int source = position - contextSize + j;                   // t-6 .. t-1
            inputs.set(row, j, source < 0 ? CharacterVocabulary.END_ID : tokens[source]);
        }
        inputs.set(row, contextSize, position);
    }

    /** The 25 token ids of a poem: its 24 characters and marks, then {@code <end>}. */
    static int[] tokensOf(String poem, int index, CharacterVocabulary vocabulary) {
        if (poem == null || poem.length() != Poems.LENGTH) {
            throw new IllegalArgumentException("poem " + index + " should have " + Poems.LENGTH
                    + " characters (four lines of five and their marks), got "
                    + (poem == null ? "null" : poem.length() + ": " + poem));
        }
        int[] tokens = Arrays.copyOf(vocabulary.encode(poem), TARGETS_PER_POEM);
        tokens[Poems.LENGTH] = CharacterVocabulary.END_ID;
        return tokens;
    }

    /** Number of examples: 25 per poem. */
    public int size() {
        return targets.length;
    }

    public int contextSize() {
        return contextSize;
    }

    public CharacterVocabulary vocabulary() {
        return vocabulary;
    }

    /** The inputs, {@code n x (contextSize + 1)}: context ids oldest first, then the position. Do not change it. */
    public FMatrixRMaj inputs() {
        return inputs;
    }

    /** The target token id of every example. Do not change it. */
    public int[] targets() {
        return targets;
    }

    /** The names of the input columns: {@code t-6 … t-1, position}. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < contextSize; j++) {
            names.add("t-" + (contextSize - j));
        }
        names.add("position");
        return names;
    }

    /**
     * All examples as a classification {@link Dataset}: the inputs as features and the target tokens
     * as class ids over the vocabulary (its tokens are the class names). See the memory note above.
     */
    public Dataset dataset() {
        int[] all = new int[size()];
        Arrays.setAll(all, i -> i);
        return dataset(all);
    }

    /** The examples at the given rows, in that order, as a {@link Dataset} with class-id targets. */
    public Dataset dataset(int... rows) {
        FMatrixRMaj x = new FMatrixRMaj(rows.length, inputs.numCols);
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            checkRow(rows[i]);
            System.arraycopy(inputs.data, rows[i] * inputs.numCols, x.data, i * x.numCols, x.numCols);
            y[i] = targets[rows[i]];
        }
        return Dataset.ofClassIds(x, y, inputNames(), "next", vocabulary.tokens());
    }

    /**
     * The examples at one position of every poem (position 12: the first character of line 3 of each
     * poem), as a {@link Dataset} with class-id targets, in poem order.
     */
    public Dataset atPosition(int position) {
        if (position < 0 || position >= TARGETS_PER_POEM) {
            throw new IllegalArgumentException("position must be in 0.." + (TARGETS_PER_POEM - 1) + ", got " + position);
        }
        int[] rows = new int[size() / TARGETS_PER_POEM];
        for (int p = 0; p < rows.length; p++) {
            rows[p] = p * TARGETS_PER_POEM + position;      // 25 examples per poem, in position order
        }
        return dataset(rows);
    }

    /** {@code count} examples drawn without replacement with the seed, as a {@link Dataset} with class-id targets. */
    public Dataset sample(int count, long seed) {
        if (count < 1 || count > size()) {
            throw new IllegalArgumentException("sample size must be in 1.." + size() + ", got " + count);
        }
        int[] order = new int[size()];
        Arrays.setAll(order, i -> i);
        Random rng = new Random(seed);
        for (int i = 0; i < count; i++) {                   // the first count steps of a Fisher-Yates shuffle
            int j = i + rng.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return dataset(Arrays.copyOf(order, count));
    }

    /** Examples {@code from .. from+count-1} as text, to read: the context, the position and the target. */
    public Table table(int from, int count) {
        checkRow(from);
        int to = Math.min(size(), from + count);
        StringColumn context = StringColumn.create(label("context"));
        IntColumn position = IntColumn.create(label("position"));
        StringColumn target = StringColumn.create(label("target"));
        for (int r = from; r < to; r++) {
            StringBuilder text = new StringBuilder();
            for (int j = 0; j < contextSize; j++) {
                text.append(j == 0 ? "" : " ").append(vocabulary.token((int) inputs.get(r, j)));
            }
            context.append(text.toString());
            position.append((int) inputs.get(r, contextSize));
            target.append(vocabulary.token(targets[r]));
        }
        return Table.create(label("next-character examples %d..%d", from, to - 1), context, position, target);
    }

    private void checkRow(int row) {
        if (row < 0 || row >= size()) {
            throw new IndexOutOfBoundsException("example " + row + " is outside the " + size() + " examples");
        }
    }

    @Override
    public String toString() {
        return "NextCharacterExamples(" + size() + " examples = " + size() / TARGETS_PER_POEM + " poems x "
                + TARGETS_PER_POEM + ", context " + contextSize + ", vocabulary " + vocabulary.size() + ")";
    }
}
