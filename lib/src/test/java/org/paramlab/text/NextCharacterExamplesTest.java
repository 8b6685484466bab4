package org.paramlab.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.paramlab.data.Dataset;
import org.paramlab.losses.SoftmaxCrossEntropy;

import tech.tablesaw.api.Table;

class NextCharacterExamplesTest {

    static final String POEM = "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。";
    static final String OTHER = "床前明月光，疑是地上霜。举头望明月，低头思故乡。";
    static final CharacterVocabulary VOCAB = CharacterVocabulary.mostFrequent(List.of(POEM, OTHER), 100);
    static final int END = CharacterVocabulary.END_ID;

    private static int[] context(NextCharacterExamples examples, int row) {
        int[] ids = new int[examples.contextSize()];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = (int) examples.inputs().get(row, j);
        }
        return ids;
    }

    @Test
    void eachPoemGives25TargetsWithPaddedContextAndPosition() {
        NextCharacterExamples examples = NextCharacterExamples.of(List.of(POEM, OTHER), VOCAB);
        assertEquals(50, examples.size());
        assertEquals(7, examples.inputs().numCols);
        assertEquals(List.of("t-6", "t-5", "t-4", "t-3", "t-2", "t-1", "position"), examples.inputNames());
        int[] poem = VOCAB.encode(POEM);

        assertArrayEquals(new int[] {END, END, END, END, END, END}, context(examples, 0));
        assertEquals(0f, examples.inputs().get(0, 6));
        assertEquals(VOCAB.id('白'), examples.targets()[0]);

        assertArrayEquals(new int[] {END, END, END, END, END, poem[0]}, context(examples, 1), "白 is the last of the context");
        assertEquals(VOCAB.id('日'), examples.targets()[1]);

        assertArrayEquals(new int[] {poem[0], poem[1], poem[2], poem[3], poem[4], CharacterVocabulary.COMMA_ID},
                context(examples, 6));
        assertEquals(6f, examples.inputs().get(6, 6));
        assertEquals(VOCAB.id('黄'), examples.targets()[6]);

        assertEquals(CharacterVocabulary.FULL_STOP_ID, examples.targets()[23]);
        assertEquals(END, examples.targets()[24], "the 25th target of a poem is <end>");
        assertEquals(24f, examples.inputs().get(24, 6));
        assertArrayEquals(new int[] {poem[18], poem[19], poem[20], poem[21], poem[22], poem[23]}, context(examples, 24));

        assertArrayEquals(new int[] {END, END, END, END, END, END}, context(examples, 25), "the next poem starts afresh");
        assertEquals(VOCAB.id('床'), examples.targets()[25]);
    }

    @Test
    void contextSizeIsAParameter() {
        NextCharacterExamples examples = NextCharacterExamples.of(List.of(POEM), VOCAB, 2);
        assertEquals(3, examples.inputs().numCols);
        assertArrayEquals(new int[] {VOCAB.id('依'), VOCAB.id('山')}, context(examples, 4));
        assertEquals(4f, examples.inputs().get(4, 2));
        assertThrows(IllegalArgumentException.class, () -> NextCharacterExamples.of(List.of(POEM), VOCAB, 0));
    }

    @Test
    void datasetHasClassIdTargetsThatSoftmaxCrossEntropyTakes() {
        NextCharacterExamples examples = NextCharacterExamples.of(List.of(POEM, OTHER), VOCAB);
        Dataset data = examples.dataset();
        assertEquals(50, data.size());
        assertTrue(data.hasClassIds());
        assertEquals(1, data.numTargets());                      // one id per example, not 2,004 one-hot numbers
        assertEquals(VOCAB.tokens(), data.classNames());
        assertArrayEquals(examples.targets(), data.labels());
        // uniform logits: the loss is log V for every example
        var logits = new org.ejml.data.FMatrixRMaj(data.size(), VOCAB.size());
        assertEquals(Math.log(VOCAB.size()), new SoftmaxCrossEntropy().forward(logits, data.targets()), 1e-5);

        Dataset some = examples.dataset(24, 0);
        assertArrayEquals(new int[] {END, VOCAB.id('白')}, some.labels());
        assertEquals(24f, some.features().get(0, 6));
    }

    @Test
    void atPositionTakesOneExamplePerPoem() {
        NextCharacterExamples examples = NextCharacterExamples.of(List.of(POEM, OTHER), VOCAB);
        var twelve = examples.atPosition(12);              // the first character of line 3
        assertEquals(2, twelve.size());
        assertEquals(VOCAB.id('欲'), twelve.labels()[0]);
        assertEquals(VOCAB.id('举'), twelve.labels()[1]);
        assertEquals(12f, twelve.features().get(0, 6));
        assertEquals((float) CharacterVocabulary.FULL_STOP_ID, twelve.features().get(1, 5), "the window ends with 。");
        assertEquals(END, examples.atPosition(24).labels()[1]);
        assertThrows(IllegalArgumentException.class, () -> examples.atPosition(25));
        assertThrows(IllegalArgumentException.class, () -> examples.atPosition(-1));
    }

    @Test
    void sampleIsSeededAndWithoutRepeats() {
        NextCharacterExamples examples = NextCharacterExamples.of(List.of(POEM, OTHER), VOCAB);
        Dataset a = examples.sample(50, 7);
        Dataset b = examples.sample(50, 7);
        assertArrayEquals(a.features().data, b.features().data);
        // all 50 examples drawn once: the positions 0..24 appear twice each
        int[] perPosition = new int[25];
        for (int r = 0; r < 50; r++) {
            perPosition[(int) a.features().get(r, 6)]++;
        }
        for (int count : perPosition) {
            assertEquals(2, count);
        }
        assertThrows(IllegalArgumentException.class, () -> examples.sample(51, 7));
    }

    @Test
    void tableShowsTheExamplesAsText() {
        Table table = NextCharacterExamples.of(List.of(POEM), VOCAB).table(5, 2);
        assertEquals(2, table.rowCount());
        assertEquals("<end> 白 日 依 山 尽", table.stringColumn("context").get(0));
        assertEquals("，", table.stringColumn("target").get(0));
        assertEquals(6, table.intColumn("position").get(1));
        assertEquals("黄", table.stringColumn("target").get(1));
    }

    @Test
    void aPoemOfTheWrongLengthIsNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> NextCharacterExamples.of(List.of(POEM, "白日依山尽。"), VOCAB));
        assertTrue(e.getMessage().contains("poem 1") && e.getMessage().contains("24"), e.getMessage());
    }
}
