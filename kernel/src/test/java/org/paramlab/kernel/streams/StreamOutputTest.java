package org.paramlab.kernel.streams;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamOutputTest {

    private final List<String> sent = new ArrayList<>();

    @Test
    void flushSendsWhatWasWrittenAsText() {
        StreamOutput out = new StreamOutput("stdout", 1024, (name, text) -> sent.add(name + ":" + text));
        out.write("héllo\n".getBytes(StandardCharsets.UTF_8), 0, 7);
        out.flush();
        assertEquals(List.of("stdout:héllo\n"), sent);
    }

    @Test
    void aCharacterSplitBetweenWritesIsNotBroken() {
        StreamOutput out = new StreamOutput("stdout", 1024, (name, text) -> sent.add(text));
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        out.write(e, 0, 1);
        out.flush();
        out.write(e, 1, 1);
        out.flush();
        assertEquals("é", String.join("", sent));
    }

    @Test
    void outputBeyondTheLimitIsDroppedWithANote() {
        StreamOutput out = new StreamOutput("stdout", 2 * 1024 * 1024, (name, text) -> sent.add(text));
        out.startCell();
        byte[] line = "0123456789\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 400_000; i++) { // 4.4 MB
            out.write(line, 0, line.length);
        }
        out.endCell();
        long shown = sent.stream().limit(sent.size() - 1).mapToLong(String::length).sum();
        assertEquals(2 * 1024 * 1024, shown);
        String note = sent.get(sent.size() - 1);
        assertTrue(note.contains("output truncated") && note.contains("2,302,848 more bytes"), note);
    }
}
