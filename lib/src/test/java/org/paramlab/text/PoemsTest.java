package org.paramlab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.paramlab.data.Datasets;

class PoemsTest {

    @Test
    void splitIsByPoemSeededAndCoversEveryPoemOnce() {
        List<String> poems = Poems.simplified(Datasets.tangQuatrains());
        assertEquals(3509, poems.size());
        Poems.Split split = Poems.split(poems, 0.1, 42);
        assertEquals(351, split.validation().size(), "round(0.1 * 3509)");
        assertEquals(3158, split.train().size());
        Set<String> all = new HashSet<>(split.train());
        all.addAll(split.validation());
        assertEquals(new HashSet<>(poems), all, "every poem lands in exactly one part");
        assertEquals(split, Poems.split(poems, 0.1, 42), "same seed, same split");
        assertNotEquals(split.validation(), Poems.split(poems, 0.1, 43).validation());
        assertEquals("Split[3158 training poems, 351 validation poems]", split.toString());
    }

    @Test
    void traditionalAndSimplifiedAreTheSamePoems() {
        var table = Datasets.tangQuatrains();
        List<String> simplified = Poems.simplified(table);
        List<String> traditional = Poems.traditional(table);
        for (int i = 0; i < simplified.size(); i++) {
            assertEquals(Poems.LENGTH, simplified.get(i).length());
            assertEquals(Poems.LENGTH, traditional.get(i).length());
        }
    }

    @Test
    void linesAreThePiecesBetweenTheMarks() {
        assertEquals(List.of("白日依山尽", "黄河入海流", "欲穷千里目", "更上一层楼"),
                Poems.lines("白日依山尽，黄河入海流。欲穷千里目，更上一层楼。"));
        assertEquals(List.of("白日依山尽黄", "河入海"), Poems.lines("白日依山尽黄，，河入海"), "broken text: what is there");
        assertEquals(List.of(), Poems.lines(""));
        assertThrows(IllegalArgumentException.class, () -> Poems.lines(null));
    }

    @Test
    void badFractionsAndTablesAreNamed() {
        List<String> poems = new ArrayList<>(List.of("a", "b", "c"));
        assertThrows(IllegalArgumentException.class, () -> Poems.split(poems, 0.0, 1));
        assertThrows(IllegalArgumentException.class, () -> Poems.split(poems, 0.1, 1), "round(0.3) = 0 poems");
        var e = assertThrows(IllegalArgumentException.class, () -> Poems.simplified(Datasets.digits()));
        assertEquals(true, e.getMessage().contains("tangQuatrains"), e.getMessage());
    }
}
