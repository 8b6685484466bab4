/**
 * Text for a character-level language model of Tang quatrains: the poems and a seeded split by poem
 * ({@link org.paramlab.text.Poems}), the vocabulary of the most frequent characters plus special
 * tokens ({@link org.paramlab.text.CharacterVocabulary}), the next-character training examples
 * ({@link org.paramlab.text.NextCharacterExamples}), the counting baselines
 * ({@link org.paramlab.text.NgramBaseline}) and sampling with a temperature
 * ({@link org.paramlab.text.PoemSampler}). Perplexity lives with the other metrics
 * ({@link org.paramlab.metrics.Perplexity}).
 *
 * <p>Depends only on core, data, layers and metrics.
 */
package org.paramlab.text;
