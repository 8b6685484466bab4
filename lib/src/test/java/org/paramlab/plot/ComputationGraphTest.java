package org.paramlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class ComputationGraphTest {

    @Test
    void forwardArrowsCarryValuesAndBackwardArrowsGradientsInTheOtherDirection() throws Exception {
        JsonNode json = PlotlyJsonTest.parse(new ComputationGraph("one neuron")
                .node("w", 0, 1, "w = 0.5").node("x", 0, 0, "x = 5").node("mul", 1, 0.5, "×")
                .edge("w", "mul", "0.5", "∂L/∂w = −103")
                .edge("x", "mul", "5", "")
                .figure());
        JsonNode boxes = json.get("data").get(0);
        assertEquals("[\"w = 0.5\",\"x = 5\",\"×\"]", boxes.get("text").toString());
        JsonNode annotations = json.get("layout").get("annotations");
        assertEquals(2 + 2 + 2, annotations.size(), "w->mul: arrow and label both ways; x->mul: forward only");
        JsonNode forward = annotations.get(0);
        JsonNode backward = annotations.get(2);
        assertTrue(forward.get("x").asDouble() > forward.get("ax").asDouble(), "forward points right, to the operation");
        assertTrue(backward.get("x").asDouble() < backward.get("ax").asDouble(), "backward points left, to the parameter");
        assertEquals("∂L/∂w = −103", annotations.get(3).get("text").asText());
        assertEquals("x", forward.get("axref").asText(), "arrow tails in data coordinates");
    }

    @Test
    void edgesMustNameExistingNodes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ComputationGraph("g").node("a", 0, 0, "a").edge("a", "b", "", ""));
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new ComputationGraph("g").figure());
    }
}
