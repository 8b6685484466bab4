package org.paramlab.text;

import java.util.Arrays;
import java.util.function.IntPredicate;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.layers.EvaluationMode;
import org.paramlab.layers.Layer;
import org.paramlab.metrics.Perplexity;

/**
 * A language model's loss on every target of a set of poems, kept one by one, so that the mean can
 * be taken over any part of them: per token (the loss the trainer reports), per character (the
 * marks and {@code <end>} left out), on the frequent or the rare characters, per poem (for an
 * interval). With it, the most likely next token of every target (for the agreement of two models).
 * <pre>
 *   nats[i] = −ln p(target_i)            the cross-entropy of target i, in nats (natural log)
 *   mean over a set S = (1/|S|) Σ_{i in S} nats[i]      perplexity over S = e^(mean over S)
 * </pre>
 * The targets are those of {@link NextCharacterExamples}: 25 per poem, poem after poem (24 characters
 * and marks, then {@code <end>}), so {@link #perPoem()} can give each poem's mean.
 *
 * <pre>{@code
 * TokenLosses neural = TokenLosses.of(model, validationExamples);
 * TokenLosses counts = bigram.tokenLosses(split.validation());
 * double perToken = neural.mean();                              // = the trainer's validation loss
 * double perCharacter = neural.mean(TokenKind.CHARACTER);      // the 20 characters of each poem only
 * TokenLosses.Interval change = int8.changeFrom(neural);       // paired by poem, with a 95 % interval
 * }</pre>
 */
public final class TokenLosses {

    /** A mean with its 95 % interval, {@code mean ± 1.96 · sd / √n} over n poems. */
    public record Interval(double mean, double low, double high, int poems) {
        /** Half the width of the interval: the "±" of {@code mean ± halfWidth}. */
        public double halfWidth() {
            return (high - low) / 2;
        }

        /** Whether the interval contains 0 (for a change: no difference shown). */
        public boolean containsZero() {
            return low <= 0 && 0 <= high;
        }

        @Override
        public String toString() {
            return String.format("%.4f (95 %% interval %.4f to %.4f, %d poems)", mean, low, high, poems);
        }
    }

    private static final double Z95 = 1.959964;        // the 97.5 % point of the standard normal
    private static final int BATCH = 256;

    private final int[] targets;
    private final double[] nats;
    private final int[] mostLikely;

    private TokenLosses(int[] targets, double[] nats, int[] mostLikely) {
        if (targets.length == 0 || targets.length != nats.length || targets.length != mostLikely.length) {
            throw new IllegalArgumentException("token losses: " + targets.length + " targets, " + nats.length
                    + " losses and " + mostLikely.length + " predictions; need the same number, at least 1");
        }
        this.targets = targets;
        this.nats = nats;
        this.mostLikely = mostLikely;
    }

    /** For the n-gram baselines: the targets, their losses and the most likely next token of each. */
    static TokenLosses of(int[] targets, double[] nats, int[] mostLikely) {
        return new TokenLosses(targets.clone(), nats.clone(), mostLikely.clone());
    }

    /**
     * The losses of a neural model (inputs → one logit per token of the vocabulary) on the examples,
     * in evaluation mode, {@value #BATCH} rows per forward pass.
     */
    public static TokenLosses of(Layer model, NextCharacterExamples examples) {
        if (model == null || examples == null) {
            throw new IllegalArgumentException("token losses need a model and examples, got "
                    + (model == null ? "no model" : "no examples"));
        }
        FMatrixRMaj inputs = examples.inputs();
        int[] targets = examples.targets();
        double[] nats = new double[targets.length];
        int[] mostLikely = new int[targets.length];
        EvaluationMode.predictInBatches(model, inputs, BATCH, (start, logits) -> {
            if (logits.numCols != examples.vocabulary().size()) {
                throw new IllegalArgumentException("token losses: the model gives " + logits.numCols
                        + " logits per row, the vocabulary has " + examples.vocabulary().size() + " tokens");
            }
            for (int r = 0; r < logits.numRows; r++) {
                nats[start + r] = Perplexity.negativeLogProbability(logits, r, targets[start + r]);   // −ln p(target)
                mostLikely[start + r] = argmax(logits, r);
            }
        });
        return new TokenLosses(targets.clone(), nats, mostLikely);
    }

