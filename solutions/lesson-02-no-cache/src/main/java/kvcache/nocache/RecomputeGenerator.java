package kvcache.nocache;

import java.util.Arrays;
import kvcache.kit.model.Generation;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Sampler;
import org.ejml.data.FMatrixRMaj;

/**
 * Exercise 2.3: autoregressive generation without a cache.
 *
 * <p>Each step runs the full forward pass (exercise 2.2) over the whole sequence so far, the
 * prompt followed by the tokens generated until then, takes the last row of the logits and
 * samples the next token from it. Step {@code s} (from 0) processes {@code prompt.length + s}
 * positions, so the last step processes {@code prompt.length + newTokens - 1}: that number must
 * not exceed {@code seqLen}. Generation does not stop at BOS or EOS: it always produces
 * {@code newTokens} tokens.
 *
 * <p>See lesson-02-no-cache/README.md, section "Exercise 2.3".
 */
public final class RecomputeGenerator {

    private RecomputeGenerator() {
    }

    /**
     * Generates {@code newTokens} tokens after {@code prompt}.
     *
     * @param weights the model; not modified
     * @param prompt the prompt's token ids, at least one (usually starting with BOS); not modified
     * @param newTokens the number of tokens to generate, at least 1
     * @param sampler chooses each token from the last row of the logits
     * @return the prompt and the generated tokens, with the logits row each token was sampled
     *     from: row {@code s} is the last row of step {@code s}'s forward pass
     * @throws IllegalArgumentException if the prompt is empty or contains an id outside the
     *     vocabulary, if {@code newTokens < 1}, or if {@code prompt.length + newTokens - 1}
     *     exceeds {@code seqLen}; the message names the value and the limit
     */
    public static Generation generate(ModelWeights weights, int[] prompt, int newTokens, Sampler sampler) {
        int vocab = weights.config().vocabSize();
        int seqLen = weights.config().seqLen();
        if (prompt.length == 0) {
            throw new IllegalArgumentException("Cannot generate from an empty prompt: pass at least one token, "
                    + "e.g. BOS (1)");
        }
        if (newTokens < 1) {
            throw new IllegalArgumentException("Invalid newTokens " + newTokens + ": generate at least 1 token");
        }
        long positions = (long) prompt.length + newTokens - 1;
        if (positions > seqLen) {
            throw new IllegalArgumentException("A prompt of " + prompt.length + " tokens plus " + newTokens
                    + " new tokens needs " + positions + " positions, more than the model's seqLen " + seqLen
                    + "; generate at most " + (seqLen - prompt.length + 1) + " new tokens");
        }

        int[] sequence = Arrays.copyOf(prompt, prompt.length + newTokens);
        FMatrixRMaj sampledFrom = new FMatrixRMaj(newTokens, vocab);
        for (int step = 0; step < newTokens; step++) {
            int length = prompt.length + step;

            // Recompute every position of the sequence so far.               logits (length, vocab)
            FMatrixRMaj logits = FullForward.logits(weights, Arrays.copyOf(sequence, length));

            // Only the last row predicts the next token.
            System.arraycopy(logits.data, (length - 1) * vocab, sampledFrom.data, step * vocab, vocab);
            sequence[length] = sampler.sample(logits, length - 1);
        }
        return new Generation(sequence, prompt.length, sampledFrom);
    }
}
