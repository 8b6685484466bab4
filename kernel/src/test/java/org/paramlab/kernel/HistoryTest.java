package org.paramlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** history_request as the messaging spec describes it: tail, range, search (glob, unique, n), output. */
class HistoryTest {

    private static History history() {
        History history = new History();
        String[] cells = {"int a = 1;", "a + 1", "Math.max(a, 2)", "a + 1", "String s = \"x\";"};
        for (int i = 0; i < cells.length; i++) {
            history.add(i + 1, cells[i]);
        }
        history.setOutput(2, "2");
        history.setOutput(4, "2");
        return history;
    }

    private static JsonArray query(String json) {
        return history().query(JsonParser.parseString(json).getAsJsonObject());
    }

    private static String inputs(JsonArray entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach(e -> text.append(e.getAsJsonArray().get(1).getAsInt()).append(':')
                .append(e.getAsJsonArray().get(2)).append(' '));
        return text.toString().strip();
    }

    @Test
    void tailGivesTheLastN() {
        assertEquals("4:\"a + 1\" 5:\"String s = \\\"x\\\";\"", inputs(query("{\"hist_access_type\": \"tail\", \"n\": 2}")));
    }

    @Test
    void rangeIsFromStartToBeforeStopInTheCurrentSession() {
        assertEquals("2:\"a + 1\" 3:\"Math.max(a, 2)\"", inputs(query("{\"hist_access_type\": \"range\", \"session\": 0, \"start\": 2, \"stop\": 4}")));
        assertEquals(inputs(query("{\"hist_access_type\": \"range\", \"session\": 1, \"start\": 2, \"stop\": 4}")),
                inputs(query("{\"hist_access_type\": \"range\", \"session\": 0, \"start\": 2, \"stop\": 4}")));
        assertEquals(0, query("{\"hist_access_type\": \"range\", \"session\": 7, \"start\": 1, \"stop\": 9}").size());
        assertEquals(5, query("{\"hist_access_type\": \"range\", \"session\": 0, \"start\": 0}").size());
    }

    @Test
    void searchMatchesAGlobOverTheWholeInput() {
        assertEquals("2:\"a + 1\" 4:\"a + 1\"", inputs(query("{\"hist_access_type\": \"search\", \"pattern\": \"a + ?\"}")));
        assertEquals("4:\"a + 1\"", inputs(query("{\"hist_access_type\": \"search\", \"pattern\": \"a + ?\", \"unique\": true}")));
        assertEquals("3:\"Math.max(a, 2)\" 4:\"a + 1\"",
                inputs(query("{\"hist_access_type\": \"search\", \"pattern\": \"*a*\", \"unique\": true, \"n\": 2}")));
        assertEquals("1:\"int a = 1;\" 5:\"String s = \\\"x\\\";\"", inputs(query("{\"hist_access_type\": \"search\", \"pattern\": \"*[;]\"}")));
        assertEquals(0, query("{\"hist_access_type\": \"search\", \"pattern\": \"A*\"}").size(), "case-sensitive");
    }

    @Test
    void outputPairsEachInputWithItsResultText() {
        JsonArray entries = query("{\"hist_access_type\": \"tail\", \"n\": 2, \"output\": true}");
        JsonArray fourth = entries.get(0).getAsJsonArray();
        assertEquals(History.SESSION, fourth.get(0).getAsInt());
        assertEquals("[\"a + 1\",\"2\"]", fourth.get(2).toString());
        assertEquals("[\"String s = \\\"x\\\";\",null]", entries.get(1).getAsJsonArray().get(2).toString());
    }

    @Test
    void anUnknownAccessTypeGivesNothing() {
        JsonObject request = new JsonObject();
        request.addProperty("hist_access_type", "sideways");
        assertEquals(0, history().query(request).size());
    }
}
