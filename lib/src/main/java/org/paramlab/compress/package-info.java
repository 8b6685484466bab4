/**
 * Making a trained model smaller while it keeps what it knows (模型压缩).
 * <ul>
 *   <li>Distillation (知识蒸馏): {@link org.paramlab.compress.DistillationLoss} and
 *       {@link org.paramlab.compress.DistillationStep}, a student learning from a teacher's soft targets.</li>
 *   <li>Pruning (剪枝): {@link org.paramlab.compress.Pruning} (magnitude, random and structured),
 *       {@link org.paramlab.compress.PruningMask}, {@link org.paramlab.compress.MaskedOptimizer} (pruned weights
 *       stay zero through fine-tuning) and {@link org.paramlab.compress.PruningSchedule} (prune, fine-tune, repeat).</li>
 * </ul>
 * Sources: Hinton, Vinyals &amp; Dean 2015, "Distilling the Knowledge in a Neural Network";
 * Han, Pool, Tran &amp; Dally 2015, "Learning both Weights and Connections for Efficient Neural Networks".
 */
package org.paramlab.compress;
