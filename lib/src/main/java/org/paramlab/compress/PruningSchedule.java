package org.paramlab.compress;

import static org.paramlab.core.Language.label;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.paramlab.core.Parameter;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Layer;
import org.paramlab.metrics.Metrics;
import org.paramlab.summary.SmallTable;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/**
 * Iterative pruning (Han et al. 2015): prune a little, fine-tune so the remaining weights make up for
 * the lost ones, prune a little more.
 * <pre>
 *   for s in sparsities (increasing):
 *       mask = magnitude pruning of the model to sparsity s      (weights pruned before stay pruned: they are 0, the smallest)
 *       fineTune(mask)                                            (train with a MaskedOptimizer: pruned weights stay 0)
 * </pre>
 * <pre>{@code
 * PruningSchedule.Result r = new PruningSchedule(Pruning.Scope.GLOBAL, 0.5, 0.75, 0.9).run(model, test,
 *         mask -> new Trainer(model, new SoftmaxCrossEntropy(),
 *                 new MaskedOptimizer(new Adam(model.parameters(), 0.003f), mask)).epochs(2).fit(train));
 * }</pre>
 * The fine-tuning function gets each round's mask and trains the model however it likes; the schedule
 * checks afterwards that every pruned weight is still exactly 0.
 */
public final class PruningSchedule {

    private final Pruning.Scope scope;
    private final double[] sparsities;

    public PruningSchedule(Pruning.Scope scope, double... sparsities) {
        if (scope == null) {
            throw new IllegalArgumentException("pruning schedule: scope is null; choose Scope.GLOBAL or Scope.LAYER_WISE");
        }
        if (sparsities == null || sparsities.length == 0) {
            throw new IllegalArgumentException("pruning schedule: give at least one sparsity");
        }
        for (int i = 0; i < sparsities.length; i++) {
            Pruning.checkSparsity(sparsities[i]);
            if (i > 0 && sparsities[i] <= sparsities[i - 1]) {
                throw new IllegalArgumentException("pruning schedule: sparsities must increase, but round " + (i + 1)
                        + " asks for " + sparsities[i] + " after " + sparsities[i - 1]);
            }
        }
        this.scope = scope;
        this.sparsities = sparsities.clone();
    }

    /** The rounds' outcome: the last mask (to keep fine-tuning under it) and one row per round. */
    public record Result(PruningMask mask, Table table) { }

    /**
     * Runs the rounds on {@code model} (changed in place), measuring accuracy on {@code evaluation}
     * right after pruning and after fine-tuning.
     */
    public Result run(Layer model, Dataset evaluation, Function<PruningMask, ?> fineTune) {
        if (model == null || evaluation == null || fineTune == null) {
            throw new IllegalArgumentException("pruning schedule: needs a model, an evaluation set and a fine-tuning function");
        }
        SmallTable table = SmallTable.of(label("iterative pruning (%s)", label(scope.name().toLowerCase().replace('_', '-'))),
                        label("round"), label("sparsity"), label("weights pruned"), label("accuracy pruned"), label("accuracy fine-tuned"))
                .typed(ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.DOUBLE);
        PruningMask mask = null;
        for (int r = 0; r < sparsities.length; r++) {
            mask = Pruning.magnitude(model, sparsities[r], scope);
            double afterPruning = Metrics.accuracy(model, evaluation);
            fineTune.apply(mask);
            requireStillPruned(mask, r + 1);
            table.row(r + 1, sparsities[r], mask.prunedCount(), afterPruning, Metrics.accuracy(model, evaluation));
        }
        return new Result(mask, table.table());
    }

    /** Fine-tuning without the mask would quietly undo the pruning: say so instead. */
    private static void requireStillPruned(PruningMask mask, int round) {
        List<String> revived = new ArrayList<>();
        for (Parameter p : mask.parameters()) {
            int count = 0;
            for (int i = 0; i < p.count(); i++) {
                if (!mask.isKept(p, i) && p.value().data[i] != 0f) count++;
            }
            if (count > 0) revived.add(p.name() + " (" + count + ")");
        }
        if (!revived.isEmpty()) {
            throw new IllegalStateException("pruning schedule: after fine-tuning in round " + round
                    + ", pruned weights are no longer 0 in " + revived
                    + "; fine-tune with new MaskedOptimizer(optimizer, mask) so they stay pruned");
        }
    }
}
