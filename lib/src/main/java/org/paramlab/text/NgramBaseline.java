package org.paramlab.text;

import java.util.List;
import java.util.Random;

/**
 * The counting baselines a neural language model has to beat (as in makemore, part 1). The table of
 * counts <em>is</em> the model's parameters: one number per cell.
 * <ul>
 *   <li><b>unigram</b>: {@code p(next)}, how often each token occurs — a table of V cells;</li>
 *   <li><b>bigram</b>: {@code p(next | previous)}, how often each token follows each token — V x V
 *       cells, most of them never seen.</li>
 * </ul>
 * Add-k smoothing gives an unseen pair a small probability instead of zero (log 0 = −∞):
 * <pre>
 *   p(next | prev) = (count(prev, next) + k) / (count(prev) + k * V)
 * </pre>
 * With V = 2,004 and k = 0.01 every row gets 20 made-up counts spread over all V tokens, which is a
 * lot next to a row seen a few dozen times. <b>Interpolation</b> (Jelinek &amp; Mercer 1980) mixes
 * the bigram's own estimate with the unigram instead, with a weight λ chosen on held-out poems:
 * <pre>
 *   p(next | prev) = λ · count(prev, next) / count(prev) + (1 − λ) · p_unigram(next)
 *   p_unigram(next) = (count(next) + k) / (N + k * V)          (N: all training targets)
 * </pre>
 * Both tables come from the same counts (count(next) is a column sum of the pair table), so the
 * model's parameters are the non-zero cells of the pair table, and λ.
 * The targets are those of {@link NextCharacterExamples}: the 24 tokens of a poem and {@code <end>};
 * the token before the first one is {@code <end>}, as makemore starts a word after '.'. So the
 * perplexity compares directly with a network's validation loss on those examples. (The marks and
 * {@code <end>} are easy to guess; a perplexity over the Han characters alone comes out higher.)
 *
 * <pre>{@code
 * NgramBaseline bigram = NgramBaseline.bigram(split.train(), vocab, 0.01);
 * double ppl = bigram.perplexity(split.validation());        // per token, as the MLP's
 * String poem = bigram.sample(new Random(7));
 * NgramBaseline mixed = bigram.interpolated(0.6);            // λ = 0.6, same counts
 * TokenLosses losses = mixed.tokenLosses(split.validation()); // per target, e.g. per character
 * }</pre>
 */
public final class NgramBaseline {

    private final CharacterVocabulary vocabulary;
    private final boolean bigram;
    private final double k;
    private final int[][] counts;      // counts[prev][next]; a unigram has one row (prev ignored)
    private final long[] rowTotals;    // count(prev) = sum over next of counts[prev][next]
    private final long[] columnTotals; // count(next) = sum over prev of counts[prev][next]
    private final long total;          // N: all training targets
    private final double lambda;       // the bigram's weight when interpolated; NaN: add-k only
    private int[] mostLikelyNext;      // per previous token, made when first needed

