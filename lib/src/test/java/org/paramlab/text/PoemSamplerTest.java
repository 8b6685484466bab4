package org.paramlab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.layers.Dense;
import org.paramlab.layers.Layer;

class PoemSamplerTest {

    static final String POEM = "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。";
    static final CharacterVocabulary VOCAB = CharacterVocabulary.mostFrequent(List.of(POEM), 100);

    /** A model written by hand: only forward; nothing to learn. */
    abstract static class HandBuilt implements Layer {
        private boolean training = true;

        @Override public FMatrixRMaj backward(FMatrixRMaj g) { throw new UnsupportedOperationException(); }
        @Override public void setTraining(boolean training) { this.training = training; }
        @Override public boolean isTraining() { return training; }
    }

    /**
     * A hand-built model that knows one poem by heart: whatever the context, at position p it gives
     * the poem's p-th token (and <end> at 24) a logit {@code margin} above all others.
     */
    static class Recites extends HandBuilt {
        private final int[] tokens = new int[25];
        private final float margin;
        private final int contextSize;

        Recites(String poem, float margin, int contextSize) {
            int[] ids = VOCAB.encode(poem);
            System.arraycopy(ids, 0, tokens, 0, ids.length);
            tokens[ids.length] = CharacterVocabulary.END_ID;
            this.margin = margin;
            this.contextSize = contextSize;
        }

        @Override public String name() { return "recites"; }

        @Override
        public FMatrixRMaj forward(FMatrixRMaj input) {
            FMatrixRMaj logits = new FMatrixRMaj(input.numRows, VOCAB.size());
            for (int r = 0; r < input.numRows; r++) {
                int position = (int) input.get(r, contextSize);
                logits.set(r, tokens[Math.min(position, 24)], margin);
            }
            return logits;
        }
    }

    @Test
    void aModelThatKnowsThePoemWritesItAndStopsAtEnd() {
        PoemSampler sampler = new PoemSampler(new Recites(POEM, 100f, 6), VOCAB);
        String poem = sampler.sample(1.0, new Random(1));
        assertEquals(POEM, poem);
        assertTrue(PoemSampler.isPerfectForm(poem));
        assertEquals(1.0, sampler.perfectFormShare(20, 1.0, 5));
    }

    /** Favours the successor of the previous token (column t-1): 4 after <end>, then 5, 6, … 23, 4, … */
    static final class Successor extends HandBuilt {

        @Override public String name() { return "successor"; }

        @Override
        public FMatrixRMaj forward(FMatrixRMaj input) {
            FMatrixRMaj logits = new FMatrixRMaj(input.numRows, VOCAB.size());
            for (int r = 0; r < input.numRows; r++) {
                int previous = (int) input.get(r, 5);
                int next = previous < 4 ? 4 : 4 + (previous - 4 + 1) % 20;
                logits.set(r, next, 100f);
            }
            return logits;
        }
    }

    @Test
    void theContextFedToTheModelIsTheTextSoFar() {
        StringBuilder expected = new StringBuilder();
        for (int t = 0; t < 25; t++) {
            expected.append(VOCAB.token(4 + t % 20));
        }
        assertEquals(expected.toString(), new PoemSampler(new Successor(), VOCAB).sample(1.0, new Random(1)));

        // a Dense whose <end> logit is 50 when t-1 is <end> (id 3): the first context is all <end>
        Dense endAfterEnd = new Dense(7, VOCAB.size(), 1);
        endAfterEnd.weights().value().zero();
        endAfterEnd.bias().value().zero();
        endAfterEnd.weights().value().set(5, CharacterVocabulary.END_ID, 50f / CharacterVocabulary.END_ID);
        assertEquals("", new PoemSampler(endAfterEnd, VOCAB).sample(1.0, new Random(1)), "<end> at once: no text");
    }

    @Test
    void aModelThatNeverEndsStopsAfter25Tokens() {
        Dense always = new Dense(7, VOCAB.size(), 1);
        always.weights().value().zero();
        always.bias().value().zero();
        always.bias().value().set(0, VOCAB.id('山'), 100f);          // 山 always, far ahead
        String text = new PoemSampler(always, VOCAB).sample(1.0, new Random(1));
        assertEquals("山".repeat(25), text);
        assertFalse(PoemSampler.isPerfectForm(text));
    }

