package kvcache.benchmark;

import kvcache.kit.model.ModelConfig;

/**
 * Exercise 4.2: the memory a KV cache holds.
 *
 * <p>Every layer keeps, for every cached position, one key row and one value row, each
 * {@code kvDim = nKvHeads * headSize} values wide. Grouped-query attention shrinks the cache
 * because it shrinks {@code nKvHeads}; the number of query heads does not appear.
 *
 * <p>See lesson-04-benchmark/README.md, section "Exercise 4.2".
 */
public final class CacheMemory {

    /** Bytes of one float32 value, the precision of this course and of llama2.c. */
    public static final int FLOAT32_BYTES = 4;

    /** Bytes of one float16 or bfloat16 value, the precision most published figures assume. */
    public static final int FLOAT16_BYTES = 2;

    private CacheMemory() {
    }

    /**
     * Computes the bytes that one cached position takes in every layer together.
     *
     * <p>Formula: {@code 2 * nLayers * nKvHeads * headSize * bytesPerValue}, where the 2 counts
     * the key and the value.
     *
     * @param config the model's sizes
     * @param bytesPerValue bytes of one stored value, e.g. {@link #FLOAT32_BYTES}, at least 1
     * @return bytes per token
     * @throws IllegalArgumentException if {@code bytesPerValue} is less than 1; the message names it
     *     as {@code bytesPerValue 0}, for example
     */
    public static long bytesPerToken(ModelConfig config, int bytesPerValue) {
        if (bytesPerValue < 1) {
            throw new IllegalArgumentException("Invalid bytesPerValue " + bytesPerValue
                    + ": it must be at least 1, e.g. 2 for float16 or 4 for float32");
        }
        return 2L * config.nLayers() * config.kvDim() * bytesPerValue;
    }

    /**
     * Computes the bytes of a cache that holds {@code tokens} positions.
     *
     * <p>Formula: {@code tokens * bytesPerToken(config, bytesPerValue)}.
     *
     * @param config the model's sizes
     * @param tokens the number of cached positions, {@code 0 <= tokens <= seqLen}
     * @param bytesPerValue bytes of one stored value, at least 1
     * @return bytes of the cache
     * @throws IllegalArgumentException if {@code tokens} is outside {@code 0..seqLen} or
     *     {@code bytesPerValue} is less than 1
     */
    public static long bytesForContext(ModelConfig config, int tokens, int bytesPerValue) {
        if (tokens < 0 || tokens > config.seqLen()) {
            throw new IllegalArgumentException("Invalid tokens " + tokens + ": a cache contains from 0 to seqLen "
                    + config.seqLen() + " positions; use config.seqLen() for a full context");
        }
        return tokens * bytesPerToken(config, bytesPerValue);
    }
}
