package org.paramlab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.paramlab.data.Datasets;

class NgramBaselineTest {

    // 20 different characters, each once; ， and 。 twice each; 25 targets with <end>
    static final String POEM = "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。";
    static final CharacterVocabulary VOCAB = CharacterVocabulary.mostFrequent(List.of(POEM), 100);   // V = 24
    static final int END = CharacterVocabulary.END_ID;

    @Test
    void unigramCountsEachTokenWithAddKSmoothing() {
        NgramBaseline unigram = NgramBaseline.unigram(List.of(POEM), VOCAB, 1.0);
        assertEquals(1, unigram.order());
        assertEquals(24, unigram.cells());
        assertEquals(23, unigram.nonZeroCells(), "every token but <unk> was seen");
        // p = (count + k) / (25 + k * 24)
        assertEquals(2.0 / 49, unigram.probability(END, VOCAB.id('白')), 1e-12);
        assertEquals(3.0 / 49, unigram.probability(VOCAB.id('山'), CharacterVocabulary.COMMA_ID), 1e-12,
                "the previous token does not matter to a unigram");
        assertEquals(1.0 / 49, unigram.probability(END, CharacterVocabulary.UNKNOWN_ID), 1e-12);
    }

    @Test
    void bigramCountsPairsAndMostCellsStayEmpty() {
        NgramBaseline bigram = NgramBaseline.bigram(List.of(POEM), VOCAB, 1.0);
        assertEquals(2, bigram.order());
        assertEquals(24 * 24, bigram.cells());
        assertEquals(25, bigram.nonZeroCells(), "25 different pairs, <end>白 … 楼。 。<end>");
        assertEquals(25.0 / 576, bigram.nonZeroShare(), 1e-12);
        assertEquals(1, bigram.count(END, VOCAB.id('白')));
        // p(next | prev) = (count(prev, next) + k) / (count(prev) + k * V)
        assertEquals(2.0 / 25, bigram.probability(END, VOCAB.id('白')), 1e-12);
        assertEquals(2.0 / 26, bigram.probability(CharacterVocabulary.COMMA_ID, VOCAB.id('黄')), 1e-12);
        assertEquals(1.0 / 25, bigram.probability(VOCAB.id('白'), VOCAB.id('河')), 1e-12, "an unseen pair");
        double sum = 0;
        for (int next = 0; next < VOCAB.size(); next++) {
            sum += bigram.probability(CharacterVocabulary.FULL_STOP_ID, next);
        }
        assertEquals(1.0, sum, 1e-12, "each row is a distribution");
    }

    @Test
    void perplexityIsEToTheMeanNegativeLogProbability() {
        NgramBaseline bigram = NgramBaseline.bigram(List.of(POEM), VOCAB, 1.0);
        // 21 targets follow a token seen once (p = 2/25); 4 follow ， or 。, seen twice (p = 2/26)
        double h = -(21 * Math.log(2.0 / 25) + 4 * Math.log(2.0 / 26)) / 25;
        assertEquals(h, bigram.crossEntropy(List.of(POEM)), 1e-12);
        assertEquals(Math.exp(h), bigram.perplexity(List.of(POEM)), 1e-9);
        // a unigram with huge k is uniform over V tokens: perplexity V
        assertEquals(24, NgramBaseline.unigram(List.of(POEM), VOCAB, 1e9).perplexity(List.of(POEM)), 1e-3);
    }

