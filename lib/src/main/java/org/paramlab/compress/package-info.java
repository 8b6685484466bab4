/**
 * Making a trained model smaller while it keeps what it knows (模型压缩).
 * <ul>
 *   <li>Distillation (知识蒸馏): {@link org.paramlab.compress.DistillationLoss} and
 *       {@link org.paramlab.compress.DistillationStep}, a student learning from a teacher's soft targets.</li>
 *   <li>Pruning (剪枝): {@link org.paramlab.compress.Pruning} (magnitude, random and structured),
 *       {@link org.paramlab.compress.PruningMask}, {@link org.paramlab.compress.MaskedOptimizer} (pruned weights
 *       stay zero through fine-tuning) and {@link org.paramlab.compress.PruningSchedule} (prune, fine-tune, repeat).</li>
 *   <li>Quantization (量化): {@link org.paramlab.compress.Quantizer} (INT2 to INT8, symmetric or asymmetric, per
 *       tensor, output channel or group of 32) and {@link org.paramlab.compress.QuantizedModel} (the compact form,
 *       saved as typed tensors by {@code io.ModelFile}, dequantized for evaluation, with its error statistics).</li>
 * </ul>
 * Sources: Hinton, Vinyals &amp; Dean 2015, "Distilling the Knowledge in a Neural Network";
 * Han, Pool, Tran &amp; Dally 2015, "Learning both Weights and Connections for Efficient Neural Networks";
 * llama.cpp's Q8_0/Q4_0 block formats (groups of 32 weights sharing one FP16 scale).
 */
package org.paramlab.compress;
