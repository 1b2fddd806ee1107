package kvcache.benchmark;

import kvcache.kit.model.ModelConfig;

/**
 * Exercise 4.1: a cost model that counts the multiply-adds of one decoding step.
 *
 * <p>Only products of matrices and vectors are counted, because they are almost all of the work.
 * RMSNorm, RoPE, softmax and SiLU cost a few operations per element of a vector and are left
 * out. The work for one token at position {@code p}, which attends over positions
 * {@code 0..p}, is:
 *
 * <pre>
 * per layer   q and output projections (wq, wo)   2 * dim * dim
 *             k and v projections (wk, wv)        2 * kvDim * dim
 *             feed-forward (w1, w2, w3)           3 * hiddenDim * dim
 *             attention scores and weighted sum   2 * dim * (p + 1)      (nHeads * headSize = dim)
 * once        classifier                          vocabSize * dim
 * </pre>
 *
 * <p>A step with a KV cache does this work for the new token only. A step without a cache runs
 * the full forward pass over positions {@code 0..t}: it repeats the work of every earlier
 * position, classifier rows included, because a full forward computes the logits of every row.
 *
 * <p>See lesson-04-benchmark/README.md, section "Exercise 4.1".
 */
public final class CostModel {

    private CostModel() {
    }

    /**
     * Counts the multiply-adds of one cached decoding step: the token at {@code position} is
     * projected, attends over the {@code position + 1} cached keys and values, and goes through
     * the feed-forward layers and the classifier.
     *
     * <p>Formula: {@code nLayers * (2 dim^2 + 2 kvDim dim + 3 hiddenDim dim + 2 dim (position + 1))
     * + vocabSize dim}.
     *
     * @param config the model's sizes
     * @param position the position of the token, {@code 0 <= position < seqLen}
     * @return the number of multiply-adds
     * @throws IllegalArgumentException if {@code position} is outside {@code 0..seqLen-1}
     */
    public static long stepWithCache(ModelConfig config, int position) {
        requirePosition(config, position);
        long dim = config.dim();
        long perLayer = 2 * dim * dim
                + 2 * (long) config.kvDim() * dim
                + 3 * (long) config.hiddenDim() * dim
                + 2 * dim * (position + 1L);
        long classifier = (long) config.vocabSize() * dim;
        return Math.addExact(Math.multiplyExact(config.nLayers(), perLayer), classifier);
    }

    /**
     * Counts the multiply-adds of one decoding step without a cache: the full forward pass over
     * the tokens at positions {@code 0..position}, which redoes the work of every cached step up
     * to {@code position}.
     *
     * <p>Formula: {@code sum over p = 0..position of stepWithCache(config, p)}.
     *
     * @param config the model's sizes
     * @param position the position of the newest token, {@code 0 <= position < seqLen}
     * @return the number of multiply-adds
     * @throws IllegalArgumentException if {@code position} is outside {@code 0..seqLen-1}
     */
    public static long stepWithoutCache(ModelConfig config, int position) {
        requirePosition(config, position);
        long total = 0;
        for (int p = 0; p <= position; p++) {
            total = Math.addExact(total, stepWithCache(config, p));
        }
        return total;
    }

    /**
     * Counts the multiply-adds of generating {@code length} positions one step at a time with a
     * cache: {@code sum over t = 0..length-1 of stepWithCache(config, t)}.
     *
     * @param config the model's sizes
     * @param length the number of positions, {@code 1 <= length <= seqLen}
     * @return the number of multiply-adds
     * @throws IllegalArgumentException if {@code length} is outside {@code 1..seqLen}
     */
    public static long generationWithCache(ModelConfig config, int length) {
        requireLength(config, length);
        long total = 0;
        for (int t = 0; t < length; t++) {
            total = Math.addExact(total, stepWithCache(config, t));
        }
        return total;
    }

    /**
     * Counts the multiply-adds of generating {@code length} positions one step at a time without
     * a cache: {@code sum over t = 0..length-1 of stepWithoutCache(config, t)}.
     *
     * @param config the model's sizes
     * @param length the number of positions, {@code 1 <= length <= seqLen}
     * @return the number of multiply-adds
     * @throws IllegalArgumentException if {@code length} is outside {@code 1..seqLen}
     */
    public static long generationWithoutCache(ModelConfig config, int length) {
        requireLength(config, length);
        long total = 0;
        for (int t = 0; t < length; t++) {
            total = Math.addExact(total, stepWithoutCache(config, t));
        }
        return total;
    }

    /**
     * Predicts how many times faster cached generation of {@code length} positions is, if time
     * is proportional to multiply-adds: {@code generationWithoutCache / generationWithCache}.
     *
     * @param config the model's sizes
     * @param length the number of positions, {@code 1 <= length <= seqLen}
     * @return the predicted speedup, 1 for a single position and growing with {@code length}
     * @throws IllegalArgumentException if {@code length} is outside {@code 1..seqLen}
     */
    public static double predictedSpeedup(ModelConfig config, int length) {
        return (double) generationWithoutCache(config, length) / generationWithCache(config, length);
    }

    private static void requirePosition(ModelConfig config, int position) {
        if (position < 0 || position >= config.seqLen()) {
            throw new IllegalArgumentException("Invalid position " + position + ": it must be from 0 to "
                    + (config.seqLen() - 1) + " (seqLen - 1), because the model has no position beyond its context");
        }
    }

    private static void requireLength(ModelConfig config, int length) {
        if (length < 1 || length > config.seqLen()) {
            throw new IllegalArgumentException("Invalid length " + length + ": it must be from 1 to seqLen "
                    + config.seqLen() + ", because a generation cannot be longer than the model's context");
        }
    }
}
