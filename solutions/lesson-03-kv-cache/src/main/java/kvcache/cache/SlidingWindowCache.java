package kvcache.cache;

import java.util.Arrays;
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

    private final int nLayers;
    private final int kvDim;
    private final int window;

    private final float[] keyCache;   // (layer, window, kv_dim)
    private final float[] valueCache; // (layer, window, kv_dim)

    private int length;
    private final boolean[] pending;  // (layer): whether the layer has put its row at position length()

    /**
     * Allocates an empty sliding-window cache for a model.
     *
     * @param config the model's sizes
     * @param window the number of positions a query sees, its own included, at least 1
     * @throws IllegalArgumentException if {@code window} is less than 1
     */
    public SlidingWindowCache(ModelConfig config, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("Invalid window " + window + ": a query sees at least its own position");
        }
        this.nLayers = config.nLayers();
        this.kvDim = config.kvDim();
        this.window = window;
        this.keyCache = new float[nLayers * window * kvDim];
        this.valueCache = new float[nLayers * window * kvDim];
        this.pending = new boolean[nLayers];
    }

    /** Returns the number of positions fed so far, for every layer; the pending row is not counted. */
    public int length() {
        return length;
    }

    /** Returns the number of positions a query sees, its own included. */
    public int window() {
        return window;
    }

    /** Returns the number of layers. */
    public int nLayers() {
        return nLayers;
    }

    /** Returns the width of a key or value row. */
    public int kvDim() {
        return kvDim;
    }

    /**
     * Returns the oldest position the query at position {@code length()} sees:
     * {@code max(0, length() - window + 1)}.
     */
    public int firstVisible() {
        return Math.max(0, length - window + 1);
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
        checkLayer(layer);
        checkWidth("key", key.length);
        checkWidth("value", value.length);
        int offset = (layer * window + length % window) * kvDim;
        System.arraycopy(key, 0, keyCache, offset, kvDim);
        System.arraycopy(value, 0, valueCache, offset, kvDim);
        pending[layer] = true;
    }

    /**
     * Ends a decode step: the pending position becomes part of the sequence, for every layer at once.
     *
     * @throws IllegalStateException if some layer has not put its row at position {@code length()};
     *     the message names the layer
     */
    public void advance() {
        for (int layer = 0; layer < nLayers; layer++) {
            if (!pending[layer]) {
                throw new IllegalStateException("Cannot advance to length " + (length + 1) + ": layer " + layer
                        + " has no row at position " + length + ". Put the new row of every layer first, "
                        + "then advance once per step");
            }
        }
        length++;
        Arrays.fill(pending, false);
    }

    /**
     * Returns element {@code index} of the key of {@code layer} at {@code position}.
     *
     * @throws IllegalArgumentException if the layer or index is out of range, or if the position
     *     is outside {@code firstVisible() .. length() - 1} and is not the layer's pending row
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

    /** Empties the cache, for a new sequence. */
    public void reset() {
        length = 0;
        Arrays.fill(pending, false);
    }

    /** Returns the bytes the cache allocated: {@code 2 * nLayers * window * kvDim * 4}, whatever the length. */
    public long bytes() {
        return 2L * nLayers * window * kvDim * Float.BYTES;
    }

    private int offset(int layer, int position, int index) {
        checkLayer(layer);
        int last = pending[layer] ? length : length - 1;
        if (position < firstVisible() || position > last) {
            throw new IllegalArgumentException("Position " + position + " of layer " + layer + " is not in the window: "
                    + "layer " + layer + " contains positions " + firstVisible() + " to " + last);
        }
        if (index < 0 || index >= kvDim) {
            throw new IllegalArgumentException("Invalid index " + index + ": a row has kvDim " + kvDim + " elements");
        }
        return (layer * window + position % window) * kvDim + index;
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
