package kvcache.cache;

import java.util.Arrays;
import kvcache.attention.Softmax;
import kvcache.kit.model.FeedForward;
import kvcache.kit.model.MatrixVector;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.MultiplyAddCounter;
import kvcache.kit.model.RmsNorm;
import kvcache.nocache.Rope;
import org.ejml.data.FMatrixRMaj;

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
        return step(weights, cache, token, new MultiplyAddCounter());
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
        ModelConfig config = weights.config();
        checkToken(config, token);
        checkCacheFits(config, cache);
        int position = cache.length();
        if (position >= cache.capacity()) {
            throw new IllegalStateException("KV cache is full: cannot decode position " + position
                    + ", the capacity is " + cache.capacity() + " positions (seqLen); call truncate or reset, "
                    + "or use a model with a larger seqLen");
        }
        int dim = config.dim();
        int kvDim = config.kvDim();
        int headSize = config.headSize();

        // The new token's embedding.                                        (dim)
        float[] x = new float[dim];
        System.arraycopy(weights.tokenEmbedding().data, token * dim, x, 0, dim);

        float[] xb = new float[dim];
        float[] q = new float[dim];
        float[] k = new float[kvDim];
        float[] v = new float[kvDim];
        float[] attention = new float[dim];
        float[] projected = new float[dim];
        for (int layer = 0; layer < config.nLayers(); layer++) {
            // Project only the new token.
            RmsNorm.apply(x, weights.rmsAttention(layer), xb);
            multiply(weights.wq(layer), xb, q, counter);
            multiply(weights.wk(layer), xb, k, counter);
            multiply(weights.wv(layer), xb, v, counter);

            // RoPE at the absolute position, the same in every layer of this step.
            Rope.rotateInPlace(FMatrixRMaj.wrap(1, dim, q), headSize, position);
            Rope.rotateInPlace(FMatrixRMaj.wrap(1, kvDim, k), headSize, position);

            // Append the rotated key and the value: pending until the step ends.
            cache.put(layer, k, v);

            // The new query attends over positions 0 .. position of this layer.
            attend(config, cache, layer, q, position, attention, counter);

            // Output projection and residual.
            multiply(weights.wo(layer), attention, projected, counter);
            addInPlace(x, projected);

            // Feed-forward block and residual.
            RmsNorm.apply(x, weights.rmsFeedForward(layer), xb);
            addInPlace(x, FeedForward.apply(weights, layer, xb, counter));
        }

        // One position more, for all layers at once.
        cache.advance(1);

        // Final norm and classifier.                                        (vocab)
        RmsNorm.apply(x, weights.rmsFinal(), xb);
        float[] logits = new float[config.vocabSize()];
        multiply(weights.classifier(), xb, logits, counter);
        return logits;
    }

    /** Writes into {@code out} the attention of every query head of {@code q} over positions 0 .. position. */
    private static void attend(ModelConfig config, KVCache cache, int layer, float[] q, int position,
            float[] out, MultiplyAddCounter counter) {
        int headSize = config.headSize();
        int kvDim = config.kvDim();
        int kvMul = config.kvMul();
        float scale = 1f / (float) Math.sqrt(headSize);
        float[] scores = new float[position + 1];

        // This layer's rows 0 .. position, read straight from the cache's arrays:
        // element i of row t is at keys[first + t * kvDim + i].    (position + 1, kvDim)
        cache.rowOffset(layer, position); // checks once that every row up to this position is readable
        int first = cache.rowOffset(layer, 0);
        float[] keys = cache.keyArray();
        float[] values = cache.valueArray();

        for (int head = 0; head < config.nHeads(); head++) {
            int queryOffset = head * headSize;
            int kvOffset = first + (head / kvMul) * headSize;

            // Scores of the query against every key, its own included.      (position + 1)
            for (int t = 0; t <= position; t++) {
                int keyOffset = kvOffset + t * kvDim;
                float dot = 0f;
                for (int i = 0; i < headSize; i++) {
                    dot += q[queryOffset + i] * keys[keyOffset + i];
                }
                scores[t] = dot * scale;
            }
            Softmax.softmaxInPlace(scores, 0, position + 1);

            // Weighted sum of the values, one row at a time.                (headSize)
            Arrays.fill(out, queryOffset, queryOffset + headSize, 0f);
            for (int t = 0; t <= position; t++) {
                int valueOffset = kvOffset + t * kvDim;
                float weight = scores[t];
                for (int i = 0; i < headSize; i++) {
                    out[queryOffset + i] += weight * values[valueOffset + i];
                }
            }
        }
        counter.add(2L * config.nHeads() * headSize * (position + 1));
    }

    /** Computes {@code out = W in} for a row-major (rows, cols) matrix W and counts its multiply-adds. */
    private static void multiply(FMatrixRMaj w, float[] in, float[] out, MultiplyAddCounter counter) {
        MatrixVector.multiply(w, in, out);
        counter.add((long) w.numRows * w.numCols);
    }

    private static void addInPlace(float[] x, float[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }

    private static void checkToken(ModelConfig config, int token) {
        if (token < 0 || token >= config.vocabSize()) {
            throw new IllegalArgumentException("Invalid token id " + token + ": the vocabulary has ids 0 to "
                    + (config.vocabSize() - 1));
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
