/**
 * Saving and loading a model's parameters in a small documented binary format
 * ({@link org.paramlab.io.ModelFile}; see {@code lib/MODEL_FORMAT.md}).
 */
package org.paramlab.io;
