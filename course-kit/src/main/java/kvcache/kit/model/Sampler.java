package kvcache.kit.model;

import org.ejml.data.FMatrixRMaj;

/**
 * Chooses the next token from a row of logits, as llama2.c's {@code run.c} does.
 *
 * <p>{@link #greedy()} takes the argmax. {@link #temperature(float, float, long)} divides the
 * logits by the temperature, applies softmax and draws from the result (restricted to the top-p
 * nucleus when {@code 0 < topP < 1}) with its own seeded generator, so a sampler is stateful and
 * not thread-safe: use one sampler per generation.
 */
public interface Sampler {

    /**
     * Returns the chosen token id.
     *
     * @param logits {@code float[vocab]}; not modified
     * @throws IllegalArgumentException if {@code logits} is empty or contains NaN
     */
    int sample(float[] logits);

    /** Returns the token chosen from row {@code row} of a (n, vocab) logits matrix, which is not modified. */
    default int sample(FMatrixRMaj logits, int row) {
        if (row < 0 || row >= logits.numRows) {
            throw new IllegalArgumentException("Invalid row " + row + ": the logits have rows 0 to "
                    + (logits.numRows - 1));
        }
        float[] values = new float[logits.numCols];
        System.arraycopy(logits.data, row * logits.numCols, values, 0, logits.numCols);
        return sample(values);
    }

    /** Returns the greedy sampler: the index of the largest logit, the lowest index on ties. */
    static Sampler greedy() {
        return Sampling::argmax;
    }

    /**
     * Returns a sampler that draws from {@code softmax(logits / temperature)}, as llama2.c.
     *
     * <p>With {@code temperature == 0} it is greedy. With {@code 0 < topP < 1} it draws only from
     * the smallest set of most probable tokens whose probabilities sum to more than {@code topP}
     * (top-p, or nucleus, sampling); with {@code topP} 0 or 1 it draws from all tokens. The
     * random numbers come from llama2.c's xorshift generator seeded with {@code seed}, so the
     * same seed gives the same draws as {@code run -s seed}.
     *
     * @param temperature at least 0 and finite
     * @param topP between 0 and 1
     * @param seed the generator's seed; must not be 0, because xorshift stays at state 0
     * @throws IllegalArgumentException if an argument is out of range; the message names it
     */
    static Sampler temperature(float temperature, float topP, long seed) {
        return new Sampling.TemperatureSampler(temperature, topP, seed);
    }
}
