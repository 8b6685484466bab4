/**
 * Saving and loading a model's parameters in a small documented binary format
 * ({@link org.paramlab.io.ModelFile}; see {@code lib/MODEL_FORMAT.md}): FP32 (version 1), and typed
 * tensors (version 2: FP16, integer codes with scales, sparse storage) as {@link org.paramlab.io.StoredTensor}s.
 */
package org.paramlab.io;
