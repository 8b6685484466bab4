package org.paramlab.data;

import org.ejml.data.FMatrixRMaj;

/**
 * Targets written as <em>class ids</em>: one column holding the class number 0..k-1 of each example,
 * instead of a one-hot row of k numbers. The same information in 1 number instead of k: a language
 * model with 2,004 tokens and 78,950 examples needs 0.3 MB of class ids but 633 MB of one-hot rows.
 * PyTorch's {@code CrossEntropyLoss} takes class ids the same way.
 * <pre>
 *   one-hot   [0, 0, 1, 0]   (k columns)
 *   class id  [2]            (1 column)
 * </pre>
 * A one-column target means class ids when the prediction has more than one column (one score per
 * class); with a single prediction column it stays a binary 0/1 target.
 */
public final class ClassIds {

    private ClassIds() { }

    /** True when {@code target} is one column of class ids for a prediction of {@code classes} scores per row. */
    public static boolean areClassIds(FMatrixRMaj target, int classes) {
        return target.numCols == 1 && classes > 1;
    }

    /** The class id in row {@code row}, checked to be a whole number in 0..classes-1. */
    public static int classId(FMatrixRMaj target, int row, int classes) {
        float value = target.data[row];
        int id = (int) value;
        if (id != value || id < 0 || id >= classes) {
            throw new IllegalArgumentException("target row " + row + " holds " + value + ", not a class id 0.."
                    + (classes - 1) + " (a one-column target of a " + classes + "-class prediction is read as class ids)");
        }
        return id;
    }

    /** One row per example with its class id. */
    public static FMatrixRMaj column(int[] ids, int classes) {
        FMatrixRMaj column = new FMatrixRMaj(ids.length, 1);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= classes) {
                throw new IllegalArgumentException("class id " + ids[i] + " at index " + i + " is outside the classes 0.."
                        + (classes - 1));
            }
            column.data[i] = ids[i];
        }
        return column;
    }
}
