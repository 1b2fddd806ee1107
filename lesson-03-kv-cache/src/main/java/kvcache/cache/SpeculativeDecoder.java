package kvcache.cache;

import kvcache.kit.ExerciseNotImplemented;
import kvcache.kit.model.ModelWeights;

/**
 * Exercise 3.6 (optional): rollback, as greedy speculative decoding uses it.
 *
 * <p>A cheap draft model (or any guess) proposes the next {@code k} tokens. The model checks them
 * all in one prefill pass (exercise 3.3) over {@code [lastToken, d0, ..., d(k-1)]}: row {@code i}
 * of the logits is the model's greedy choice {@code g(i)} after {@code d(i-1)}. The longest prefix of
 * the draft that agrees with the greedy choices is accepted, and the model's own choice at the
 * first disagreement (or after the whole draft, when every token agrees) comes for free. The
 * cache then contains positions of rejected draft tokens, which the sequence will never contain:
 * {@link KVCache#truncate(int)} rolls them back, so that the cache is exactly the cache of the
 * accepted sequence. The tokens produced are exactly those of plain greedy decoding.
 *
 * <p>See lesson-03-kv-cache/README.md, section "Exercise 3.6".
 */
public final class SpeculativeDecoder {

    private SpeculativeDecoder() {
    }

    /**
     * Verifies a draft against the model's greedy choices and rolls the cache back to what was accepted.
     *
     * <p>Before the call the cache contains {@code c} positions and {@code lastToken}, the token at
     * position {@code c}, has been chosen but not fed. After the call the cache contains
     * {@code c + 1 + a} positions, where {@code a} is the number of accepted draft tokens: those of
     * {@code lastToken} and the accepted draft tokens.
     *
     * @param weights the model; not modified
     * @param cache the cache of this sequence; modified as described
     * @param lastToken the token at position {@code cache.length()}, not yet in the cache
     * @param draft the proposed next tokens, possibly none; not modified
     * @return a new array of {@code a + 1} tokens: the accepted draft tokens followed by the model's
     *     own greedy choice; the last one becomes the next call's {@code lastToken}
     * @throws IllegalArgumentException if a token is outside the vocabulary or the cache does not
     *     fit the model
     * @throws IllegalStateException if {@code cache.length() + 1 + draft.length > cache.capacity()},
     *     and the cache is left unchanged
     */
    public static int[] verify(ModelWeights weights, KVCache cache, int lastToken, int[] draft) {
        throw new ExerciseNotImplemented("3.6", "SpeculativeDecoder.verify");
    }
}
