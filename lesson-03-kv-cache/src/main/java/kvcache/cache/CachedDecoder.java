package kvcache.cache;

import kvcache.kit.ExerciseNotImplemented;
import kvcache.attention.Softmax;
import kvcache.kit.model.FeedForward;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.MultiplyAddCounter;
import kvcache.kit.model.RmsNorm;
import kvcache.nocache.Rope;

/**
 * Exercise 3.2: one decode step with a KV cache.
 *
 * <p>The cache contains the keys and values of positions {@code 0 .. t - 1}, where
 * {@code t = cache.length()}. The step feeds one new token at position {@code t}:
 * <pre>
 *   x = embedding row of the token                                     (dim)
 *   for each layer:
 *     xb = RMSNorm(x)                                                  (dim)
 *     q = wq xb (dim),  k = wk xb (kvDim),  v = wv xb (kvDim)          only the new token
 *     rotate q and k with RoPE at position t                           the same t in every layer
 *     put k and v into the cache at position t (a pending row)
 *     each query head h attends over the keys and values 0 .. t of kv head h / kvMul
 *     x += wo (attention output)                                       (dim)
 *     x += FeedForward(RMSNorm(x))                                     (dim)
 *   advance the cache by one position, once for all layers
 *   logits = classifier RMSNorm(x)                                     (vocab)
 * </pre>
 * No mask is needed: the one query sits at the last position and may see every cached key.
 * Cached keys are stored already rotated, so they are never rotated again. The matrix-vector
 * products may use tight {@code float[]} loops over the row-major weights
 * ({@code out[i] = sum_j W.data[i * cols + j] * in[j]}) or EJML. The building blocks are given:
 * {@link kvcache.kit.model.RmsNorm} and {@link kvcache.kit.model.FeedForward} from the kit,
 * {@link kvcache.nocache.Rope} from lesson 2 and {@link kvcache.attention.Softmax} from lesson 1.
 *
 * <p>See lesson-03-kv-cache/README.md, section "Exercise 3.2".
 */
public final class CachedDecoder {

    private CachedDecoder() {
    }

    /**
     * Feeds one token at position {@code cache.length()} and returns its logits.
     *
     * @param weights the model; not modified
     * @param cache the cache of this sequence, made for the same model; modified: every layer
     *     gains the new position's key and value, and the length grows by exactly 1
     * @param token the token id at the new position
     * @return a new {@code float[vocab]}: the distribution over the token at the next position,
     *     before softmax
     * @throws IllegalArgumentException if the token is outside {@code [0, vocabSize)} or the cache
     *     does not fit the model (layers or kvDim differ); the message names both values
     * @throws IllegalStateException if the cache is full ({@code cache.length() == cache.capacity()});
     *     the message names the position and the capacity, and the cache is left unchanged
     */
    public static float[] step(ModelWeights weights, KVCache cache, int token) {
        throw new ExerciseNotImplemented("3.2", "CachedDecoder.step");
    }

    /**
     * As {@link #step(ModelWeights, KVCache, int)}, and adds to {@code counter} the multiply-adds
     * of the step, counted as lesson 2 counts the full forward pass: each product with a weight
     * matrix ({@code rows * cols}), and {@code 2 * headSize * (t + 1)} per query head for the
     * scores over the keys {@code 0 .. t} and the weighted sum of their values.
     *
     * @param counter receives the count; modified
     */
    public static float[] step(ModelWeights weights, KVCache cache, int token, MultiplyAddCounter counter) {
        throw new ExerciseNotImplemented("3.2", "CachedDecoder.step");
    }
}