    private NgramBaseline(List<String> poems, CharacterVocabulary vocabulary, boolean bigram, double k) {
        if (!(k > 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("add-k smoothing needs k > 0 (k = 0 gives unseen tokens"
                    + " probability 0 and perplexity infinity), got " + k);
        }
        this.vocabulary = vocabulary;
        this.bigram = bigram;
        this.k = k;
        this.lambda = Double.NaN;
        int v = vocabulary.size();
        this.counts = new int[bigram ? v : 1][v];
        this.rowTotals = new long[counts.length];
        this.columnTotals = new long[v];
        long n = 0;
        for (int[] tokens : tokenSequences(poems, vocabulary)) {
            int previous = CharacterVocabulary.END_ID;
            for (int next : tokens) {
                counts[row(previous)][next]++;
                rowTotals[row(previous)]++;
                columnTotals[next]++;
                n++;
                previous = next;
            }
        }
        this.total = n;
    }

    /** The same counts (shared, never changed) with the bigram interpolated with the unigram by λ. */
    private NgramBaseline(NgramBaseline counted, double lambda) {
        this.vocabulary = counted.vocabulary;
        this.bigram = counted.bigram;
        this.k = counted.k;
        this.counts = counted.counts;
        this.rowTotals = counted.rowTotals;
        this.columnTotals = counted.columnTotals;
        this.total = counted.total;
        this.lambda = lambda;
    }

    /** The unigram model of the poems with add-k smoothing. */
    public static NgramBaseline unigram(List<String> poems, CharacterVocabulary vocabulary, double k) {
        return new NgramBaseline(poems, vocabulary, false, k);
    }

    /** The bigram model of the poems with add-k smoothing. */
    public static NgramBaseline bigram(List<String> poems, CharacterVocabulary vocabulary, double k) {
        return new NgramBaseline(poems, vocabulary, true, k);
    }

    /** The 25 token ids of each poem: its 24 characters and marks, then {@code <end>}. */
    private static int[][] tokenSequences(List<String> poems, CharacterVocabulary vocabulary) {
        if (poems == null || poems.isEmpty()) {
            throw new IllegalArgumentException("no poems given");
        }
        int[][] sequences = new int[poems.size()][];
        for (int p = 0; p < poems.size(); p++) {
            sequences[p] = NextCharacterExamples.tokensOf(poems.get(p), p, vocabulary);
        }
        return sequences;
    }

    private int row(int previous) {
        return bigram ? previous : 0;
    }

    /** 1 for the unigram, 2 for the bigram (the n of n-gram). */
    public int order() {
        return bigram ? 2 : 1;
    }

    /** The smoothing constant k. */
    public double k() {
        return k;
    }

    /** Cells of the count table, i.e. the model's parameters: V (unigram) or V x V (bigram). */
    public long cells() {
        return (long) counts.length * vocabulary.size();
    }

    /** Cells whose count is not zero: the pairs (or tokens) seen in training. */
    public long nonZeroCells() {
        long nonZero = 0;
        for (int[] row : counts) {
            for (int c : row) {
                if (c != 0) {
                    nonZero++;
                }
            }
        }
        return nonZero;
    }

    /** {@link #nonZeroCells()} / {@link #cells()}. */
    public double nonZeroShare() {
        return (double) nonZeroCells() / cells();
    }

    /** How often {@code next} followed {@code previous} in training (the unigram ignores previous). */
    public int count(int previous, int next) {
        return counts[row(previous)][next];
    }

    /**
     * The bigram interpolated with the unigram of the same counts:
     * {@code λ · count(prev, next) / count(prev) + (1 − λ) · (count(next) + k) / (N + k * V)}.
     * λ = 0 is the (add-k) unigram; λ close to 1 trusts the pairs seen in training.
     */
    public NgramBaseline interpolated(double lambda) {
        if (!bigram) {
            throw new IllegalStateException("only a bigram is interpolated (with the unigram of its counts); this is a unigram");
        }
        if (!(lambda >= 0 && lambda < 1)) {
            throw new IllegalArgumentException("the interpolation weight λ must be in [0, 1) (λ = 1 gives unseen pairs"
                    + " probability 0), got " + lambda);
        }
        return new NgramBaseline(this, lambda);
    }

    /** Whether this bigram is interpolated with the unigram ({@link #interpolated}), not add-k smoothed. */
    public boolean isInterpolated() {
        return !Double.isNaN(lambda);
    }

    /** The interpolation weight λ of the bigram; NaN when add-k smoothed. */
    public double lambda() {
        return lambda;
    }

    /**
     * {@code p(next | previous) = (count(prev, next) + k) / (count(prev) + k * V)}, or when
     * interpolated {@code λ · count(prev, next) / count(prev) + (1 − λ) · p_unigram(next)}
     * (a previous token never seen in training: the unigram alone).
     */
    public double probability(int previous, int next) {
        int r = row(previous);
        int v = vocabulary.size();
        if (!isInterpolated()) {
            return (counts[r][next] + k) / (rowTotals[r] + k * v);
        }
        double unigram = (columnTotals[next] + k) / (total + k * v);
        if (rowTotals[r] == 0) {
            return unigram;
        }
        return lambda * counts[r][next] / rowTotals[r] + (1 - lambda) * unigram;
    }

    /** The mean of {@code -log p(target)} in nats over the 25 targets of every poem. */
    public double crossEntropy(List<String> poems) {
        double sum = 0;
        long n = 0;
        for (int[] tokens : tokenSequences(poems, vocabulary)) {
            int previous = CharacterVocabulary.END_ID;
            for (int next : tokens) {
                sum -= Math.log(probability(previous, next));
                n++;
                previous = next;
            }
        }
        return sum / n;
    }

    /**
     * The loss {@code −ln p(target)} of every target of the poems (25 per poem, as
     * {@link NextCharacterExamples}), with the most likely next token after each previous one.
     */
    public TokenLosses tokenLosses(List<String> poems) {
        int[][] sequences = tokenSequences(poems, vocabulary);
        int n = sequences.length * NextCharacterExamples.TARGETS_PER_POEM;
        int[] targets = new int[n];
        double[] nats = new double[n];
        int[] mostLikely = new int[n];
        int[] best = mostLikelyNext();
        int i = 0;
        for (int[] tokens : sequences) {
            int previous = CharacterVocabulary.END_ID;
            for (int next : tokens) {
                targets[i] = next;
                nats[i] = -Math.log(probability(previous, next));
                mostLikely[i] = best[row(previous)];
                i++;
                previous = next;
            }
        }
        return TokenLosses.of(targets, nats, mostLikely);
    }

    private int[] mostLikelyNext() {
        if (mostLikelyNext == null) {
            int[] best = new int[counts.length];
            for (int r = 0; r < counts.length; r++) {
                for (int c = 1; c < vocabulary.size(); c++) {
                    if (probability(r, c) > probability(r, best[r])) {
                        best[r] = c;
                    }
                }
            }
            mostLikelyNext = best;
        }
        return mostLikelyNext;
    }

    /** Per-token perplexity {@code e^H} on the poems (see {@link org.paramlab.metrics.Perplexity}). */
    public double perplexity(List<String> poems) {
        return Math.exp(crossEntropy(poems));
    }

    /**
     * A poem drawn token by token from {@code p(next | previous)}, starting after {@code <end>}, until
     * {@code <end>} or {@value NextCharacterExamples#TARGETS_PER_POEM} tokens; as text (□ for {@code <unk>}).
     */
    public String sample(Random rng) {
        int[] tokens = new int[NextCharacterExamples.TARGETS_PER_POEM];
        int previous = CharacterVocabulary.END_ID;
        for (int t = 0; t < tokens.length; t++) {
            double u = rng.nextDouble();
            int next = vocabulary.size() - 1;                  // where rounding leaves u past the last sum
            double cumulative = 0;
            for (int c = 0; c < vocabulary.size(); c++) {
                cumulative += probability(previous, c);
                if (u < cumulative) {
                    next = c;
                    break;
                }
            }
            tokens[t] = next;
            if (next == CharacterVocabulary.END_ID) {
                break;
            }
            previous = next;
        }
        return vocabulary.decode(tokens);
    }

    @Override
    public String toString() {
        return (bigram ? "bigram" : "unigram") + "(V = " + vocabulary.size() + ", " + cells() + " cells, "
                + nonZeroCells() + " non-zero, " + (isInterpolated() ? "interpolated with the unigram, λ = " + lambda
                + ", unigram add-" + k : "add-" + k + " smoothing") + ")";
    }
}
