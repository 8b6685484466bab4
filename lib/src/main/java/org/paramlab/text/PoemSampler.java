package org.paramlab.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.LogSumExp;
import org.paramlab.layers.EvaluationMode;
import org.paramlab.layers.Layer;

/**
 * Lets a next-character model write: start from a context of {@code <end>}s, ask the model for the
 * scores (logits) of every token, draw one, slide the context, repeat — until the model says
 * {@code <end>} or 25 tokens are written. The temperature (温度) T reshapes the distribution:
 * <pre>
 *   p_j = e^(z_j / T) / sum_k e^(z_k / T)      T &lt; 1: bolder favorites, safer text
 *                                               T = 1: the model's own probabilities
 *                                               T &gt; 1: flatter, more surprising (and more broken) text
 * </pre>
 * The model is any {@link Layer} that maps rows of {@code contextSize + 1} numbers (context ids,
 * oldest first, then the position, as in {@link NextCharacterExamples}) to one logit per token of the
 * vocabulary. It runs in evaluation mode; several poems are written side by side, one row each.
 *
 * <pre>{@code
 * PoemSampler sampler = new PoemSampler(model, vocab);
 * String poem = sampler.sample(0.8, new Random(42));
 * String noGaps = sampler.withoutUnknown().sample(0.8, new Random(42));   // never □
 * List<String> poems = sampler.samples(10, 1.0, 42);
 * double perfect = sampler.perfectFormShare(200, 1.0, 42);     // 4 lines of 5, ，。，。
 * String greedy = sampler.withoutUnknown().mostLikely("白日依山尽，");   // the favorite at every step
 * }</pre>
 */
public final class PoemSampler {

    /** Four lines of five Han characters, ending ，。，。 (Han: one Java char each, as in the dataset). */
    private static final Pattern PERFECT_FORM = Pattern.compile("(\\p{IsHan}{5}，\\p{IsHan}{5}。){2}");

    private final Layer model;
    private final CharacterVocabulary vocabulary;
    private final int contextSize;
    private final boolean allowUnknown;

    /** A sampler for a model with the default context of {@value NextCharacterExamples#DEFAULT_CONTEXT} tokens. */
    public PoemSampler(Layer model, CharacterVocabulary vocabulary) {
        this(model, vocabulary, NextCharacterExamples.DEFAULT_CONTEXT);
    }

    public PoemSampler(Layer model, CharacterVocabulary vocabulary, int contextSize) {
        this(model, vocabulary, contextSize, true);
    }

    private PoemSampler(Layer model, CharacterVocabulary vocabulary, int contextSize, boolean allowUnknown) {
        if (model == null || vocabulary == null) {
            throw new IllegalArgumentException("a poem sampler needs a model and a vocabulary, got "
                    + (model == null ? "no model" : "no vocabulary"));
        }
        if (contextSize < 1) {
            throw new IllegalArgumentException("the context needs at least 1 previous token, got " + contextSize);
        }
        this.model = model;
        this.vocabulary = vocabulary;
        this.contextSize = contextSize;
        this.allowUnknown = allowUnknown;
    }

    /**
     * The same sampler, but it never writes {@code <unk>}: its probability is set to 0 and the others
     * share what it had. Why: all the rare characters together make {@code <unk>} more frequent than
     * any one character (3.7 % of the training characters against 1.5 % for 不, the most frequent),
     * so at low temperatures a model fills its lines with □.
     */
    public PoemSampler withoutUnknown() {
        return new PoemSampler(model, vocabulary, contextSize, false);
    }

    /** One poem at temperature T, drawn with {@code rng}. */
    public String sample(double temperature, Random rng) {
        return write(1, temperature, rng).get(0);
    }

    /** {@code n} poems at temperature T from one seed: the same seed gives the same poems. */
    public List<String> samples(int n, double temperature, long seed) {
        return write(n, temperature, new Random(seed));
    }