    @Test
    void temperatureFlattensOrSharpensTheChoice() {
        // margin 2 nats: at T = 1 the favorite wins with p = e^2 / (e^2 + 23) = 0.24 per step;
        // at T = 0.05 it always wins; at T = 100 the text is close to uniform noise
        PoemSampler sampler = new PoemSampler(new Recites(POEM, 2f, 6), VOCAB);
        assertEquals(1.0, sampler.perfectFormShare(30, 0.05, 11));
        assertEquals(List.of(POEM, POEM), sampler.samples(2, 0.05, 11));
        double atOne = sampler.perfectFormShare(30, 1.0, 11);
        assertTrue(atOne < 0.2, "at T = 1 few poems keep the form: " + atOne);
        List<String> hot = sampler.samples(5, 100.0, 11);
        assertNotEquals(List.of(POEM, POEM, POEM, POEM, POEM), hot);
        assertEquals(hot, sampler.samples(5, 100.0, 11), "same seed, same poems");
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(0.0, new Random(1)));
    }

    @Test
    void withoutUnknownNeverWritesTheSquare() {
        // a model that knows the poem but scores <unk> far above everything: it writes only □
        Recites unknownFirst = new Recites(POEM, 5f, 6) {
            @Override
            public FMatrixRMaj forward(FMatrixRMaj input) {
                FMatrixRMaj logits = super.forward(input);
                for (int r = 0; r < logits.numRows; r++) {
                    logits.set(r, CharacterVocabulary.UNKNOWN_ID, 1000f);
                }
                return logits;
            }
        };
        PoemSampler sampler = new PoemSampler(unknownFirst, VOCAB);
        assertEquals("□".repeat(25), sampler.sample(1.0, new Random(3)));
        assertEquals(POEM, sampler.withoutUnknown().sample(0.1, new Random(3)), "the favorite after <unk>");
        for (String poem : sampler.withoutUnknown().samples(20, 5.0, 3)) {
            assertFalse(poem.contains("□"), poem);
        }
        assertTrue(sampler.withoutUnknown().toString().contains("never <unk>"));
    }

    @Test
    void mostLikelyContinuesAGivenStartWithTheFavouriteAtEveryStep() {
        // margin 0.5: sampling at T = 1 rarely keeps the poem, the favorite is always the poem's token
        PoemSampler sampler = new PoemSampler(new Recites(POEM, 0.5f, 6), VOCAB);
        assertEquals(POEM, sampler.mostLikely(""));
        assertEquals(POEM, sampler.mostLikely("白日依山尽，"));
        assertEquals("床前明月光，黄河入海流。欲穷千里目，更上一层楼。".replace('床', '□').replace('前', '□')
                .replace('明', '□').replace('月', '□').replace('光', '□'), sampler.mostLikely("床前明月光，"),
                "the given start is kept (unknown characters as □), the rest is the favorite");
        // the successor model: the context it sees includes the given start
        assertEquals(VOCAB.token(6) + VOCAB.token(7), new PoemSampler(new Successor(), VOCAB)
                .mostLikely(VOCAB.token(6)).substring(0, 2));
        // <unk> is the favorite everywhere: withoutUnknown takes the next best
        Recites unknownFirst = new Recites(POEM, 5f, 6) {
            @Override
            public FMatrixRMaj forward(FMatrixRMaj input) {
                FMatrixRMaj logits = super.forward(input);
                for (int r = 0; r < logits.numRows; r++) {
                    logits.set(r, CharacterVocabulary.UNKNOWN_ID, 1000f);
                }
                return logits;
            }
        };
        assertEquals("白日依" + "□".repeat(22), new PoemSampler(unknownFirst, VOCAB).mostLikely("白日依"));
        assertEquals(POEM, new PoemSampler(unknownFirst, VOCAB).withoutUnknown().mostLikely("白日依"));
        assertThrows(IllegalArgumentException.class, () -> sampler.mostLikely(POEM + "白"));
        assertThrows(IllegalArgumentException.class, () -> sampler.mostLikely(null));
    }

    @Test
    void perfectFormMeansFourLinesOfFiveWithTheirMarks() {
        assertTrue(PoemSampler.isPerfectForm("白日依山尽，黄河入海流。欲穷千里目，更上一层楼。"));
        assertFalse(PoemSampler.isPerfectForm("白日依山尽，黄河入海流。欲穷千里目，更上一层楼"), "no final full stop");
        assertFalse(PoemSampler.isPerfectForm("白日依山尽。黄河入海流，欲穷千里目，更上一层楼。"), "marks swapped");
        assertFalse(PoemSampler.isPerfectForm("白日依山尽，黄河入海流。欲穷千里，更上一层楼目。"), "4 + 6 characters");
        assertFalse(PoemSampler.isPerfectForm("白日依□尽，黄河入海流。欲穷千里目，更上一层楼。"), "an unknown character");
        assertFalse(PoemSampler.isPerfectForm(""));
        assertFalse(PoemSampler.isPerfectForm(null));
    }

    @Test
    void aModelWithTheWrongOutputWidthIsNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PoemSampler(new Dense(7, 5, 1), VOCAB).sample(1.0, new Random(1)));
        assertTrue(e.getMessage().contains("24"), e.getMessage());
    }
}
