package kvcache.cache;

import java.util.Arrays;
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

    private final int nLayers;
    private final int kvDim;
    private final int capacity;

    private final float[] keyCache;   // (layer, capacity, kv_dim)
    private final float[] valueCache; // (layer, capacity, kv_dim)

    private int length;
    private final int[] written;      // (layer): rows readable in each layer, length() plus pending rows

    /**
     * Allocates an empty cache for a model: {@code nLayers} layers of {@code seqLen} rows,
     * {@code kvDim} floats wide, for keys and for values.
     *
     * @param config the model's sizes
     */
    public KVCache(ModelConfig config) {
        this.nLayers = config.nLayers();
        this.kvDim = config.kvDim();
        this.capacity = config.seqLen();
        this.keyCache = new float[nLayers * capacity * kvDim];
        this.valueCache = new float[nLayers * capacity * kvDim];
        this.written = new int[nLayers];
    }

    /** Returns the number of positions cached for every layer; pending rows are not counted. */
    public int length() {
        return length;
    }

    /** Returns the maximum number of positions: the model's {@code seqLen}. */
    public int capacity() {
        return capacity;
    }

    /** Returns the number of layers. */
    public int nLayers() {
        return nLayers;
    }

    /** Returns the width of a key or value row: {@code nKvHeads * headSize}. */
    public int kvDim() {
        return kvDim;
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
        checkLayer(layer);
        checkWidth("key", key.length);
        checkWidth("value", value.length);
        checkRoom(1);

        int offset = (layer * capacity + length) * kvDim;
        System.arraycopy(key, 0, keyCache, offset, kvDim);
        System.arraycopy(value, 0, valueCache, offset, kvDim);
        written[layer] = length + 1;
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
        checkLayer(layer);
        checkWidth("keys", keys.numCols);
        checkWidth("values", values.numCols);
        if (keys.numRows != values.numRows) {
            throw new IllegalArgumentException("keys have " + keys.numRows + " rows but values have "
                    + values.numRows + ": pass one key and one value per position");
        }
        if (keys.numRows == 0) {
            throw new IllegalArgumentException("keys and values have 0 rows: pass at least one position");
        }
        int n = keys.numRows;
        checkRoom(n);

        int offset = (layer * capacity + length) * kvDim;
        System.arraycopy(keys.data, 0, keyCache, offset, n * kvDim);
        System.arraycopy(values.data, 0, valueCache, offset, n * kvDim);
        written[layer] = length + n;
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
        if (count < 1) {
            throw new IllegalArgumentException("Invalid count " + count
                    + ": a step adds at least 1 position");
        }
        if (length + count > capacity) {
            throw new IllegalStateException("KV cache is full: cannot advance by " + count + " from length "
                    + length + ", the capacity is " + capacity + " positions (seqLen); call truncate or reset, "
                    + "or use a model with a larger seqLen");
        }
        for (int layer = 0; layer < nLayers; layer++) {
            if (written[layer] < length + count) {
                throw new IllegalStateException("Cannot advance by " + count + " to length " + (length + count)
                        + ": layer " + layer + " has rows only up to position " + (written[layer] - 1)
                        + ". Put the new rows of every layer first, then advance once per step, not once per layer");
            }
        }
        length += count;
    }

    /**
     * Returns element {@code index} of the key of {@code layer} at {@code position}.
     *
     * @throws IllegalArgumentException if the layer or index is out of range, or if the position
     *     is neither cached nor pending in that layer
     */
    public float key(int layer, int position, int index) {
        return keyCache[offset(layer, position, index)];
    }

    /**
     * Returns element {@code index} of the value of {@code layer} at {@code position}.
     *
     * @throws IllegalArgumentException as {@link #key(int, int, int)}
     */
    public float value(int layer, int position, int index) {
        return valueCache[offset(layer, position, index)];
    }

    /**
     * Returns the array that stores the keys of every layer, laid out as the class comment describes,
     * for attention loops of this package that read many rows per step. Calling
     * {@link #key(int, int, int)} per element would check the layer, position and index each time.
     * Get a row's start from {@link #rowOffset(int, int)}, which checks them once.
     *
     * <p>Callers only read it, and only the rows that {@code key} would return: the rows below
     * {@code length()} and the pending rows of the current step. It is package-private so that
     * nothing outside this package can write rows below {@code length()}.
     */
    float[] keyArray() {
        return keyCache;
    }

    /** Returns the array that stores the values of every layer, as {@link #keyArray()} does for keys. */
    float[] valueArray() {
        return valueCache;
    }

    /**
     * Returns the index in {@link #keyArray()} and {@link #valueArray()} of element 0 of the row
     * of {@code layer} at {@code position}: {@code (layer * capacity() + position) * kvDim()}.
     * Rows {@code 0 .. position} of the layer follow each other, {@code kvDim()} floats apart.
     *
     * @throws IllegalArgumentException as {@link #key(int, int, int)}
     */
    int rowOffset(int layer, int position) {
        return offset(layer, position, 0);
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
        return rows(keyCache, layer);
    }

    /**
     * Returns a copy of the values of one layer, laid out as {@link #keys(int)}.
     *
     * @throws IllegalArgumentException if the layer is out of range
     */
    public FMatrixRMaj values(int layer) {
        return rows(valueCache, layer);
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
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("Invalid length " + newLength + " for truncate: it must be between 0 "
                    + "and the current length " + length);
        }
        length = newLength;
        Arrays.fill(written, newLength);
    }

    /** Empties the cache, for a new sequence: the same as {@code truncate(0)}. */
    public void reset() {
        truncate(0);
    }

    /**
     * Returns the bytes one position takes in all layers: {@code 2 * nLayers * kvDim * 4}, for a
     * key and a value of float32 in each layer.
     */
    public long bytesPerToken() {
        return 2L * nLayers * kvDim * Float.BYTES;
    }

    /** Returns the bytes the cache allocated: {@code capacity() * bytesPerToken()}. */
    public long bytes() {
        return capacity * bytesPerToken();
    }

    private FMatrixRMaj rows(float[] cache, int layer) {
        checkLayer(layer);
        int rows = written[layer];
        FMatrixRMaj copy = new FMatrixRMaj(rows, kvDim);
        System.arraycopy(cache, layer * capacity * kvDim, copy.data, 0, rows * kvDim);
        return copy;
    }

    private int offset(int layer, int position, int index) {
        checkLayer(layer);
        if (position < 0 || position >= written[layer]) {
            throw new IllegalArgumentException("Position " + position + " of layer " + layer + " is not in the cache: "
                    + "layer " + layer + " contains positions 0 to " + (written[layer] - 1));
        }
        if (index < 0 || index >= kvDim) {
            throw new IllegalArgumentException("Invalid index " + index + ": a row has kvDim " + kvDim + " elements");
        }
        return (layer * capacity + position) * kvDim + index;
    }

    private void checkRoom(int rows) {
        if (length + rows > capacity) {
            throw new IllegalStateException("KV cache is full: cannot write " + rows + " position(s) at position "
                    + length + ", the capacity is " + capacity + " positions (seqLen); call truncate or reset, "
                    + "or use a model with a larger seqLen");
        }
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= nLayers) {
            throw new IllegalArgumentException("Invalid layer " + layer + ": the cache has layers 0 to " + (nLayers - 1));
        }
    }

    private void checkWidth(String what, int width) {
        if (width != kvDim) {
            throw new IllegalArgumentException("Invalid " + what + " width " + width + ": a row of this cache has kvDim "
                    + kvDim + " elements (nKvHeads * headSize)");
        }
    }
}
