/**
 * Text for a character-level language model of Tang quatrains: the poems and a seeded split by poem
 * ({@link org.paramlab.text.Poems}), the vocabulary of the most frequent characters plus special
 * tokens ({@link org.paramlab.text.CharacterVocabulary}), the next-character training examples
 * ({@link org.paramlab.text.NextCharacterExamples}), the counting baselines
 * ({@link org.paramlab.text.NgramBaseline}: unigram, add-k and interpolated bigram), sampling with a
 * temperature and greedy continuation ({@link org.paramlab.text.PoemSampler}), a model's loss target
 * by target ({@link org.paramlab.text.TokenLosses}: per token, per character, per poem with an
 * interval) and by kind of token ({@link org.paramlab.text.TokenKind}), the rhyme groups of regulated
 * verse ({@link org.paramlab.text.RhymeTable}) and the health check of notebook 09 for a language
 * model ({@link org.paramlab.text.LanguageModelCheck}). Perplexity lives with the other metrics
 * ({@link org.paramlab.metrics.Perplexity}).
 *
 * <p>Depends only on core, data, layers and metrics.
 */
package org.paramlab.text;
