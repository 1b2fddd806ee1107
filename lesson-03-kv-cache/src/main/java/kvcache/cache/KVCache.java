package kvcache.cache;

import kvcache.kit.ExerciseNotImplemented;
import kvcache.kit.model.ModelConfig;
import org.ejml.data.FMatrixRMaj;

/**
 * Exercise 3.1: the keys and values of one sequence, preallocated for every layer.
 *
 * <p>Layout: {@code keyCache} and {@code valueCache} are (layer, capacity, kv_dim) arrays stored
 * row-major in one {@code float[]} each, so element {@code i} of the key of layer {@code l} at
 * position {@code t} is {@code keyCache[(l * capacity + t) * kvDim + i]}. The capacity is the
 * model's {@code seqLen}. Nothing is allocated after construction.
 *
 * <p>Length: {@link #length()} is the number of positions cached for every layer. It is an
 * explicit count, never inferred from the contents: a key row of zeros is a valid entry.
 *
 * <p>One step: a step that adds {@code n} positions ({@code n = 1} for a decode step, the chunk
 * size for a prefill) writes rows {@code length() .. length() + n - 1} of each layer with
 * {@code put}, reads them back together with the cached rows while attending, and then calls
 * {@link #advance(int) advance(n)} once. The rows written in the current step are <em>pending</em>:
 * readable, but not counted in {@code length()} until {@code advance}. The length advances once
 * per step, for all layers together, and never once per layer.
 *
 * <p>Rows below {@code length()} are never written again. Only {@link #truncate(int)} and
 * {@link #reset()} give positions back, and the rows they give back are overwritten by later steps.
 *
 * <p>See lesson-03-kv-cache/README.md, section "Exercise 3.1".
 */
public final class KVCache {

    /**
     * Allocates an empty cache for a model: {@code nLayers} layers of {@code seqLen} rows,
     * {@code kvDim} floats wide, for keys and for values.
     *
     * @param config the model's sizes
     */
    public KVCache(ModelConfig config) {
        throw new ExerciseNotImplemented("3.1", "new KVCache");
    }

    /** Returns the number of positions cached for every layer; pending rows are not counted. */
    public int length() {
        throw new ExerciseNotImplemented("3.1", "KVCache.length");
    }

    /** Returns the maximum number of positions: the model's {@code seqLen}. */
    public int capacity() {
        throw new ExerciseNotImplemented("3.1", "KVCache.capacity");
    }

    /** Returns the number of layers. */
    public int nLayers() {
        throw new ExerciseNotImplemented("3.1", "KVCache.nLayers");
    }

    /** Returns the width of a key or value row: {@code nKvHeads * headSize}. */
    public int kvDim() {
        throw new ExerciseNotImplemented("3.1", "KVCache.kvDim");
    }

    /**
     * Writes the key and value of one layer at position {@code length()}, as a pending row.
     * Writing the same layer again in the same step replaces its pending row.
     *
     * @param layer the layer, {@code 0 .. nLayers - 1}
     * @param key the key row, {@code kvDim} floats, already rotated by RoPE; not modified
     * @param value the value row, {@code kvDim} floats; not modified
     * @throws IllegalStateException if the cache is full ({@code length() == capacity()}); the
     *     message contains the word {@code capacity} and the capacity's value
     * @throws IllegalArgumentException if the layer is out of range or a row is not {@code kvDim}
     *     long; the message names the bad layer or length
     */
    public void put(int layer, float[] key, float[] value) {
        throw new ExerciseNotImplemented("3.1", "KVCache.put");
    }

    /**
     * Writes the keys and values of {@code n} consecutive positions of one layer, starting at
     * position {@code length()}, as pending rows. Row {@code r} of the matrices goes to position
     * {@code length() + r}. Writing the same layer again in the same step replaces its pending rows.
     *
     * @param layer the layer, {@code 0 .. nLayers - 1}
     * @param keys (n, kvDim) keys, already rotated by RoPE; not modified
     * @param values (n, kvDim) values; not modified
     * @throws IllegalStateException if {@code length() + n > capacity()}; the message contains
     *     the word {@code capacity} and the capacity's value
     * @throws IllegalArgumentException if the layer is out of range, if the shapes differ, if
     *     {@code n} is 0 or if the width is not {@code kvDim}
     */
    public void put(int layer, FMatrixRMaj keys, FMatrixRMaj values) {
        throw new ExerciseNotImplemented("3.1", "KVCache.put");
    }

    /**
     * Ends a step: the {@code count} pending positions become cached, for every layer at once.
     *
     * @param count the number of positions the step added, at least 1
     * @throws IllegalArgumentException if {@code count} is less than 1
     * @throws IllegalStateException if {@code length() + count > capacity()}, or if some layer has
     *     not written all of positions {@code length() .. length() + count - 1} (for example
     *     because the length was advanced once per layer); the message names the layer
     */
    public void advance(int count) {
        throw new ExerciseNotImplemented("3.1", "KVCache.advance");
    }

    /**
     * Returns element {@code index} of the key of {@code layer} at {@code position}.
     *
     * @throws IllegalArgumentException if the layer or index is out of range, or if the position
     *     is neither cached nor pending in that layer
     */
    public float key(int layer, int position, int index) {
        throw new ExerciseNotImplemented("3.1", "KVCache.key");
    }

    /**
     * Returns element {@code index} of the value of {@code layer} at {@code position}.
     *
     * @throws IllegalArgumentException as {@link #key(int, int, int)}
     */
    public float value(int layer, int position, int index) {
        throw new ExerciseNotImplemented("3.1", "KVCache.value");
    }

    /**
     * Returns a copy of the keys of one layer: the cached rows followed by the pending ones.
     *
     * @param layer the layer, {@code 0 .. nLayers - 1}
     * @return a new (rows, kvDim) matrix, row {@code t} being the key at position {@code t}, where
     *     {@code rows} is {@code length()} plus the rows put in this layer during the current step
     * @throws IllegalArgumentException if the layer is out of range
     */
    public FMatrixRMaj keys(int layer) {
        throw new ExerciseNotImplemented("3.1", "KVCache.keys");
    }

    /**
     * Returns a copy of the values of one layer, laid out as {@link #keys(int)}.
     *
     * @throws IllegalArgumentException if the layer is out of range
     */
    public FMatrixRMaj values(int layer) {
        throw new ExerciseNotImplemented("3.1", "KVCache.values");
    }

    /**
     * Rolls the cache back to its first {@code newLength} positions and drops the pending rows.
     * The contents of later rows stay in memory but no longer count, and the next step overwrites them.
     *
     * @param newLength {@code 0 .. length()}
     * @throws IllegalArgumentException if {@code newLength} is negative or greater than {@code length()};
     *     the message names the value and the length
     */
    public void truncate(int newLength) {
        throw new ExerciseNotImplemented("3.1", "KVCache.truncate");
    }

    /** Empties the cache, for a new sequence: the same as {@code truncate(0)}. */
    public void reset() {
        throw new ExerciseNotImplemented("3.1", "KVCache.reset");
    }

    /**
     * Returns the bytes one position takes in all layers: {@code 2 * nLayers * kvDim * 4}, for a
     * key and a value of float32 in each layer.
     */
    public long bytesPerToken() {
        throw new ExerciseNotImplemented("3.1", "KVCache.bytesPerToken");
    }

    /** Returns the bytes the cache allocated: {@code capacity() * bytesPerToken()}. */
    public long bytes() {
        throw new ExerciseNotImplemented("3.1", "KVCache.bytes");
    }
}
