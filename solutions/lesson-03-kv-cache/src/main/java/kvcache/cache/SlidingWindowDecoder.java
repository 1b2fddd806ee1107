package kvcache.cache;

import kvcache.attention.Softmax;
import kvcache.kit.model.FeedForward;
import kvcache.kit.model.MatrixVector;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.RmsNorm;
import kvcache.nocache.Rope;
import org.ejml.data.FMatrixRMaj;

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
        ModelConfig config = weights.config();
        if (token < 0 || token >= config.vocabSize()) {
            throw new IllegalArgumentException("Invalid token id " + token + ": the vocabulary has ids 0 to "
                    + (config.vocabSize() - 1));
        }
        if (cache.nLayers() != config.nLayers() || cache.kvDim() != config.kvDim()) {
            throw new IllegalArgumentException("The cache does not fit the model: the cache has " + cache.nLayers()
                    + " layers of kvDim " + cache.kvDim() + ", the model " + config.nLayers() + " layers of kvDim "
                    + config.kvDim() + ". Create it with new SlidingWindowCache(weights.config(), window)");
        }
        int position = cache.length();
        int first = cache.firstVisible();
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
        float[] scores = new float[position - first + 1];
        float sqrtHeadSize = (float) Math.sqrt(headSize);
        for (int layer = 0; layer < config.nLayers(); layer++) {
            // Project only the new token, and rotate at its absolute position.
            RmsNorm.apply(x, weights.rmsAttention(layer), xb);
            MatrixVector.multiply(weights.wq(layer), xb, q);
            MatrixVector.multiply(weights.wk(layer), xb, k);
            MatrixVector.multiply(weights.wv(layer), xb, v);
            Rope.rotateInPlace(FMatrixRMaj.wrap(1, dim, q), headSize, position);
            Rope.rotateInPlace(FMatrixRMaj.wrap(1, kvDim, k), headSize, position);

            // Store the new row in its slot, replacing the position that left the window.
            cache.put(layer, k, v);

            // Each query head attends over the positions first .. position.
            for (int head = 0; head < config.nHeads(); head++) {
                int queryOffset = head * headSize;
                int kvOffset = (head / config.kvMul()) * headSize;
                for (int t = first; t <= position; t++) {
                    float dot = 0f;
                    for (int i = 0; i < headSize; i++) {
                        dot += q[queryOffset + i] * cache.key(layer, t, kvOffset + i);
                    }
                    scores[t - first] = dot / sqrtHeadSize;
                }
                Softmax.softmaxInPlace(scores, 0, scores.length);
                for (int i = 0; i < headSize; i++) {
                    float sum = 0f;
                    for (int t = first; t <= position; t++) {
                        sum += scores[t - first] * cache.value(layer, t, kvOffset + i);
                    }
                    attention[queryOffset + i] = sum;
                }
            }

            // Output projection, feed-forward block, residuals.
            MatrixVector.multiply(weights.wo(layer), attention, projected);
            addInPlace(x, projected);
            RmsNorm.apply(x, weights.rmsFeedForward(layer), xb);
            addInPlace(x, FeedForward.apply(weights, layer, xb));
        }

        // One position more, for all layers at once.
        cache.advance();

        // Final norm and classifier.                                        (vocab)
        RmsNorm.apply(x, weights.rmsFinal(), xb);
        float[] logits = new float[config.vocabSize()];
        MatrixVector.multiply(weights.classifier(), xb, logits);
        return logits;
    }

    private static void addInPlace(float[] x, float[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }
}
