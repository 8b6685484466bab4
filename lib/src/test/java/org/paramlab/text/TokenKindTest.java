package org.paramlab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

class TokenKindTest {

    @Test
    void idsHaveTheirKinds() {
        assertEquals(TokenKind.CHARACTER, TokenKind.of(CharacterVocabulary.UNKNOWN_ID), "<unk> stands for a character");
        assertEquals(TokenKind.COMMA, TokenKind.of(CharacterVocabulary.COMMA_ID));
        assertEquals(TokenKind.FULL_STOP, TokenKind.of(CharacterVocabulary.FULL_STOP_ID));
        assertEquals(TokenKind.END, TokenKind.of(CharacterVocabulary.END_ID));
        assertEquals(TokenKind.CHARACTER, TokenKind.of(4));
        assertTrue(TokenKind.CHARACTER.contains(2003));
        assertThrows(IllegalArgumentException.class, () -> TokenKind.of(-1));
    }

    @Test
    void theProbabilityOfAKindSumsItsTokens() {
        FMatrixRMaj p = new FMatrixRMaj(1, 6);
        p.data = new float[] {0.1f, 0.2f, 0.05f, 0.15f, 0.3f, 0.2f};
        assertEquals(0.6, TokenKind.CHARACTER.probability(p, 0), 1e-6, "<unk> + the two characters");
        assertEquals(0.2, TokenKind.COMMA.probability(p, 0), 1e-6);
        assertEquals(0.05, TokenKind.FULL_STOP.probability(p, 0), 1e-6);
        assertEquals(0.15, TokenKind.END.probability(p, 0), 1e-6);
    }

    @Test
    void rightKindProbabilityIsOneForAModelThatKnowsTheFormAndDipsWhereItIsUnsure() {
        var examples = NextCharacterExamples.of(List.of(PoemSamplerTest.POEM, PoemSamplerTest.POEM), PoemSamplerTest.VOCAB);
        double[] sure = TokenKind.rightKindProbability(new PoemSamplerTest.Recites(PoemSamplerTest.POEM, 50f, 6), examples);
        assertEquals(25, sure.length);
        for (int position = 0; position < 25; position++) {
            assertEquals(1.0, sure[position], 1e-6, "position " + position);
        }
        // a uniform model over 24 tokens: a character 21/24, a mark or the end 1/24
        double[] uniform = TokenKind.rightKindProbability(TokenLossesTest.uniform(), examples);
        assertEquals(21.0 / 24, uniform[0], 1e-6);
        assertEquals(1.0 / 24, uniform[5], 1e-6, "，");
        assertEquals(1.0 / 24, uniform[11], 1e-6, "。");
        assertEquals(1.0 / 24, uniform[24], 1e-6, "<end>");
    }
}