    private static int argmax(FMatrixRMaj logits, int row) {
        int cols = logits.numCols;
        int best = 0;
        for (int c = 1; c < cols; c++) {
            if (logits.data[row * cols + c] > logits.data[row * cols + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Number of targets. */
    public int size() {
        return targets.length;
    }

    /** The mean loss per token, in nats: over all targets. */
    public double mean() {
        return mean(id -> true);
    }

    /** The mean loss over the targets of one kind (e.g. {@link TokenKind#CHARACTER}: per character). */
    public double mean(TokenKind kind) {
        return mean(kind::contains);
    }

    /** The mean loss over the targets whose id passes {@code which}. */
    public double mean(IntPredicate which) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < targets.length; i++) {
            if (which.test(targets[i])) {
                sum += nats[i];
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("token losses: no target passes the test (of " + targets.length + ")");
        }
        return sum / n;
    }

    /** {@code e^mean()}: the perplexity per token. */
    public double perplexity() {
        return Perplexity.of(mean());
    }

    /** {@code e^mean(kind)}: e.g. the perplexity per character. */
    public double perplexity(TokenKind kind) {
        return Perplexity.of(mean(kind));
    }

    /** How many targets pass {@code which}. */
    public int count(IntPredicate which) {
        int n = 0;
        for (int t : targets) {
            if (which.test(t)) {
                n++;
            }
        }
        return n;
    }

    /** The mean loss of each poem: the mean over its {@value NextCharacterExamples#TARGETS_PER_POEM} targets. */
    public double[] perPoem() {
        int per = NextCharacterExamples.TARGETS_PER_POEM;
        if (targets.length % per != 0) {
            throw new IllegalStateException("token losses: " + targets.length + " targets are not whole poems of " + per);
        }
        double[] poems = new double[targets.length / per];
        for (int i = 0; i < targets.length; i++) {
            poems[i / per] += nats[i] / per;
        }
        return poems;
    }

    /** The mean loss per token with its 95 % interval over the poems (the poems, not the tokens, are independent). */
    public Interval interval95() {
        return interval95(perPoem());
    }

    /**
     * This model's change from {@code original} on the same targets, paired by poem: the mean over the
     * poems of (this poem's mean loss − the original's), with its 95 % interval. Pairing removes what
     * both models find hard or easy in a poem, so the interval is much narrower than either model's own.
     */
    public Interval changeFrom(TokenLosses original) {
        requireSameTargets(original);
        double[] mine = perPoem();
        double[] theirs = original.perPoem();
        double[] change = new double[mine.length];
        for (int p = 0; p < change.length; p++) {
            change[p] = mine[p] - theirs[p];
        }
        return interval95(change);
    }

    /** The mean change from {@code original} over the targets whose id passes {@code which} (same targets). */
    public double changeFrom(TokenLosses original, IntPredicate which) {
        requireSameTargets(original);
        return mean(which) - original.mean(which);
    }

    /** The share of targets on which this model and {@code other} find the same token most likely (top-1 agreement). */
    public double agreement(TokenLosses other) {
        requireSameTargets(other);
        int same = 0;
        for (int i = 0; i < mostLikely.length; i++) {
            if (mostLikely[i] == other.mostLikely[i]) {
                same++;
            }
        }
        return (double) same / mostLikely.length;
    }

    /** The loss of every target, in nats (a copy). */
    public double[] nats() {
        return nats.clone();
    }

    /** The target ids (a copy). */
    public int[] targets() {
        return targets.clone();
    }

    /** The model's most likely next token for every target (a copy). */
    public int[] mostLikely() {
        return mostLikely.clone();
    }

    /** {@code mean ± 1.96 · sd / √n} of n values (n ≥ 2; the normal point is close to Student's t from n ≈ 30). */
    public static Interval interval95(double[] values) {
        if (values.length < 2) {
            throw new IllegalArgumentException("an interval needs at least 2 values, got " + values.length);
        }
        double mean = Arrays.stream(values).average().orElseThrow();
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double half = Z95 * Math.sqrt(squares / (values.length - 1)) / Math.sqrt(values.length);
        return new Interval(mean, mean - half, mean + half, values.length);
    }

    private void requireSameTargets(TokenLosses other) {
        if (other == null || !Arrays.equals(targets, other.targets)) {
            throw new IllegalArgumentException("token losses: compare two models on the same targets; got "
                    + (other == null ? "null" : other.size() + " targets against " + size() + ", or others in another order"));
        }
    }

    @Override
    public String toString() {
        return String.format("TokenLosses(%d targets, %.4f nats per token, perplexity %.1f)", size(), mean(), perplexity());
    }
}