    @Test
    void interpolationMixesThePairsSeenWithTheUnigram() {
        NgramBaseline bigram = NgramBaseline.bigram(List.of(POEM), VOCAB, 1.0);
        NgramBaseline mixed = bigram.interpolated(0.75);
        assertTrue(mixed.isInterpolated());
        assertEquals(0.75, mixed.lambda());
        assertTrue(Double.isNaN(bigram.lambda()));
        assertEquals(bigram.nonZeroCells(), mixed.nonZeroCells(), "the same counts");
        // p = λ · count(prev, next) / count(prev) + (1 − λ) · (count(next) + k) / (N + k V), N = 25, V = 24
        int bai = VOCAB.id('白');
        int he = VOCAB.id('河');
        assertEquals(0.75 * 1 + 0.25 * 2.0 / 49, mixed.probability(END, bai), 1e-12);
        assertEquals(0.25 * 2.0 / 49, mixed.probability(bai, he), 1e-12, "an unseen pair: the unigram's share");
        assertEquals(0.75 * 0.5 + 0.25 * 2.0 / 49, mixed.probability(CharacterVocabulary.COMMA_ID, VOCAB.id('黄')), 1e-12);
        for (int previous = 0; previous < VOCAB.size(); previous++) {
            double sum = 0;
            for (int next = 0; next < VOCAB.size(); next++) {
                sum += mixed.probability(previous, next);
            }
            assertEquals(1.0, sum, 1e-12, "row " + previous + " is a distribution (a row never seen: the unigram)");
        }
        NgramBaseline unigram = NgramBaseline.unigram(List.of(POEM), VOCAB, 1.0);
        assertEquals(unigram.crossEntropy(List.of(POEM)), bigram.interpolated(0).crossEntropy(List.of(POEM)), 1e-12,
                "λ = 0 is the unigram");
        assertTrue(mixed.crossEntropy(List.of(POEM)) < bigram.crossEntropy(List.of(POEM)),
                "on its own training poem the interpolated bigram is surer than add-1");
        assertThrows(IllegalArgumentException.class, () -> bigram.interpolated(1.0));
        assertThrows(IllegalArgumentException.class, () -> bigram.interpolated(-0.1));
        assertThrows(IllegalStateException.class, () -> unigram.interpolated(0.5));
        assertTrue(mixed.toString().contains("λ = 0.75"), mixed.toString());
    }

    @Test
    void tokenLossesAreTheCrossEntropyTargetByTarget() {
        NgramBaseline mixed = NgramBaseline.bigram(List.of(POEM), VOCAB, 1.0).interpolated(0.5);
        TokenLosses losses = mixed.tokenLosses(List.of(POEM, POEM));
        assertEquals(50, losses.size());
        assertEquals(mixed.crossEntropy(List.of(POEM)), losses.mean(), 1e-12);
        assertEquals(-Math.log(mixed.probability(END, VOCAB.id('白'))), losses.nats()[0], 1e-12);
        assertEquals(20, losses.count(TokenKind.CHARACTER::contains) / 2);
        // the most likely token after each previous one: the poem's own successor (seen once, λ = 0.5)
        assertEquals(VOCAB.id('白'), losses.mostLikely()[0]);
        assertEquals(1.0, losses.agreement(losses));
        assertEquals(0.0, losses.interval95().halfWidth(), 1e-12, "two identical poems: no spread");
    }

    @Test
    void samplesFollowTheTableAndTheSeed() {
        NgramBaseline bigram = NgramBaseline.bigram(List.of(POEM), VOCAB, 1e-9);   // next to no smoothing
        String first = bigram.sample(new Random(3));
        assertEquals(first, bigram.sample(new Random(3)));
        for (int seed = 0; seed < 20; seed++) {
            String text = bigram.sample(new Random(seed));
            assertTrue(text.startsWith("白日依山尽，"), text);
            // only pairs of the poem (after ， comes 黄 or 更, after 。 comes 欲 or the end), at most 25 tokens
            int previous = END;
            for (int id : VOCAB.encode(text)) {
                assertTrue(bigram.count(previous, id) > 0, VOCAB.token(previous) + VOCAB.token(id) + " in " + text);
                previous = id;
            }
            assertTrue(text.length() <= 25, text);
        }
        assertThrows(IllegalArgumentException.class, () -> NgramBaseline.bigram(List.of(POEM), VOCAB, 0));
    }

    @Test
    void onTheTangPoemsTheBigramBeatsTheUnigram() {
        Poems.Split split = Poems.split(Poems.simplified(Datasets.tangQuatrains()), 0.1, 42);
        CharacterVocabulary vocab = CharacterVocabulary.mostFrequent(split.train(), 2000);
        NgramBaseline unigram = NgramBaseline.unigram(split.train(), vocab, 1.0);
        NgramBaseline bigram = NgramBaseline.bigram(split.train(), vocab, 0.01);
        double u = unigram.perplexity(split.validation());
        double b = bigram.perplexity(split.validation());
        assertTrue(b < u && u < vocab.size(), "bigram " + b + " < unigram " + u + " < V " + vocab.size());
        assertEquals(2004L * 2004, bigram.cells());
        assertTrue(bigram.nonZeroShare() < 0.02, "most pairs are never seen: " + bigram.nonZeroShare());
    }
}
