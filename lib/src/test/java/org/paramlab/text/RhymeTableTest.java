package org.paramlab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.paramlab.data.Datasets;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RhymeTableTest {

    /** Two made-up groups: 楼流 (traditional 樓流) and 山间 (山間); 后 stands for 後 (group A) and itself (group B). */
    static Table small() {
        return Table.create("rhymes",
                StringColumn.create("group", "A", "B"),
                StringColumn.create("tone", "平", "平"),
                StringColumn.create("traditional", "樓流後", "山間后"),
                StringColumn.create("simplified", "楼流后", "山间后"));
    }

    @Test
    void charactersRhymeWhenTheyShareAGroupInEitherScript() {
        RhymeTable rhymes = RhymeTable.of(small());
        assertTrue(rhymes.rhyme('楼', '流'));
        assertTrue(rhymes.rhyme('樓', '流'), "traditional and simplified alike");
        assertFalse(rhymes.rhyme('楼', '山'));
        assertEquals(Set.of("A", "B"), rhymes.groups('后'), "后 stands for 後 (A) and for itself (B)");
        assertTrue(rhymes.rhyme('后', '山') && rhymes.rhyme('后', '楼'));
        assertFalse(rhymes.rhyme('楼', '月'), "月 is in no group");
        assertFalse(rhymes.contains('月'));
        assertEquals(Set.of(), rhymes.groups('月'));
    }

    @Test
    void linesTwoAndFourAndTheShuffledControl() {
        RhymeTable rhymes = RhymeTable.of(small());
        String rhymed = "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。";     // 流 / 楼: group A
        String mixed = "一二三四五，六七八九山。一二三四五，六七八九间。";      // 山 / 间: group B
        String unknown = "一二三四五，六七八九月。一二三四五，六七八九楼。";    // 月 is in no group
        RhymeTable.Count count = rhymes.linesTwoAndFour(List.of(rhymed, mixed, unknown, "不是绝句"));
        assertEquals(2, count.rhyming());
        assertEquals(2, count.pairs());
        assertEquals(2, count.unknown(), "月, and a text that is not a quatrain");
        assertEquals(1.0, count.share());
        // shuffled: 流/间, 山/楼 (the third poem's 月 and the unknown first pairs are left out)
        RhymeTable.Count shuffled = rhymes.shuffledPairs(List.of(rhymed, mixed));
        assertEquals(0, shuffled.rhyming());
        assertEquals(2, shuffled.pairs());
        assertThrows(IllegalStateException.class, () -> new RhymeTable.Count(0, 0, 3).share());
        assertThrows(IllegalArgumentException.class, () -> rhymes.linesTwoAndFour(List.of()));
    }

    @Test
    void realQuatrainsRhymeFarMoreOftenThanShuffledOnes() {
        RhymeTable rhymes = RhymeTable.of(Datasets.pingshuiRhymes());
        assertTrue(rhymes.rhyme('流', '楼'), "下平聲十一尤");
        assertTrue(rhymes.groups('东').contains("上平聲一東"));
        List<String> poems = Poems.simplified(Datasets.tangQuatrains());
        double real = rhymes.linesTwoAndFour(poems).share();
        double chance = rhymes.shuffledPairs(poems).share();
        assertTrue(real > 0.85, "Tang quatrains rhyme lines 2 and 4: " + real);
        assertTrue(chance < 0.1, "by chance: " + chance);
        assertTrue(rhymes.linesTwoAndFour(poems).unknown() < 100, "nearly every end character is in the table");
    }

    @Test
    void aTableWithoutTheColumnsIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> RhymeTable.of(Table.create("x", StringColumn.create("group"))));
        assertTrue(e.getMessage().contains("pingshuiRhymes"), e.getMessage());
        var uneven = Table.create("rhymes", StringColumn.create("group", "A"), StringColumn.create("tone", "平"),
                StringColumn.create("traditional", "樓流"), StringColumn.create("simplified", "楼"));
        assertThrows(IllegalArgumentException.class, () -> RhymeTable.of(uneven));
    }
}
