/**
 * How many parameters a model has, layer by layer, and how many bytes they take at FP32, FP16,
 * INT8 and INT4 ({@link org.paramlab.summary.ModelSummary}).
 */
package org.paramlab.summary;
