package kvcache.cache;

import kvcache.kit.ExerciseNotImplemented;
import kvcache.kit.model.ModelWeights;

/**
 * Exercise 3.5 (optional): one decode step over a sliding-window cache.
 *
 * <p>The same step as exercise 3.2, except that the new query at position {@code t} attends
 * only to positions {@code cache.firstVisible() .. t}, at most {@code window} of them. RoPE still
 * rotates q and k at the absolute position {@code t}, which may exceed the model's {@code seqLen}.
 * The result equals full recomputation with a window-limited causal mask: query {@code i} sees
 * key {@code j} when {@code i - window < j <= i}.
 *
 * <p>See lesson-03-kv-cache/README.md, section "Exercise 3.5".
 */
public final class SlidingWindowDecoder {

    private SlidingWindowDecoder() {
    }

    /**
     * Feeds one token at position {@code cache.length()} and returns its logits.
     *
     * @param weights the model; not modified
     * @param cache the sliding-window cache of this sequence, made for the same model; modified:
     *     every layer stores the new key and value, and the length grows by exactly 1
     * @param token the token id at the new position
     * @return a new {@code float[vocab]}: the distribution over the next token, before softmax
     * @throws IllegalArgumentException if the token is outside {@code [0, vocabSize)} or the cache
     *     does not fit the model; the message names both values
     */
    public static float[] step(ModelWeights weights, SlidingWindowCache cache, int token) {
        throw new ExerciseNotImplemented("3.5", "SlidingWindowDecoder.step");
    }
}
