package kvcache.cache;

import kvcache.kit.ExerciseNotImplemented;
import kvcache.kit.model.ModelConfig;

/**
 * Exercise 3.5 (optional): a sliding-window cache, a ring buffer of the last {@code window}
 * positions of every layer.
 *
 * <p>With a window of {@code W}, the query at position {@code t} attends only to the keys at
 * positions {@code max(0, t - W + 1) .. t}, its own included. The cache therefore keeps
 * {@code W} rows per layer, whatever the length of the sequence: position {@code t} lives in
 * slot {@code t % W}, where it replaces position {@code t - W}, which no later query sees.
 *
 * <p>Layout: {@code keyCache} and {@code valueCache} are (layer, window, kv_dim) arrays stored
 * row-major, so element {@code i} of the key of layer {@code l} at position {@code t} is
 * {@code keyCache[(l * window + t % window) * kvDim + i]}.
 *
 * <p>One decode step, as with {@link KVCache}: {@code put} the new row of every layer at
 * position {@code length()}, read positions {@link #firstVisible()} {@code .. length()} while
 * attending, then {@link #advance()} once. The length counts every position fed and is not
 * limited by the window or by the model's {@code seqLen}: memory stays at {@link #bytes()}.
 *
 * <p>See lesson-03-kv-cache/README.md, section "Exercise 3.5".
 */
public final class SlidingWindowCache {

    /**
     * Allocates an empty sliding-window cache for a model.
     *
     * @param config the model's sizes
     * @param window the number of positions a query sees, its own included, at least 1
     * @throws IllegalArgumentException if {@code window} is less than 1
     */
    public SlidingWindowCache(ModelConfig config, int window) {
        throw new ExerciseNotImplemented("3.5", "new SlidingWindowCache");
    }

    /** Returns the number of positions fed so far, for every layer; the pending row is not counted. */
    public int length() {
        throw new ExerciseNotImplemented("3.5", "SlidingWindowCache.length");
    }

    /** Returns the number of positions a query sees, its own included. */
    public int window() {
        throw new ExerciseNotImplemented("3.5", "SlidingWindowCache.window");
    }

    /** Returns the number of layers. */
    public int nLayers() {
        throw new ExerciseNotImplemented("3.5", "SlidingWindowCache.nLayers");
    }

    /** Returns the width of a key or value row. */
    public int kvDim() {
        throw new ExerciseNotImplemented("3.5", "SlidingWindowCache.kvDim");
    }

    /**
     * Returns the oldest position the query at position {@code length()} sees:
     * {@code max(0, length() - window + 1)}.
     */
    public int firstVisible() {
        throw new ExerciseNotImplemented("3.5", "SlidingWindowCache.firstVisible");
    }

    /**
     * Writes the key and value of one layer at position {@code length()}, into slot
     * {@code length() % window}, as a pending row. The position it replaces,
     * {@code length() - window}, is no longer readable.
     *
     * @param layer the layer, {@code 0 .. nLayers - 1}
     * @param key the key row, {@code kvDim} floats, already rotated by RoPE; not modified
     * @param value the value row, {@code kvDim} floats; not modified
     * @throws IllegalArgumentException if the layer is out of range or a row is not {@code kvDim} long
     */
    public void put(int layer, float[] key, float[] value) {
        throw new ExerciseNotImplemented("3.5", "SlidingWindowCache.put");
    }

    /**
     * Ends a decode step: the pending position becomes part of the sequence, for every layer at once.
     *
     * @throws IllegalStateException if some layer has not put its row at position {@code length()};
     *     the message names the layer
     */
    public void advance() {
        throw new ExerciseNotImplemented("3.5", "SlidingWindowCache.advance");
    }

    /**
     * Returns element {@code index} of the key of {@code layer} at {@code position}.
     *
     * @throws IllegalArgumentException if the layer or index is out of range, or if the position
     *     is outside {@code firstVisible() .. length() - 1} and is not the layer's pending row
     */
    public float key(int layer, int position, int index) {
        throw new ExerciseNotImplemented("3.5", "SlidingWindowCache.key");
    }

    /**
     * Returns element {@code index} of the value of {@code layer} at {@code position}.
     *
     * @throws IllegalArgumentException as {@link #key(int, int, int)}
     */
    public float value(int layer, int position, int index) {
        throw new ExerciseNotImplemented("3.5", "SlidingWindowCache.value");
    }

    /** Empties the cache, for a new sequence. */
    public void reset() {
        throw new ExerciseNotImplemented("3.5", "SlidingWindowCache.reset");
    }

    /** Returns the bytes the cache allocated: {@code 2 * nLayers * window * kvDim * 4}, whatever the length. */
    public long bytes() {
        throw new ExerciseNotImplemented("3.5", "SlidingWindowCache.bytes");
    }
}
