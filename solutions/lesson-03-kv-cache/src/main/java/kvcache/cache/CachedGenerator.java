package kvcache.cache;

import kvcache.kit.model.Generation;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Sampler;
import org.ejml.data.FMatrixRMaj;

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
        return generate(weights, new KVCache(weights.config()), prompt, newTokens, sampler);
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
        ModelConfig config = weights.config();
        checkArguments(config, prompt, newTokens);
        if (cache.length() != 0) {
            throw new IllegalStateException("The cache is not empty: it contains " + cache.length()
                    + " positions of an earlier sequence. Call cache.reset() before a new generation");
        }

        int[] tokens = new int[prompt.length + newTokens];
        System.arraycopy(prompt, 0, tokens, 0, prompt.length);
        FMatrixRMaj logits = new FMatrixRMaj(newTokens, config.vocabSize());

        // Prefill: the whole prompt in one pass; its last row gives the first new token.
        FMatrixRMaj promptLogits = Prefill.prefill(weights, cache, prompt);
        float[] row = new float[config.vocabSize()];
        System.arraycopy(promptLogits.data, (prompt.length - 1) * row.length, row, 0, row.length);

        // Decode: sample from the latest row, feed the sampled token, repeat.
        for (int s = 0; s < newTokens; s++) {
            System.arraycopy(row, 0, logits.data, s * row.length, row.length);
            int next = sampler.sample(row);
            tokens[prompt.length + s] = next;
            if (s + 1 < newTokens) {
                row = CachedDecoder.step(weights, cache, next);
            }
        }
        return new Generation(tokens, prompt.length, logits);
    }

    private static void checkArguments(ModelConfig config, int[] prompt, int newTokens) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("Empty prompt: pass at least one token, usually BOS (1)");
        }
        for (int i = 0; i < prompt.length; i++) {
            if (prompt[i] < 0 || prompt[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("Invalid token id " + prompt[i] + " at prompt index " + i
                        + ": the vocabulary has ids 0 to " + (config.vocabSize() - 1));
            }
        }
        if (newTokens < 1) {
            throw new IllegalArgumentException("Invalid newTokens " + newTokens + ": generate at least 1 token");
        }
        if (prompt.length + newTokens - 1 > config.seqLen()) {
            throw new IllegalArgumentException("Too long: prompt " + prompt.length + " + newTokens " + newTokens
                    + " - 1 = " + (prompt.length + newTokens - 1) + " positions exceed seqLen " + config.seqLen()
                    + "; generate at most " + (config.seqLen() - prompt.length + 1) + " tokens after this prompt");
        }
    }
}
