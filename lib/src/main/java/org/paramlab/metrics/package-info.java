/**
 * Scores people read: accuracy and the confusion matrix for classification, MSE and MAE for
 * regression ({@link org.paramlab.metrics.Metrics}).
 */
package org.paramlab.metrics;
