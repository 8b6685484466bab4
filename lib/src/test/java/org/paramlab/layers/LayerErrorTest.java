package org.paramlab.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Every error a layer raises says which layer, what is wrong and the shapes or value involved. */
class LayerErrorTest {

    private static String message(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable code) {
        return assertThrows(type, code).getMessage();
    }

    @Test
    void denseInputWithWrongFeatureCount() {
        Dense dense = new Dense("dense2", 4, 10, 1L);
        assertEquals("dense2: input has 5 features per row but the layer expects 4 (input 32x5, weights 4x10)",
                message(IllegalArgumentException.class, () -> dense.forward(new FMatrixRMaj(32, 5))));
    }

    @Test
    void wrongShapeInsideASequentialNamesTheLayer() {
        Sequential model = new Sequential(new Dense("dense1", 3, 4, 1L), new ReLU(), new Dense("dense2", 5, 2, 2L));
        assertEquals("dense2: input has 4 features per row but the layer expects 5 (input 8x4, weights 5x2)",
                message(IllegalArgumentException.class, () -> model.forward(new FMatrixRMaj(8, 3))));
    }

    @Test
    void outputGradientWithWrongShape() {
        Dense dense = new Dense("dense1", 3, 4, 1L);
        dense.forward(new FMatrixRMaj(6, 3));
        assertEquals("dense1: output gradient is 6x5 but the forward output was 6x4",
                message(IllegalArgumentException.class, () -> dense.backward(new FMatrixRMaj(6, 5))));
        ReLU relu = new ReLU();
        relu.forward(new FMatrixRMaj(2, 2));
        assertEquals("relu: output gradient is 3x2 but the forward output was 2x2",
                message(IllegalArgumentException.class, () -> relu.backward(new FMatrixRMaj(3, 2))));
    }

    @Test
    void backwardBeforeForward() {
        assertEquals("dense1: backward called before forward", message(IllegalStateException.class,
                () -> new Dense("dense1", 3, 4, 1L).backward(new FMatrixRMaj(1, 4))));
        assertEquals("sigmoid: backward called before forward",
                message(IllegalStateException.class, () -> new Sigmoid().backward(new FMatrixRMaj(1, 4))));
        assertEquals("softmax: backward called before forward",
                message(IllegalStateException.class, () -> new Softmax().backward(new FMatrixRMaj(1, 4))));
        assertEquals("dropout: backward called before forward",
                message(IllegalStateException.class, () -> new Dropout(0.1f, 1L).backward(new FMatrixRMaj(1, 4))));
        assertEquals("emb: backward called before forward",
                message(IllegalStateException.class, () -> new Embedding("emb", 3, 2, 1L).backward(new FMatrixRMaj(1, 2))));
    }

    @Test
    void emptyOrMissingInput() {
        assertEquals("dense1: input is empty (0x3)",
                message(IllegalArgumentException.class, () -> new Dense("dense1", 3, 4, 1L).forward(new FMatrixRMaj(0, 3))));
        assertEquals("tanh: input is null", message(IllegalArgumentException.class, () -> new Tanh().forward(null)));
    }

    @Test
    void sizesBelowOneAreRejected() {
        assertEquals("dense1: inputs must be >= 1, got 0",
                message(IllegalArgumentException.class, () -> new Dense("dense1", 0, 4, 1L)));
        assertEquals("dense1: outputs must be >= 1, got -3",
                message(IllegalArgumentException.class, () -> new Dense("dense1", 3, -3, 1L)));
        assertEquals("emb: vocab must be >= 1, got 0",
                message(IllegalArgumentException.class, () -> new Embedding("emb", 0, 4, 1L)));
        assertEquals("emb: dim must be >= 1, got 0",
                message(IllegalArgumentException.class, () -> new Embedding("emb", 5, 0, 1L)));
    }

    @Test
    void layerNamesMustNotBeEmpty() {
        assertEquals("a layer needs a non-empty name, got ' '",
                message(IllegalArgumentException.class, () -> new Dense(" ", 3, 4, 1L)));
    }

    @Test
    void dropoutRateOutsideZeroToOne() {
        assertEquals("dropout: dropout rate must be in [0, 1), got 1.0",
                message(IllegalArgumentException.class, () -> new Dropout(1f, 1L)));
        assertEquals("dropout: dropout rate must be in [0, 1), got -0.1",
                message(IllegalArgumentException.class, () -> new Dropout(-0.1f, 1L)));
        assertEquals("drop2: dropout rate must be in [0, 1), got NaN",
                message(IllegalArgumentException.class, () -> new Dropout("drop2", Float.NaN, 1L)));
    }

    @Test
    void leakySlopeOutsideZeroToOne() {
        assertEquals("leakyRelu: slope must be in [0, 1), got 2.0",
                message(IllegalArgumentException.class, () -> new LeakyReLU(2f)));
    }

    @Test
    void embeddingRejectsBadIds() {
        Embedding embedding = new Embedding("words", 5, 2, 1L);
        assertEquals("words: input must be a column of token ids (batch x 1), got 4x3",
                message(IllegalArgumentException.class, () -> embedding.forward(new FMatrixRMaj(4, 3))));
        assertEquals("words: token id 7.0 at row 1 is not a whole number in 0..4 (vocab 5)",
                message(IllegalArgumentException.class,
                        () -> embedding.forward(new FMatrixRMaj(new float[][] {{1f}, {7f}}))));
        assertEquals("words: token id 1.5 at row 0 is not a whole number in 0..4 (vocab 5)",
                message(IllegalArgumentException.class, () -> embedding.forward(new FMatrixRMaj(new float[][] {{1.5f}}))));
    }

    @Test
    void sequentialErrors() {
        assertEquals("sequential: the model has no layers; add some first",
                message(IllegalStateException.class, () -> new Sequential().forward(new FMatrixRMaj(1, 1))));
        assertEquals("sequential: parameter name 'dense1.weights' is already used by an earlier layer; "
                        + "give layer 2 (dense1) its own name",
                message(IllegalArgumentException.class, () -> new Sequential(new Dense("dense1", 2, 2, 1L), new ReLU(),
                        new Dense("dense1", 2, 2, 2L))));
        assertEquals("sequential: layer 1 is null",
                message(IllegalArgumentException.class, () -> new Sequential(new ReLU(), null)));
        assertEquals("sequential: no layer 3; the model has 1 layers (0..0)",
                message(IndexOutOfBoundsException.class, () -> new Sequential(new ReLU()).get(3)));
    }
}
