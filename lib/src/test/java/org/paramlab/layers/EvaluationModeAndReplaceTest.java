package org.paramlab.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.check.GradientCheck;

/** The one "forward in evaluation mode" helper, and swapping a layer by name. */
class EvaluationModeAndReplaceTest {

    @Test
    void evaluationModeRestoresEveryLayerAsItWas() {
        Dropout inner = new Dropout(0.5f, 1);
        Sequential block = new Sequential(new Dense("d1", 3, 4, 1), inner);
        Dropout outer = new Dropout(0.5f, 2);
        Sequential model = new Sequential(block, outer, new Dense("d2", 4, 2, 2));
        // mixed modes: the nested dropout frozen in evaluation mode, the rest training
        inner.setTraining(false);
        boolean[] seen = new boolean[3];
        EvaluationMode.run(model, () -> {
            seen[0] = model.isTraining();
            seen[1] = inner.isTraining();
            seen[2] = outer.isTraining();
            return null;
        });
        assertArrayEquals(new boolean[] {false, false, false}, seen, "everything evaluates");
        assertTrue(model.isTraining());
        assertTrue(block.isTraining());
        assertFalse(inner.isTraining(), "the frozen layer stays frozen");
        assertTrue(outer.isTraining());
        // restored even when the work fails
        assertThrows(IllegalStateException.class, () -> EvaluationMode.run(model, () -> {
            throw new IllegalStateException("boom");
        }));
        assertTrue(outer.isTraining());
        assertFalse(inner.isTraining());
    }

    @Test
    void predictIsDeterministicAndACopy() {
        Sequential model = new Sequential(new Dense("d1", 3, 8, 1), new Dropout(0.5f, 1), new Dense("d2", 8, 2, 2));
        FMatrixRMaj x = GradientCheck.random(new Random(1), 4, 3, 1f);
        FMatrixRMaj a = EvaluationMode.predict(model, x);
        FMatrixRMaj b = model.predict(x);
        assertArrayEquals(a.data, b.data);
        model.forward(x);   // overwrites the layer's buffer; the copies stay
        assertArrayEquals(a.data, EvaluationMode.predict(model, x).data);
        assertEquals("evaluation mode: the model is null",
                assertThrows(IllegalArgumentException.class, () -> EvaluationMode.predict(null, x)).getMessage());
    }

    @Test
    void replaceSwapsALayerByNameAndKeepsTheMode() {
        Dense small = new Dense("d1", 3, 2, 5);
        Sequential model = new Sequential(new Dense("d1", 3, 4, 1), new ReLU(), new Dense("d2", 4, 2, 2));
        Layer old = model.replace("d2", new Dense("d2", 4, 2, 9));
        assertEquals("d2", old.name());
        model.setTraining(false);
        Dense head = new Dense("d2", 2, 2, 3);
        model.replace("d2", head);
        assertFalse(head.isTraining(), "the replacement takes the model's mode");
        model.replace("d1", small);
        assertSame(small, model.get(0));
        assertEquals(List.of(small.weights(), small.bias(), head.weights(), head.bias()), model.parameters());
        assertEquals(0, model.indexOf("d1"));
        assertEquals(-1, model.indexOf("nope"));
        FMatrixRMaj y = model.predict(GradientCheck.random(new Random(1), 2, 3, 1f));
        assertEquals(2, y.numCols);
    }

    @Test
    void replaceFindsNestedLayersAndRejectsBadSwaps() {
        Sequential block = new Sequential(new Dense("inner", 3, 3, 1), new ReLU());
        Sequential model = new Sequential(block, new Dense("head", 3, 2, 2), new ReLU());
        Dense replacement = new Dense("inner", 3, 3, 7);
        model.replace("inner", replacement);
        assertSame(replacement, block.get(0));
        assertEquals("sequential: no layer named 'tail'; the layers are [sequential, head, relu]",
                assertThrows(IllegalArgumentException.class, () -> model.replace("tail", new ReLU())).getMessage());
        assertEquals("sequential: 2 layers are named 'relu'; give the one to replace its own name",
                assertThrows(IllegalArgumentException.class, () -> model.replace("relu", new Tanh())).getMessage());
        assertEquals("sequential: parameter name 'head.weights' of the replacement (head) is already used by another layer",
                assertThrows(IllegalArgumentException.class,
                        () -> model.replace("inner", new Dense("head", 3, 3, 1))).getMessage());
        assertEquals("sequential: the replacement for layer 'head' is null",
                assertThrows(IllegalArgumentException.class, () -> model.replace("head", null)).getMessage());
    }
}
