package org.paramlab.data;

import java.util.Arrays;
import java.util.Random;

/**
 * New classification datasets made from old ones by changing the labels (标签) or picking fewer
 * examples: the experiments of "are more parameters always better?". Every helper takes a seed,
 * so the same call gives the same dataset on every run; the features are shared, never changed.
 *
 * <ul>
 *   <li>{@link #shuffled}: the labels dealt out again at random, so they no longer belong to their
 *       images (Zhang et al. 2017, "Understanding deep learning requires rethinking generalization");</li>
 *   <li>{@link #withNoise}: a given fraction of the labels replaced by a wrong class;</li>
 *   <li>{@link #balancedSubset}: the first {@code size} examples of a seeded order that takes the
 *       classes in turn, so small subsets still contain every class.</li>
 * </ul>
 */
public final class Labels {

    private Labels() { }

    /**
     * The same images with the labels permuted at random: every class keeps its count, but an image's
     * label says nothing about the image any more. A model can only score well on it by memorising.
     */
    public static Dataset shuffled(Dataset data, long seed) {
        int[] labels = labelsOf(data, "shuffled");
        int[] order = Dataset.permutation(labels.length, new Random(seed));
        int[] dealt = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            dealt[i] = labels[order[i]];
        }
        return relabel(data, dealt);
    }

    /**
     * Label noise (标签噪声): exactly {@code round(rate * n)} examples, chosen at random, get a wrong
     * class, drawn uniformly from the other classes. The rest keep their label.
     */
    public static Dataset withNoise(Dataset data, double rate, long seed) {
        int[] labels = labelsOf(data, "withNoise");
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("withNoise: the noise rate is a fraction in [0, 1], got " + rate);
        }
        int classes = data.numTargets();
        Random rng = new Random(seed);
        int[] order = Dataset.permutation(labels.length, rng);
        int wrong = (int) Math.round(rate * labels.length);
        int[] noisy = labels.clone();
        for (int i = 0; i < wrong; i++) {
            int row = order[i];
            int other = rng.nextInt(classes - 1);              // one of the k − 1 other classes:
            noisy[row] = other < labels[row] ? other : other + 1;   // skip the true class
        }
        return relabel(data, noisy);
    }

    /**
     * {@code size} examples with the classes as equally represented as the data allows. The examples
     * are put in a seeded order that takes the classes in turn (a random example of each class, then a
     * second of each, …) and the first {@code size} are kept. With one seed, a smaller subset is always
     * part of a larger one, so a learning curve grows by adding examples, never by swapping them.
     */
    public static Dataset balancedSubset(Dataset data, int size, long seed) {
        int[] labels = labelsOf(data, "balancedSubset");
        if (size < 1 || size > labels.length) {
            throw new IllegalArgumentException("balancedSubset: size must be in 1.." + labels.length
                    + " (the examples in the dataset), got " + size);
        }
        int[] order = Dataset.permutation(labels.length, new Random(seed));
        // rank of each example within its class in the random order: the first 3 gets rank 0, the next 3 rank 1, ...
        int[] seenOfClass = new int[data.numTargets()];
        int[] rank = new int[labels.length];
        for (int row : order) {
            rank[row] = seenOfClass[labels[row]]++;
        }
        // sort by (rank, position in the random order): one of each class, then a second of each, ...
        Integer[] byTurn = new Integer[labels.length];
        int[] position = new int[labels.length];
        for (int i = 0; i < order.length; i++) {
            byTurn[i] = order[i];
            position[order[i]] = i;
        }
        Arrays.sort(byTurn, (a, b) -> rank[a] != rank[b] ? Integer.compare(rank[a], rank[b])
                : Integer.compare(position[a], position[b]));
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) {
            rows[i] = byTurn[i];
        }
        return data.subset(rows);
    }

    /** How many examples have a different label in {@code a} and {@code b} (the same examples, relabelled). */
    public static int changed(Dataset a, Dataset b) {
        int[] x = labelsOf(a, "changed");
        int[] y = labelsOf(b, "changed");
        if (x.length != y.length) {
            throw new IllegalArgumentException("changed: compares the labels of the same examples, but the datasets have "
                    + x.length + " and " + y.length + " examples");
        }
        int count = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                count++;
            }
        }
        return count;
    }

    /** The same features (shared, not copied) with new class indices. */
    private static Dataset relabel(Dataset data, int[] labels) {
        return new Dataset(data.features(), OneHot.encode(labels, data.numTargets()),
                data.featureNames(), data.targetNames(), data.classNames());
    }

    private static int[] labelsOf(Dataset data, String method) {
        if (data == null) {
            throw new IllegalArgumentException(method + ": no dataset given");
        }
        if (!data.isClassification()) {
            throw new IllegalArgumentException(method + ": needs a classification dataset (labels to change), got " + data);
        }
        return data.labels();
    }
}
