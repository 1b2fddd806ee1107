package kvcache.nocache;

import kvcache.attention.CausalMask;
import kvcache.attention.MultiHeadAttention;
import kvcache.kit.model.FeedForward;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.MultiplyAddCounter;
import kvcache.kit.model.RmsNorm;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Exercise 2.2: the forward pass of a Llama-style decoder over a whole token sequence at once.
 *
 * <p>Row {@code i} of every activation is position {@code i}; the causal mask lets position
 * {@code i} attend to positions {@code 0 .. i} only. For n tokens:
 * <pre>
 *   x = embedding rows of the tokens                                   (n, dim)
 *   for each layer:
 *     xb = RMSNorm(x)                                                  (n, dim)
 *     q = xb wq^T (n, dim),  k = xb wk^T (n, kvDim),  v = xb wv^T (n, kvDim)
 *     rotate q and k with RoPE, row i at position i
 *     x += (causal grouped-query attention of q over k, v) wo^T        (n, dim)
 *     x += FeedForward(RMSNorm(x))                                     (n, dim)
 *   logits = RMSNorm(x) classifier^T                                   (n, vocab)
 * </pre>
 * Every batched product uses EJML. Attention comes from lesson 1
 * ({@code kvcache.attention.MultiHeadAttention} with {@code kvcache.attention.CausalMask}); RoPE
 * from exercise 2.1; RMSNorm and the feed-forward block from the kit
 * ({@link kvcache.kit.model.RmsNorm}, {@link kvcache.kit.model.FeedForward}).
 *
 * <p>See lesson-02-no-cache/README.md, section "Exercise 2.2".
 */
public final class FullForward {

    private FullForward() {
    }

    /**
     * Computes the logits of every position of {@code tokens}.
     *
     * @param weights the model; not modified
     * @param tokens the token ids, position {@code i} at index {@code i}; not modified
     * @return a new (n, vocab) matrix: row {@code i} is the distribution over the token at
     *     position {@code i + 1}, before softmax
     * @throws IllegalArgumentException if {@code tokens} is empty, longer than {@code seqLen}, or
     *     contains an id outside {@code [0, vocabSize)}; the message names the value and the limit
     */
    public static FMatrixRMaj logits(ModelWeights weights, int[] tokens) {
        return logits(weights, tokens, new MultiplyAddCounter());
    }

    /**
     * As {@link #logits(ModelWeights, int[])}, and adds to {@code counter} the multiply-adds of
     * the pass: every product with a weight matrix (the q, k, v and output projections, the three
     * feed-forward products and the classifier, each {@code rows * cols} per position), and in
     * attention, for each head and each query position {@code i}, {@code headSize} per key
     * {@code 0 .. i} for the scores and as many for the weighted sum of the values.
     * RMSNorm, RoPE, softmax, SiLU and the residual additions are not counted. Scores of masked
     * pairs (key after query) are not counted either, even when a dense product computes them,
     * because a causal pass does not need them. The total equals
     * {@link ForwardCost#multiplyAdds(kvcache.kit.model.ModelConfig, int)}.
     *
     * @param counter receives the count; modified
     */
    public static FMatrixRMaj logits(ModelWeights weights, int[] tokens, MultiplyAddCounter counter) {
        ModelConfig config = weights.config();
        checkTokens(config, tokens);
        int n = tokens.length;
        int dim = config.dim();
        int headSize = config.headSize();

        // Token embedding: row i of x is the embedding of tokens[i].              x (n, dim)
        FMatrixRMaj x = new FMatrixRMaj(n, dim);
        for (int i = 0; i < n; i++) {
            System.arraycopy(weights.tokenEmbedding().data, tokens[i] * dim, x.data, i * dim, dim);
        }

        // Causal mask: position i may attend to positions 0..i.              mask (n, n)
        FMatrixRMaj mask = CausalMask.create(n, n, 0);

        for (int layer = 0; layer < config.nLayers(); layer++) {
            // Attention RMSNorm.                                                 xb (n, dim)
            FMatrixRMaj xb = RmsNorm.applyRows(x, weights.rmsAttention(layer));

            // Projections: q (n, dim), k (n, kvDim), v (n, kvDim).
            FMatrixRMaj q = project(xb, weights.wq(layer), counter);
            FMatrixRMaj k = project(xb, weights.wk(layer), counter);
            FMatrixRMaj v = project(xb, weights.wv(layer), counter);

            // RoPE: rotate q and k, row i at position i.
            Rope.rotateInPlace(q, headSize, 0);
            Rope.rotateInPlace(k, headSize, 0);

            // Causal grouped-query attention.                                  attention (n, dim)
            FMatrixRMaj attention = MultiHeadAttention.attend(q, k, v, config.nHeads(), config.nKvHeads(), mask);
            counter.add(causalAttentionMultiplyAdds(dim, n));

            // Output projection and residual: x += attention wo^T.            x (n, dim)
            CommonOps_FDRM.addEquals(x, project(attention, weights.wo(layer), counter));

            // Feed-forward RMSNorm, SwiGLU and residual.                       x (n, dim)
            FMatrixRMaj xbFeedForward = RmsNorm.applyRows(x, weights.rmsFeedForward(layer));
            CommonOps_FDRM.addEquals(x, FeedForward.applyRows(weights, layer, xbFeedForward, counter));
        }

        // Final RMSNorm.                                                       x (n, dim)
        FMatrixRMaj normalized = RmsNorm.applyRows(x, weights.rmsFinal());

        // Classifier: logits = x classifier^T.                                 logits (n, vocab)
        return project(normalized, weights.classifier(), counter);
    }

    /** Returns {@code input W^T}: (n, rows) for input (n, cols) and W (rows, cols), and counts its multiply-adds. */
    private static FMatrixRMaj project(FMatrixRMaj input, FMatrixRMaj weight, MultiplyAddCounter counter) {
        FMatrixRMaj output = new FMatrixRMaj(input.numRows, weight.numRows);
        CommonOps_FDRM.multTransB(input, weight, output);
        counter.add((long) input.numRows * weight.numRows * weight.numCols);
        return output;
    }

    /**
     * Returns the multiply-adds causal attention needs over n positions: query i meets keys
     * 0..i, with headSize multiply-adds per head for its score and as many for the weighted
     * value, so {@code 2 * dim * (1 + 2 + ... + n) = dim * n * (n + 1)}.
     */
    private static long causalAttentionMultiplyAdds(int dim, int n) {
        return (long) dim * n * (n + 1);
    }

    private static void checkTokens(ModelConfig config, int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("Cannot run the forward pass on an empty token sequence: "
                    + "pass at least one token, e.g. BOS (1)");
        }
        if (tokens.length > config.seqLen()) {
            throw new IllegalArgumentException("Sequence of " + tokens.length + " tokens is longer than the model's "
                    + "seqLen " + config.seqLen() + "; shorten it to at most " + config.seqLen() + " tokens");
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("Invalid token id " + tokens[i] + " at position " + i
                        + ": the vocabulary has ids 0 to " + (config.vocabSize() - 1));
            }
        }
    }
}
