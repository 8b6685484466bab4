package org.paramlab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tech.tablesaw.api.Table;

class LanguageModelCheckTest {

    static final String POEM = PoemSamplerTest.POEM;
    static final CharacterVocabulary VOCAB = PoemSamplerTest.VOCAB;
    static final NextCharacterExamples VALIDATION = NextCharacterExamples.of(List.of(POEM, POEM, POEM), VOCAB);

    static Path file(Path folder, String name, int bytes) throws IOException {
        return Files.write(folder.resolve(name), new byte[bytes]);
    }

    @Test
    void eachVersionIsMeasuredAgainstTheFirst(@TempDir Path folder) throws IOException {
        var check = new LanguageModelCheck(VALIDATION)
                .add("original", new PoemSamplerTest.Recites(POEM, 8f, 6), file(folder, "a", 1000))
                .add("less sure", new PoemSamplerTest.Recites(POEM, 3f, 6), file(folder, "b", 250))
                .add("knows nothing", TokenLossesTest.uniform(), file(folder, "c", 100))
                .form(20, 0.8, 1);
        Table t = check.table();
        assertEquals(List.of("version", "file bytes", "× smaller", "loss ± 95 %", "change ± 95 %",
                "top-1 agreement", "change, frequent", "change, rare", "perfect form"), t.columnNames());
        assertEquals(3, t.rowCount());
        assertEquals("1,000", t.stringColumn("file bytes").get(0));
        assertEquals("4.00", t.stringColumn("× smaller").get(1));
        double sure = Math.log(Math.exp(8) + 23) - 8;
        double less = Math.log(Math.exp(3) + 23) - 3;
        assertEquals(String.format("%.4f ± 0.0000", sure), t.stringColumn("loss ± 95 %").get(0));
        assertEquals("+0.0000 ± 0.0000", t.stringColumn("change ± 95 %").get(0));
        assertEquals(String.format("%+.4f ± 0.0000", less - sure), t.stringColumn("change ± 95 %").get(1),
                "three copies of a poem: no spread");
        assertEquals("100 %", t.stringColumn("top-1 agreement").get(1), "same favorites, less sure");
        assertEquals("0 %", t.stringColumn("top-1 agreement").get(2));
        assertEquals(String.format("%+.4f", Math.log(24) - sure), t.stringColumn("change, rare").get(2));
        assertEquals(String.format("%+.4f", Math.log(24) - sure), t.stringColumn("change, frequent").get(2));
        assertEquals("100 %", t.stringColumn("perfect form").get(0), "margin 8: the poem every time at T = 0.8");
        assertTrue(check.perfectForm(TokenLossesTest.uniform()) < 0.1, "a uniform model keeps no form");
        assertTrue(t.name().contains("3 validation poems (75 targets"), t.name());
        assertEquals(sure, check.losses("original").mean(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> check.losses("missing"));

        Table poems = check.continuations("白日依山尽，");
        assertEquals(POEM, poems.stringColumn(1).get(0));
        assertEquals(POEM, poems.stringColumn(1).get(1), "same favorites, same continuation");
    }

    @Test
    void headersFollowTheLanguageSwitch(@TempDir Path folder) throws IOException {
        var check = new LanguageModelCheck(VALIDATION)
                .add("original", new PoemSamplerTest.Recites(POEM, 8f, 6), file(folder, "a", 1000))
                .form(5, 0.8, 1);
        try {
            org.paramlab.core.Language.use("zh");
            Table t = check.table();
            assertEquals(List.of("版本", "文件字节数", "缩小倍数", "损失 ± 95 %", "变化 ± 95 %", "首选一致率", "变化（高频字）",
                    "变化（低频字）", "格律完整"), t.columnNames());
            assertEquals("语言模型在 3 首验证诗上的体检（75 个目标；单位为每个词元的纳特数）", t.name());
            assertEquals("“白日依山尽，”之后最可能的诗", check.continuations("白日依山尽，").columnNames().get(1));
        } finally {
            org.paramlab.core.Language.use("en");
        }
        assertEquals("version", check.table().columnNames().get(0));
    }

    @Test
    void frequentAndRareAreTheEndsOfTheVocabulary() {
        CharacterVocabulary big = CharacterVocabulary.mostFrequent(
                List.of(Poems.simplified(org.paramlab.data.Datasets.tangQuatrains()).toArray(new String[0])), 2000);
        var frequent = LanguageModelCheck.frequent(big);
        var rare = LanguageModelCheck.rare(big);
        assertTrue(frequent.test(4) && frequent.test(103) && !frequent.test(104) && !frequent.test(3));
        assertTrue(rare.test(1004) && rare.test(2003) && !rare.test(1003) && !rare.test(2004));
    }

    @Test
    void badVersionsAreNamed(@TempDir Path folder) {
        var check = new LanguageModelCheck(VALIDATION);
        assertThrows(IllegalStateException.class, check::table);
        var e = assertThrows(IllegalArgumentException.class,
                () -> check.add("ghost", TokenLossesTest.uniform(), folder.resolve("missing.plm")));
        assertTrue(e.getMessage().contains("ghost"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LanguageModelCheck(null));
        assertThrows(IllegalArgumentException.class, () -> check.form(0, 0.8, 1));
    }
}
