package kvcache.nocache;

import kvcache.kit.ExerciseNotImplemented;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.MultiplyAddCounter;
import org.ejml.data.FMatrixRMaj;

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
        throw new ExerciseNotImplemented("2.2", "FullForward.logits");
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
        throw new ExerciseNotImplemented("2.2", "FullForward.logits");
    }
}
