package org.paramlab.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.paramlab.layers.Dense;
import org.paramlab.metrics.Perplexity;

class TokenLossesTest {

    static final String POEM = PoemSamplerTest.POEM;
    static final CharacterVocabulary VOCAB = PoemSamplerTest.VOCAB;          // 24 tokens
    static final NextCharacterExamples TWO_POEMS = NextCharacterExamples.of(List.of(POEM, POEM), VOCAB);

    static Dense uniform() {
        Dense d = new Dense(7, VOCAB.size(), 1);
        d.weights().value().zero();
        d.bias().value().zero();
        return d;
    }

    @Test
    void aModelThatKnowsNothingLosesLnVOnEveryTarget() {
        TokenLosses losses = TokenLosses.of(uniform(), TWO_POEMS);
        assertEquals(50, losses.size());
        assertEquals(Math.log(24), losses.mean(), 1e-6);
        assertEquals(24, losses.perplexity(), 1e-4);
        assertEquals(Math.log(24), losses.mean(TokenKind.CHARACTER), 1e-6);
        assertEquals(Math.log(24), losses.mean(TokenKind.END), 1e-6);
        assertEquals(40, losses.count(TokenKind.CHARACTER::contains), "20 characters per poem");
        assertEquals(2, losses.count(TokenKind.END::contains));
        assertArrayEquals(new double[] {Math.log(24), Math.log(24)}, losses.perPoem(), 1e-6);
        assertEquals(0, losses.mostLikely()[7], "all logits equal: the first id");
        assertEquals(Perplexity.meanCrossEntropy(uniform(), TWO_POEMS.inputs(), TWO_POEMS.targets()), losses.mean(), 1e-9,
                "the mean is the cross-entropy the trainer reports");
    }

    @Test
    void lossesAreTargetByTargetAndKindsAverageTheirOwn() {
        // margin m on the poem's token: p = e^m / (e^m + 23), the loss ln(e^m + 23) − m on every target
        TokenLosses sure = TokenLosses.of(new PoemSamplerTest.Recites(POEM, 3f, 6), TWO_POEMS);
        double expected = Math.log(Math.exp(3) + 23) - 3;
        assertEquals(expected, sure.mean(), 1e-6);
        assertEquals(expected, sure.mean(TokenKind.COMMA), 1e-6);
        assertArrayEquals(TWO_POEMS.targets(), sure.mostLikely(), "the favorite is the target");
        TokenLosses nothing = TokenLosses.of(uniform(), TWO_POEMS);
        assertEquals(0.0, sure.agreement(nothing), 1e-12, "no target is <unk>, the uniform model's favorite");
        assertEquals(1.0, sure.agreement(sure));
        TokenLosses.Interval change = nothing.changeFrom(sure);
        assertEquals(Math.log(24) - expected, change.mean(), 1e-6);
        assertEquals(0.0, change.halfWidth(), 1e-9, "the same change in both poems");
        assertFalse(change.containsZero());
        assertEquals(Math.log(24) - expected, nothing.changeFrom(sure, TokenKind.CHARACTER::contains), 1e-6);
    }

    @Test
    void theIntervalIsMeanPlusMinus196StandardErrors() {
        // values 1, 2, 3, 4: mean 2.5, sd √(5/3), half-width 1.959964 · sd / 2
        TokenLosses.Interval i = TokenLosses.interval95(new double[] {1, 2, 3, 4});
        double half = 1.959964 * Math.sqrt(5.0 / 3) / 2;
        assertEquals(2.5, i.mean(), 1e-12);
        assertEquals(2.5 - half, i.low(), 1e-9);
        assertEquals(2.5 + half, i.high(), 1e-9);
        assertEquals(half, i.halfWidth(), 1e-9);
        assertEquals(4, i.poems());
        assertFalse(i.containsZero());
        assertTrue(TokenLosses.interval95(new double[] {-1, 1}).containsZero());
        assertThrows(IllegalArgumentException.class, () -> TokenLosses.interval95(new double[] {1}));
    }

    @Test
    void comparingOtherTargetsIsRefused() {
        TokenLosses two = TokenLosses.of(uniform(), TWO_POEMS);
        TokenLosses one = TokenLosses.of(uniform(), NextCharacterExamples.of(List.of(POEM), VOCAB));
        var e = assertThrows(IllegalArgumentException.class, () -> two.agreement(one));
        assertTrue(e.getMessage().contains("same targets"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> two.changeFrom(one));
        assertThrows(IllegalArgumentException.class, () -> two.mean(id -> id > 1000), "no target passes");
        var wide = assertThrows(IllegalArgumentException.class,
                () -> TokenLosses.of(new Dense(7, 5, 1), TWO_POEMS));
        assertTrue(wide.getMessage().contains("5 logits"), wide.getMessage());
    }
}
