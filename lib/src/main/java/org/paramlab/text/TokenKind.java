package org.paramlab.text;

import org.ejml.data.FMatrixRMaj;
import org.paramlab.layers.EvaluationMode;
import org.paramlab.layers.Layer;
import org.paramlab.layers.Softmax;

/**
 * What kind of token a vocabulary id is, for the form of a quatrain: a character (a Han character of
 * the vocabulary, or {@code <unk>}, which stands for a rarer one), the comma, the full stop, or the end.
 * <pre>
 *   position  0 1 2 3 4  5  6 … 10 11  12 … 16 17  18 … 22 23  24
 *   kind      character  ，  character 。   character ，   character 。  &lt;end&gt;
 * </pre>
 * The form is fixed, so the kind of the next token depends only on the position; how sure a model is
 * of it shows what the model knows about the form ({@link #rightKindProbability}).
 */
public enum TokenKind {
    /** A Han character of the vocabulary, or {@code <unk>} (a character outside it). */
    CHARACTER,
    /** ， the end of lines 1 and 3. */
    COMMA,
    /** 。 the end of lines 2 and 4. */
    FULL_STOP,
    /** {@code <end>}: the poem is over. */
    END;

    /** The kind of a token id of a {@link CharacterVocabulary}. */
    public static TokenKind of(int id) {
        if (id < 0) {
            throw new IllegalArgumentException("a token id is >= 0, got " + id);
        }
        return switch (id) {
            case CharacterVocabulary.COMMA_ID -> COMMA;
            case CharacterVocabulary.FULL_STOP_ID -> FULL_STOP;
            case CharacterVocabulary.END_ID -> END;
            default -> CHARACTER;              // <unk> (id 0) and the characters (ids 4 …)
        };
    }

    /** Whether the token id is of this kind. */
    public boolean contains(int id) {
        return of(id) == this;
    }

    /** The probability of this kind in row {@code row} of a matrix of next-token probabilities: the sum over its ids. */
    public double probability(FMatrixRMaj probabilities, int row) {
        int cols = probabilities.numCols;
        return switch (this) {
            case COMMA -> probabilities.get(row, CharacterVocabulary.COMMA_ID);
            case FULL_STOP -> probabilities.get(row, CharacterVocabulary.FULL_STOP_ID);
            case END -> probabilities.get(row, CharacterVocabulary.END_ID);
            case CHARACTER -> {
                double sum = probabilities.get(row, CharacterVocabulary.UNKNOWN_ID);
                for (int c = CharacterVocabulary.SPECIAL_TOKENS; c < cols; c++) {
                    sum += probabilities.get(row, c);
                }
                yield sum;
            }
        };
    }

    /**
     * For each position 0 … 24 of a poem: the mean, over the examples at that position, of the
     * probability the model gives to the right kind of token (the kind of the example's target).
     * 1 everywhere: the model is sure of the whole form; a dip at one position: it is unsure there
     * whether a character, a mark or the end comes next.
     */
    public static double[] rightKindProbability(Layer model, NextCharacterExamples examples) {
        if (model == null || examples == null) {
            throw new IllegalArgumentException("rightKindProbability needs a model and examples, got "
                    + (model == null ? "no model" : "no examples"));
        }
        int positions = NextCharacterExamples.TARGETS_PER_POEM;
        double[] sum = new double[positions];
        int[] count = new int[positions];
        FMatrixRMaj inputs = examples.inputs();
        int[] targets = examples.targets();
        EvaluationMode.predictInBatches(model, inputs, 512, (start, logits) -> {
            FMatrixRMaj p = new FMatrixRMaj(logits.numRows, logits.numCols);
            Softmax.softmaxRows(logits, p);
            for (int r = 0; r < logits.numRows; r++) {
                int position = (int) inputs.get(start + r, examples.contextSize());
                sum[position] += of(targets[start + r]).probability(p, r);
                count[position]++;
            }
        });
        double[] mean = new double[positions];
        for (int position = 0; position < positions; position++) {
            mean[position] = count[position] == 0 ? Double.NaN : sum[position] / count[position];
        }
        return mean;
    }
}
