package kvcache.cache;

import kvcache.kit.ExerciseNotImplemented;
import kvcache.attention.CausalMask;
import kvcache.attention.MultiHeadAttention;
import kvcache.kit.model.FeedForward;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.MultiplyAddCounter;
import kvcache.kit.model.RmsNorm;
import kvcache.nocache.Rope;
import org.ejml.data.FMatrixRMaj;

/**
 * Exercise 3.3: prefill, many tokens in one batched pass on top of what the cache contains.
 *
 * <p>The cache contains {@code c = cache.length()} positions (0 for a fresh prompt). The {@code n}
 * new tokens sit at positions {@code c .. c + n - 1}, and row {@code i} of every activation is
 * position {@code c + i}:
 * <pre>
 *   x = embedding rows of the tokens                                   (n, dim)
 *   for each layer:
 *     xb = RMSNorm(x)                                                  (n, dim)
 *     q = xb wq^T (n, dim),  k = xb wk^T (n, kvDim),  v = xb wv^T (n, kvDim)
 *     rotate q and k with RoPE, row i at position c + i
 *     put k and v into the cache at positions c .. c + n - 1 (pending rows)
 *     x += (grouped-query attention of q over the layer's c + n keys and values,
 *           with the causal mask offset by c) wo^T                     (n, dim)
 *     x += FeedForward(RMSNorm(x))                                     (n, dim)
 *   advance the cache by n positions, once for all layers
 *   logits = RMSNorm(x) classifier^T                                   (n, vocab)
 * </pre>
 * The mask is {@code CausalMask.create(n, c + n, c)} from lesson 1: row {@code i} may see keys
 * {@code 0 .. c + i}, the cached ones and the new ones up to its own. Every batched product uses
 * EJML ({@code CommonOps_FDRM.multTransB(X, W, out)} computes {@code X W^T}). The building
 * blocks are given: {@link kvcache.kit.model.RmsNorm} and {@link kvcache.kit.model.FeedForward}
 * from the kit, {@link kvcache.nocache.Rope} from lesson 2, and
 * {@link kvcache.attention.CausalMask} with {@link kvcache.attention.MultiHeadAttention} from lesson 1.
 *
 * <p>See lesson-03-kv-cache/README.md, section "Exercise 3.3".
 */
public final class Prefill {

    private Prefill() {
    }

    /**
     * Feeds {@code tokens} at positions {@code cache.length() .. cache.length() + n - 1} in one
     * pass and returns the logits of every new position.
     *
     * @param weights the model; not modified
     * @param cache the cache of this sequence, made for the same model, empty or not; modified:
     *     every layer gains the keys and values of the {@code n} new positions, and the length
     *     grows by exactly {@code n}
     * @param tokens the new token ids, at least one; not modified
     * @return a new (n, vocab) matrix: row {@code i} is the distribution over the token at
     *     position {@code cache.length() + i + 1} (counting the length before the call), before softmax
     * @throws IllegalArgumentException if {@code tokens} is empty or contains an id outside
     *     {@code [0, vocabSize)}, or the cache does not fit the model; the message names the value
     *     and the limit
     * @throws IllegalStateException if {@code cache.length() + n > cache.capacity()}; the message
     *     names both, and the cache is left unchanged
     */
    public static FMatrixRMaj prefill(ModelWeights weights, KVCache cache, int[] tokens) {
        throw new ExerciseNotImplemented("3.3", "Prefill.prefill");
    }

    /**
     * As {@link #prefill(ModelWeights, KVCache, int[])}, and adds to {@code counter} the
     * multiply-adds of the pass, counted as lesson 2 counts the full forward pass: each product
     * with a weight matrix ({@code rows * cols} per row), and {@code 2 * headSize * (c + i + 1)}
     * per query head for new row {@code i}, which sees keys {@code 0 .. c + i}.
     *
     * @param counter receives the count; modified
     */
    public static FMatrixRMaj prefill(ModelWeights weights, KVCache cache, int[] tokens, MultiplyAddCounter counter) {
        throw new ExerciseNotImplemented("3.3", "Prefill.prefill");
    }
}
