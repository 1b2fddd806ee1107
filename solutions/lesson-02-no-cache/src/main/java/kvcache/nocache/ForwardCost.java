package kvcache.nocache;

import kvcache.kit.model.ModelConfig;

/**
 * Exercise 2.4: the cost of one full forward pass, in multiply-adds, as a closed form.
 *
 * <p>What counts is exactly what {@link FullForward#logits(kvcache.kit.model.ModelWeights, int[],
 * kvcache.kit.model.MultiplyAddCounter)} counts: each product with a weight matrix, one
 * multiply-add per weight per position, and the attention scores and weighted sums under the
 * causal mask, where the query at position {@code i} meets keys {@code 0 .. i} only. RMSNorm,
 * RoPE, softmax, SiLU and residual additions are not counted.
 *
 * <p>See lesson-02-no-cache/README.md, section "Exercise 2.4".
 */
public final class ForwardCost {

    private ForwardCost() {
    }

    /**
     * Returns the multiply-adds of one full forward pass over {@code sequenceLength} tokens.
     *
     * @param config the model's sizes
     * @param sequenceLength the number of positions n, between 1 and {@code config.seqLen()}
     * @throws IllegalArgumentException if {@code sequenceLength} is out of that range; the message
     *     names the value and the limit
     */
    public static long multiplyAdds(ModelConfig config, int sequenceLength) {
        if (sequenceLength < 1 || sequenceLength > config.seqLen()) {
            throw new IllegalArgumentException("Invalid sequence length " + sequenceLength
                    + ": it must be between 1 and the model's seqLen " + config.seqLen());
        }
        long n = sequenceLength;
        long dim = config.dim();
        long kvDim = config.kvDim();
        long hidden = config.hiddenDim();

        // Per position and layer: wq and wo are (dim, dim), wk and wv are (kvDim, dim),
        // w1 and w3 are (hidden, dim), w2 is (dim, hidden).
        long projectionsPerPosition = 2 * dim * dim + 2 * kvDim * dim;
        long feedForwardPerPosition = 3 * dim * hidden;

        // Per layer: query i meets keys 0..i in every head, with headSize multiply-adds for each
        // score and as many for each weighted value. Summed over heads and positions this is
        // 2 * dim * (1 + 2 + ... + n) = dim * n * (n + 1).
        long attentionPerLayer = dim * n * (n + 1);

        long perLayer = n * (projectionsPerPosition + feedForwardPerPosition) + attentionPerLayer;
        long classifier = n * config.vocabSize() * dim;
        return config.nLayers() * perLayer + classifier;
    }
}
