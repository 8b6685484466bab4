/**
 * Scores people read: accuracy and the confusion matrix for classification, MSE and MAE for
 * regression ({@link org.paramlab.metrics.Metrics}); perplexity for language models
 * ({@link org.paramlab.metrics.Perplexity}).
 */
package org.paramlab.metrics;
