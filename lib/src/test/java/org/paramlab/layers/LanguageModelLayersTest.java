package org.paramlab.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.paramlab.check.GradientCheck;
import org.paramlab.core.Parameter;
import org.paramlab.init.Initializers;

/**
 * The layers of a next-character model: the context embedding, the position embedding and the sum
 * that adds the position to the hidden layer's pre-activation.
 */
class LanguageModelLayersTest {

    /** Rows of {@code context} random token ids followed by a random position. */
    static FMatrixRMaj contextAndPosition(Random rng, int batch, int context, int vocab, int positions) {
        FMatrixRMaj x = new FMatrixRMaj(batch, context + 1);
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < context; j++) {
                x.set(r, j, rng.nextInt(vocab));
            }
            x.set(r, context, rng.nextInt(positions));
        }
        return x;
    }

    /** h_pre = concat(E[c]) · W1 + b1 + P[pos], the hidden pre-activation of the capstone's model. */
    static Sum hiddenWithPosition(int vocab, int dim, int context, int hidden, int positions, long seed) {
        return new Sum("hidden+position",
                new Sequential(new ContextEmbedding("embedding", vocab, dim, context, seed),
                        new Dense("hidden", context * dim, hidden, Initializers.xavierUniform(), Initializers.zeros(), seed + 1)),
                new PositionEmbedding("position", positions, hidden, context, Initializers.normal(0f, 1f), seed + 2));
    }

    @Test
    void contextEmbeddingPutsTheVectorsOfThePreviousTokensSideBySide() {
        ContextEmbedding e = new ContextEmbedding("embedding", 5, 2, 3, 7L);
        float[] table = e.weights().value().data;
        FMatrixRMaj x = new FMatrixRMaj(new float[][] {{4, 0, 4, 9}, {1, 2, 3, 0}});   // last column: not read
        FMatrixRMaj y = e.forward(x);
        assertEquals(2, y.numRows);
        assertEquals(6, y.numCols);
        int[][] ids = {{4, 0, 4}, {1, 2, 3}};
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < 3; j++) {
                for (int c = 0; c < 2; c++) {
                    assertEquals(table[ids[r][j] * 2 + c], y.get(r, j * 2 + c), 0f, "row " + r + " slot " + j);
                }
            }
        }
        // token 4 appears twice in row 0: its row of the table gets both slots' gradients
        e.weights().zeroGrad();
        FMatrixRMaj dY = new FMatrixRMaj(2, 6);
        for (int i = 0; i < dY.data.length; i++) {
            dY.data[i] = i + 1;
        }
        FMatrixRMaj dX = e.backward(dY);
        assertEquals(1f + 5f, e.weights().grad().get(4, 0), 0f);
        assertEquals(2f + 6f, e.weights().grad().get(4, 1), 0f);
        assertEquals(11f, e.weights().grad().get(3, 0), 0f);     // row 1, slot 2
        assertEquals(0f, e.weights().grad().get(0, 1) - 4f, 0f);  // row 0, slot 1
        assertEquals(4, dX.numCols);
        for (float v : dX.data) {
            assertEquals(0f, v);
        }
    }

    @Test
    void positionEmbeddingLooksUpTheRowOfThePosition() {
        PositionEmbedding p = new PositionEmbedding("position", 25, 3, 6, Initializers.normal(0f, 1f), 3L);
        FMatrixRMaj x = new FMatrixRMaj(new float[][] {{1, 1, 1, 1, 1, 1, 24}, {0, 0, 0, 0, 0, 0, 5}});
        FMatrixRMaj y = p.forward(x);
        for (int c = 0; c < 3; c++) {
            assertEquals(p.weights().value().get(24, c), y.get(0, c), 0f);
            assertEquals(p.weights().value().get(5, c), y.get(1, c), 0f);
        }
        assertEquals(75, p.weights().count());
        assertEquals("position.weights", p.weights().name());
        // made without an initializer the table starts at zero: no position information until trained
        PositionEmbedding fresh = new PositionEmbedding("position", 25, 3, 6);
        for (float v : fresh.forward(x).data) {
            assertEquals(0f, v);
        }
    }

    @RepeatedTest(6)
    void contextEmbeddingGradients(RepetitionInfo info) {
        Random rng = new Random(2000L + info.getCurrentRepetition());
        int vocab = 2 + rng.nextInt(6);
        ContextEmbedding e = new ContextEmbedding("embedding", vocab, 1 + rng.nextInt(4), 1 + rng.nextInt(4), rng.nextLong());
        FMatrixRMaj x = contextAndPosition(rng, 1 + rng.nextInt(5), e.context(), vocab, 3);
        GradientCheck.checkLayer(e, () -> e, x, rng, false);    // ids are not differentiable
    }

    @RepeatedTest(6)
    void positionEmbeddingGradients(RepetitionInfo info) {
        Random rng = new Random(3000L + info.getCurrentRepetition());
        int positions = 2 + rng.nextInt(6);
        PositionEmbedding p = new PositionEmbedding("position", positions, 1 + rng.nextInt(4), 2,
                Initializers.normal(0f, 1f), rng.nextLong());
        FMatrixRMaj x = contextAndPosition(rng, 1 + rng.nextInt(5), 2, 4, positions);
        GradientCheck.checkLayer(p, () -> p, x, rng, false);
    }

    @RepeatedTest(6)
    void hiddenLayerWithPositionGradients(RepetitionInfo info) {
        Random rng = new Random(4000L + info.getCurrentRepetition());
        int vocab = 2 + rng.nextInt(6);
        int context = 1 + rng.nextInt(3);
        int positions = 2 + rng.nextInt(5);
        Sum sum = hiddenWithPosition(vocab, 1 + rng.nextInt(3), context, 1 + rng.nextInt(4), positions, rng.nextLong());
        FMatrixRMaj x = contextAndPosition(rng, 1 + rng.nextInt(4), context, vocab, positions);
        GradientCheck.checkLayer(sum, () -> sum, x, rng, false);
        // the whole model through tanh and the output layer
        Sequential model = new Sequential(sum, new Tanh(), new Dense("output", sum.forward(x).numCols, vocab, rng.nextLong()));
        GradientCheck.checkLayer(model, () -> model, x, rng, false);
    }

    @Test
    void sumAddsItsBranchesAndSumsTheirInputGradients() {
        Dense a = new Dense("a", 3, 2, 1L);
        Dense b = new Dense("b", 3, 2, 2L);
        Sum sum = new Sum("sum", a, b);
        Random rng = new Random(5);
        FMatrixRMaj x = GradientCheck.random(rng, 4, 3, 1f);
        FMatrixRMaj expected = a.forward(x).copy();
        FMatrixRMaj fromB = b.forward(x);
        for (int i = 0; i < expected.data.length; i++) {
            expected.data[i] += fromB.data[i];
        }
        FMatrixRMaj y = sum.forward(x);
        for (int i = 0; i < y.data.length; i++) {
            assertEquals(expected.data[i], y.data[i], 1e-6f);
        }
        assertEquals(4, sum.parameters().size());
        GradientCheck.checkLayer(sum, x, rng);                 // with the input gradient this time
        sum.setTraining(false);
        assertTrue(!a.isTraining() && !b.isTraining(), "evaluation mode reaches every branch");
    }

    @Test
    void theCapstoneModelHas634964Parameters() {
        int vocab = 2004;
        Sequential model = new Sequential(hiddenWithPosition(vocab, 32, 6, 256, 25, 1L), new Tanh(),
                new Dense("output", 256, vocab, 2L));
        assertEquals(634_964, model.parameterCount());
        long output = 256L * vocab + vocab;
        assertEquals(0.811, (double) output / model.parameterCount(), 0.001);
        long position = 0;
        for (Parameter p : model.parameters()) {
            if (p.name().equals("position.weights")) {
                position = p.count();
            }
        }
        assertEquals(6_400, position);
    }

    @Test
    void badInputsAreNamed() {
        ContextEmbedding e = new ContextEmbedding("embedding", 5, 2, 6, 1L);
        IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class, () -> e.forward(new FMatrixRMaj(2, 4)));
        assertEquals("embedding: input must hold the ids of the 6 previous tokens in its first 6 columns, got 2x4",
                narrow.getMessage());
        FMatrixRMaj bad = new FMatrixRMaj(1, 6);
        bad.set(0, 3, 5f);
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> e.forward(bad));
        assertEquals("embedding: id 5.0 at row 0, column 3 is not a whole number in 0..4 (table of 5 rows)", id.getMessage());
        PositionEmbedding p = new PositionEmbedding("position", 25, 4, 6);
        IllegalArgumentException noColumn = assertThrows(IllegalArgumentException.class, () -> p.forward(new FMatrixRMaj(2, 6)));
        assertEquals("position: the position is read from column 6 but the input has only 6 columns (2x6)", noColumn.getMessage());
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
                () -> new Sum("sum", new Dense("a", 7, 3, 1L), p).forward(new FMatrixRMaj(2, 7)));
        assertEquals("sum: branch 1 (position) gives 2x4 but branch 0 (a) gives 2x3; added outputs must have the same shape",
                shapes.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new Sum("sum", new Dense("a", 7, 3, 1L), new Dense("a", 7, 3, 2L)));
        assertTrue(twice.getMessage().contains("'a.weights' appears in two branches"), twice.getMessage());
    }
}
