package kvcache.cache;

import kvcache.attention.CausalMask;
import kvcache.attention.MultiHeadAttention;
import kvcache.kit.model.FeedForward;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.MultiplyAddCounter;
import kvcache.kit.model.RmsNorm;
import kvcache.nocache.Rope;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

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
        return prefill(weights, cache, tokens, new MultiplyAddCounter());
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
        ModelConfig config = weights.config();
        checkTokens(config, tokens);
        checkCacheFits(config, cache);
        int cached = cache.length();
        int n = tokens.length;
        if (cached + n > cache.capacity()) {
            throw new IllegalStateException("KV cache is full: cannot prefill " + n + " tokens on top of "
                    + cached + " cached positions, the capacity is " + cache.capacity()
                    + " positions (seqLen); feed fewer tokens, or call truncate or reset");
        }
        int dim = config.dim();
        int kvDim = config.kvDim();
        int headSize = config.headSize();

        // Embedding rows of the new tokens.                                 (n, dim)
        FMatrixRMaj x = new FMatrixRMaj(n, dim);
        for (int i = 0; i < n; i++) {
            System.arraycopy(weights.tokenEmbedding().data, tokens[i] * dim, x.data, i * dim, dim);
        }

        // The new rows see every cached position and the new ones up to their own.
        FMatrixRMaj mask = CausalMask.create(n, cached + n, cached);

        for (int layer = 0; layer < config.nLayers(); layer++) {
            // Project the new tokens, all at once.
            FMatrixRMaj xb = RmsNorm.applyRows(x, weights.rmsAttention(layer));
            FMatrixRMaj q = project(xb, weights.wq(layer), counter);         // (n, dim)
            FMatrixRMaj k = project(xb, weights.wk(layer), counter);         // (n, kvDim)
            FMatrixRMaj v = project(xb, weights.wv(layer), counter);         // (n, kvDim)

            // RoPE: row i sits at absolute position cached + i.
            Rope.rotateInPlace(q, headSize, cached);
            Rope.rotateInPlace(k, headSize, cached);

            // Append the new keys and values (pending), then attend over all cached + n of them.
            cache.put(layer, k, v);
            FMatrixRMaj attention = MultiHeadAttention.attend(q, cache.keys(layer), cache.values(layer),
                    config.nHeads(), config.nKvHeads(), mask);                // (n, dim)
            counter.add(attentionMultiplyAdds(config, cached, n));

            // Output projection and residual.
            CommonOps_FDRM.addEquals(x, project(attention, weights.wo(layer), counter));

            // Feed-forward block and residual.
            FMatrixRMaj normalized = RmsNorm.applyRows(x, weights.rmsFeedForward(layer));
            CommonOps_FDRM.addEquals(x, FeedForward.applyRows(weights, layer, normalized, counter));
        }

        // n positions more, for all layers at once.
        cache.advance(n);

        // Final norm and classifier.                                        (n, vocab)
        return project(RmsNorm.applyRows(x, weights.rmsFinal()), weights.classifier(), counter);
    }

    /** Returns {@code X W^T}: each row of {@code x} multiplied by the (out, in) weight {@code w}. */
    private static FMatrixRMaj project(FMatrixRMaj x, FMatrixRMaj w, MultiplyAddCounter counter) {
        FMatrixRMaj out = new FMatrixRMaj(x.numRows, w.numRows);
        CommonOps_FDRM.multTransB(x, w, out);
        counter.add((long) x.numRows * w.numRows * w.numCols);
        return out;
    }

    /** Returns the scores and weighted sums of n new rows over keys 0 .. cached + i, for every query head. */
    private static long attentionMultiplyAdds(ModelConfig config, int cached, int n) {
        long keysSeen = (long) n * cached + (long) n * (n + 1) / 2;
        return 2L * config.nHeads() * config.headSize() * keysSeen;
    }

    private static void checkTokens(ModelConfig config, int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("No tokens to prefill: pass at least one token");
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("Invalid token id " + tokens[i] + " at index " + i
                        + ": the vocabulary has ids 0 to " + (config.vocabSize() - 1));
            }
        }
    }

    private static void checkCacheFits(ModelConfig config, KVCache cache) {
        if (cache.nLayers() != config.nLayers() || cache.kvDim() != config.kvDim()) {
            throw new IllegalArgumentException("The cache does not fit the model: the cache has " + cache.nLayers()
                    + " layers of kvDim " + cache.kvDim() + ", the model " + config.nLayers() + " layers of kvDim "
                    + config.kvDim() + ". Create the cache with new KVCache(weights.config())");
        }
    }
}
