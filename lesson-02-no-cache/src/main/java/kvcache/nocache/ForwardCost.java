package kvcache.nocache;

import kvcache.kit.ExerciseNotImplemented;
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
        throw new ExerciseNotImplemented("2.4", "ForwardCost.multiplyAdds");
    }
}
