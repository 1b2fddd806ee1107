package kvcache.cache;

import kvcache.kit.ExerciseNotImplemented;
import kvcache.kit.model.Generation;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Sampler;

/**
 * Exercise 3.4: autoregressive generation with a KV cache.
 *
 * <p>Same contract as lesson 2's {@code RecomputeGenerator.generate}, computed differently:
 * prefill the whole prompt in one pass (exercise 3.3) and sample the first new token from the
 * last row, then feed each sampled token with one decode step (exercise 3.2) and sample the next
 * token from its logits. The last sampled token is not fed, so the cache ends with
 * {@code prompt.length + newTokens - 1} positions, which must not exceed {@code seqLen}.
 * Generation does not stop at BOS or EOS: it always produces {@code newTokens} tokens.
 *
 * <p>See lesson-03-kv-cache/README.md, section "Exercise 3.4".
 */
public final class CachedGenerator {

    private CachedGenerator() {
    }

    /**
     * Generates {@code newTokens} tokens after {@code prompt} with a new cache.
     *
     * @param weights the model; not modified
     * @param prompt the prompt's token ids, at least one (usually starting with BOS); not modified
     * @param newTokens the number of tokens to generate, at least 1
     * @param sampler chooses each token from a row of logits
     * @return the prompt and the generated tokens, with the logits row each token was sampled from
     * @throws IllegalArgumentException if the prompt is empty or contains an id outside the
     *     vocabulary, if {@code newTokens < 1}, or if {@code prompt.length + newTokens - 1}
     *     exceeds {@code seqLen}; the message names the value and the limit
     */
    public static Generation generate(ModelWeights weights, int[] prompt, int newTokens, Sampler sampler) {
        throw new ExerciseNotImplemented("3.4", "CachedGenerator.generate");
    }

    /**
     * Generates {@code newTokens} tokens after {@code prompt} into a cache the caller owns, so
     * that one allocation serves many generations: call {@code cache.reset()} between them.
     *
     * @param cache an empty cache made for the same model; modified: it ends holding the
     *     {@code prompt.length + newTokens - 1} positions that were fed
     * @throws IllegalStateException if the cache is not empty: it still contains another sequence's
     *     keys and values, which would leak into this one; the message names {@code reset()} as the fix
     * @throws IllegalArgumentException as {@link #generate(ModelWeights, int[], int, Sampler)}, or
     *     if the cache does not fit the model
     */
    public static Generation generate(ModelWeights weights, KVCache cache, int[] prompt, int newTokens,
            Sampler sampler) {
        throw new ExerciseNotImplemented("3.4", "CachedGenerator.generate");
    }
}
