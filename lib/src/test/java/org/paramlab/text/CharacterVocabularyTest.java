package org.paramlab.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.paramlab.data.Datasets;

import tech.tablesaw.api.Table;

class CharacterVocabularyTest {

    // 13 characters: 山 4, 日 3, 月 2, 水 2, 一 1, 花 1 (and the marks ，。, which are not counted)
    static final List<String> POEMS = List.of("山山日月水，山日一花水。山日月", "");

    @Test
    void specialTokensFirstThenCharactersByCountTiesInCharacterOrder() {
        CharacterVocabulary vocab = CharacterVocabulary.mostFrequent(POEMS, 4);
        assertEquals(List.of("<unk>", "，", "。", "<end>", "山", "日", "月", "水"), vocab.tokens());
        assertEquals(8, vocab.size());
        assertEquals(4, vocab.id('山'));
        assertEquals(6, vocab.id('月'), "月 (U+6708) and 水 (U+6C34) both occur twice: 月 comes first");
        assertEquals(CharacterVocabulary.COMMA_ID, vocab.id('，'));
        assertEquals(CharacterVocabulary.FULL_STOP_ID, vocab.id('。'));
        assertEquals(CharacterVocabulary.UNKNOWN_ID, vocab.id('花'), "花 is 6th: outside the top 4");
        assertFalse(vocab.contains('花'));
        assertEquals("水", vocab.token(7));
        assertThrows(IndexOutOfBoundsException.class, () -> vocab.token(8));
    }

    @Test
    void kLargerThanTheCharactersKeepsThemAll() {
        assertEquals(4 + 6, CharacterVocabulary.mostFrequent(POEMS, 100).size());
        assertThrows(IllegalArgumentException.class, () -> CharacterVocabulary.mostFrequent(POEMS, 0));
    }

    @Test
    void encodeDecodeRoundTripWithUnknownShownAsASquare() {
        CharacterVocabulary vocab = CharacterVocabulary.mostFrequent(POEMS, 4);
        int[] ids = vocab.encode("山花，日。");
        assertArrayEquals(new int[] {4, 0, 1, 5, 2}, ids);
        assertEquals("山□，日。", vocab.decode(ids));
        assertEquals("山日", vocab.decode(4, 5, CharacterVocabulary.END_ID, 6), "decoding stops at <end>");
    }

    @Test
    void unknownShareCountsCharactersNotMarks() {
        CharacterVocabulary vocab = CharacterVocabulary.mostFrequent(POEMS, 4);
        // 13 characters, of which 一 and 花 are unknown; the two marks do not count
        assertEquals(2.0 / 13, vocab.unknownShare(List.of("山山日月水，山日一花水。山日月")), 1e-12);
        assertEquals(0.0, CharacterVocabulary.mostFrequent(POEMS, 6).unknownShare(POEMS), 1e-12);
    }

    @Test
    void frequencyTableRanksEveryCharacterAndSumsToOne() {
        Table table = CharacterVocabulary.frequencyTable(POEMS);
        assertEquals(6, table.rowCount());
        assertEquals(List.of("rank", "character", "count", "share", "cumulative"), table.columnNames());
        assertEquals("山", table.stringColumn("character").get(0));
        assertEquals(4, table.intColumn("count").get(0));
        assertEquals(4.0 / 13, table.doubleColumn("share").get(0), 1e-12);
        assertEquals(1.0, table.doubleColumn("cumulative").get(5), 1e-12);
    }

    @Test
    void theTangVocabularyHas2004TokensAndCoversMostCharacters() {
        Poems.Split split = Poems.split(Poems.simplified(Datasets.tangQuatrains()), 0.1, 42);
        CharacterVocabulary vocab = CharacterVocabulary.mostFrequent(split.train(), 2000);
        assertEquals(2004, vocab.size());
        double trainUnknown = vocab.unknownShare(split.train());
        double validationUnknown = vocab.unknownShare(split.validation());
        // the 2,000 most frequent of about 3,600 characters: the rare rest is a few percent of the text
        assertTrue(trainUnknown > 0 && trainUnknown < 0.06, "train <unk> share " + trainUnknown);
        assertTrue(validationUnknown > trainUnknown, "unseen poems have more unknown characters: "
                + validationUnknown + " vs " + trainUnknown);
        assertEquals(CharacterVocabulary.mostFrequent(split.train(), 2000).tokens(), vocab.tokens(), "deterministic");
    }
}