    /**
     * The poem that starts with {@code start} (e.g. a first line and its comma) and goes on with the
     * most likely token at every step (greedy decoding, the limit T → 0 of sampling), until
     * {@code <end>} or 25 tokens; without {@code <unk>} if this sampler never writes it. No chance is
     * involved, so two models write the same continuation as long as they agree on the favorite
     * token at every step: a small change in the probabilities changes nothing unless it changes the
     * order of the first two.
     */
    public String mostLikely(String start) {
        if (start == null || start.length() >= NextCharacterExamples.TARGETS_PER_POEM) {
            throw new IllegalArgumentException("the start of a poem must have 0.." + (NextCharacterExamples.TARGETS_PER_POEM - 1)
                    + " characters, got " + (start == null ? "null" : start.length() + ": " + start));
        }
        int[] tokens = new int[NextCharacterExamples.TARGETS_PER_POEM];
        int[] given = vocabulary.encode(start);
        System.arraycopy(given, 0, tokens, 0, given.length);
        FMatrixRMaj input = new FMatrixRMaj(1, contextSize + 1);
        int first = allowUnknown ? 0 : CharacterVocabulary.UNKNOWN_ID + 1;    // <unk> is id 0
        for (int position = given.length; position < tokens.length; position++) {
            NextCharacterExamples.setInput(input, 0, tokens, position, contextSize);
            FMatrixRMaj logits = EvaluationMode.predict(model, input);
            int best = first;
            for (int c = first + 1; c < logits.numCols; c++) {
                if (logits.get(0, c) > logits.get(0, best)) {
                    best = c;
                }
            }
            tokens[position] = best;
            if (best == CharacterVocabulary.END_ID) {
                break;
            }
        }
        return vocabulary.decode(tokens);
    }

    /** The share of {@code n} sampled poems that have the perfect form (see {@link #isPerfectForm}). */
    public double perfectFormShare(int n, double temperature, long seed) {
        int perfect = 0;
        for (String poem : samples(n, temperature, seed)) {
            if (isPerfectForm(poem)) {
                perfect++;
            }
        }
        return (double) perfect / n;
    }

    /** Whether the text is four lines of five Han characters with the marks ，。，。 — nothing more, nothing less. */
    public static boolean isPerfectForm(String text) {
        return text != null && PERFECT_FORM.matcher(text).matches();
    }

    @Override
    public String toString() {
        return "PoemSampler(" + model.name() + ", vocabulary " + vocabulary.size() + ", context " + contextSize
                + (allowUnknown ? "" : ", never <unk>") + ")";
    }

    /** Writes n poems side by side: one input row per poem, one forward pass per position. */
    private List<String> write(int n, double temperature, Random rng) {
        if (n < 1) {
            throw new IllegalArgumentException("number of poems must be >= 1, got " + n);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        int steps = NextCharacterExamples.TARGETS_PER_POEM;
        int[][] tokens = new int[n][steps];
        boolean[] ended = new boolean[n];
        FMatrixRMaj input = new FMatrixRMaj(n, contextSize + 1);
        for (int position = 0; position < steps; position++) {
            for (int r = 0; r < n; r++) {
                NextCharacterExamples.setInput(input, r, tokens[r], position, contextSize);   // the text so far
            }
            FMatrixRMaj logits = EvaluationMode.predict(model, input);
            if (logits.numRows != n || logits.numCols != vocabulary.size()) {
                throw new IllegalArgumentException("the model should give " + n + " x " + vocabulary.size()
                        + " logits (one per token of the vocabulary) for " + n + " x " + (contextSize + 1)
                        + " inputs, got " + logits.numRows + " x " + logits.numCols);
            }
            for (int r = 0; r < n; r++) {
                int next = draw(logits, r, temperature, allowUnknown, rng);          // drawn for every row: same seed, same poems
                if (!ended[r]) {
                    tokens[r][position] = next;
                    ended[r] = next == CharacterVocabulary.END_ID;
                } else {
                    tokens[r][position] = CharacterVocabulary.END_ID;
                }
            }
        }
        List<String> poems = new ArrayList<>();
        for (int[] poem : tokens) {
            poems.add(vocabulary.decode(poem));
        }
        return poems;
    }

    /**
     * A token drawn from {@code softmax(z / T)} of row r: the first j with u < p_0 + … + p_j. Without
     * {@code <unk>}, its p is 0 (left out of the maximum and the sum, so the rest is renormalized).
     */
    private static int draw(FMatrixRMaj logits, int row, double temperature, boolean allowUnknown, Random rng) {
        int cols = logits.numCols;
        double[] p = new double[cols];
        int first = allowUnknown ? 0 : CharacterVocabulary.UNKNOWN_ID + 1;  // <unk> is id 0
        int start = row * cols;
        double max = LogSumExp.maxInDouble(logits.data, start, first, cols, temperature);
        double sum = LogSumExp.sumOfExponentialsInDouble(logits.data, start, first, cols, temperature, max, p);
        double u = rng.nextDouble() * sum;                              // dividing u by the sum = normalizing p
        double cumulative = 0;
        for (int c = first; c < cols; c++) {
            cumulative += p[c];
            if (u < cumulative) {
                return c;
            }
        }
        return lastPositive(p);
    }

    /** Where rounding leaves u past the last partial sum: the last token with a probability above 0. */
    private static int lastPositive(double[] p) {
        for (int c = p.length - 1; c >= 0; c--) {
            if (p[c] > 0) {
                return c;
            }
        }
        throw new IllegalStateException("no token has a probability above 0: " + Arrays.toString(p));
    }
}
