package org.paramlab.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;

/**
 * Mini-batches: a dataset cut into groups of {@code batchSize} examples. Training on a batch at a
 * time gives many small, cheap, slightly noisy steps instead of one big step per pass.
 *
 * <p>Each {@code for (Batch b : batches)} loop is one epoch. A shuffled {@code Batches} draws a new
 * order for every epoch from its own {@link Random}, seeded once, so the sequence of orders is the
 * same on every run with the same seed.
 *
 * <p>The batch matrices are allocated once and refilled for every batch: a {@link Batch} is only
 * valid until the next one is taken. (The last batch is smaller when the size does not divide the
 * dataset; it has its own matrices, also reused.)
 */
public final class Batches implements Iterable<Batches.Batch> {

    /** The examples of one mini-batch: {@code features} (b x d) and {@code targets} (b x k). */
    public static final class Batch {
        private final Dataset dataset;
        private final FMatrixRMaj features;
        private final FMatrixRMaj targets;
        private final int[] rows;

        private Batch(Dataset dataset, int rows, int featureCols, int targetCols) {
            this.dataset = dataset;
            this.features = new FMatrixRMaj(rows, featureCols);
            this.targets = new FMatrixRMaj(rows, targetCols);
            this.rows = new int[rows];
        }

        /** The dataset the examples come from. */
        public Dataset dataset() { return dataset; }

        /**
         * The dataset row of example {@code i} of this batch: lets a training step look up what it
         * knows per example, e.g. a teacher's logits computed once for the whole dataset.
         */
        public int row(int i) { return rows[i]; }

        public FMatrixRMaj features() { return features; }

        public FMatrixRMaj targets() { return targets; }

        /** Number of examples in this batch. */
        public int size() { return features.numRows; }
    }

    private final Dataset data;
    private final int batchSize;
    private final Random rng;          // null: keep the dataset's order
    private final int[] order;
    private final Batch full;
    private final Batch last;          // the smaller final batch, or the same as full

    private Batches(Dataset data, int batchSize, Random rng) {
        if (data == null) {
            throw new IllegalArgumentException("no dataset given");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.data = data;
        this.batchSize = Math.min(batchSize, data.size());
        this.rng = rng;
        this.order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        this.full = new Batch(data, this.batchSize, data.numFeatures(), data.numTargets());
        int rest = data.size() % this.batchSize;
        this.last = rest == 0 ? full : new Batch(data, rest, data.numFeatures(), data.numTargets());
    }

    /** Batches in a new random order every epoch, drawn from {@code seed}. */
    public static Batches shuffled(Dataset data, int batchSize, long seed) {
        return new Batches(data, batchSize, new Random(seed));
    }

    /** Batches in the dataset's order (for evaluation, where order does not matter). */
    public static Batches inOrder(Dataset data, int batchSize) {
        return new Batches(data, batchSize, null);
    }

    /** Batches per epoch: {@code ceil(n / batchSize)}. */
    public int count() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** The batch size used (never more than the dataset size). */
    public int batchSize() { return batchSize; }

    public Dataset dataset() { return data; }

    /** Starts an epoch: draws a fresh order (when shuffling) and returns the batches in it. */
    @Override
    public Iterator<Batch> iterator() {
        if (rng != null) {
            Dataset.shuffle(order, rng);
        }
        return new Iterator<>() {
            private int next = 0;

            @Override
            public boolean hasNext() {
                return next < count();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the epoch has only " + count() + " batches");
                }
                return fill(next++);
            }
        };
    }

    /** Copies the rows of batch {@code b} (in the current order) into the reused matrices. */
    private Batch fill(int b) {
        int start = b * batchSize;
        Batch batch = start + batchSize <= order.length ? full : last;
        FMatrixRMaj x = data.features();
        FMatrixRMaj y = data.targets();
        int d = x.numCols;
        int k = y.numCols;
        for (int i = 0; i < batch.size(); i++) {
            int row = order[start + i];
            batch.rows[i] = row;
            System.arraycopy(x.data, row * d, batch.features.data, i * d, d);
            System.arraycopy(y.data, row * k, batch.targets.data, i * k, k);
        }
        return batch;
    }
}
