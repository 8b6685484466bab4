/**
 * Data for training: a {@link org.paramlab.data.Dataset} (features and targets, from a Tablesaw
 * table or from matrices), seeded splits, {@link org.paramlab.data.Standardizer} (fitted on the
 * training split only), {@link org.paramlab.data.OneHot} encoding and shuffled mini-batches
 * ({@link org.paramlab.data.Batches}). {@link org.paramlab.data.Datasets} loads the course's real data.
 */
package org.paramlab.data;
