package kvcache.kit.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and writes llama2.c checkpoints in the version-0 ("legacy") layout.
 *
 * <p>Little-endian. A header of seven int32 values: dim, hidden_dim, n_layers, n_heads,
 * n_kv_heads, vocab_size, seq_len. A positive vocab_size means the classifier is the token
 * embedding table; a negative one means a separate classifier follows at the end. Then float32
 * arrays in this order: token embedding (vocab, dim); RMSNorm weights before attention
 * (layer, dim); wq (layer, dim, dim); wk (layer, kv_dim, dim); wv (layer, kv_dim, dim);
 * wo (layer, dim, dim); RMSNorm weights before the feed-forward block (layer, dim);
 * w1 (layer, hidden_dim, dim); w2 (layer, dim, hidden_dim); w3 (layer, hidden_dim, dim);
 * final RMSNorm weight (dim); two RoPE tables of {@code seq_len * head_size / 2} floats each,
 * which llama2.c skips and so do we; and the classifier (vocab, dim) when it is not shared.
 */
public final class Checkpoint {

    /** The number of bytes of the header: seven int32 values. */
    public static final int HEADER_BYTES = 7 * Integer.BYTES;

    private Checkpoint() {
    }

    /**
     * Reads a checkpoint file.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the header holds an invalid size (the message names the
     *     field and its value), or if the file size differs from the size the header implies (the
     *     message names the file, the expected and the actual size)
     */
    public static ModelWeights read(Path file) throws IOException {
        throw new UnsupportedOperationException("not written yet");
    }

    /**
     * Writes {@code weights} as a checkpoint that {@link #read} and llama2.c's {@code run} load.
     * The two unused RoPE tables are written as zeros of the size llama2.c skips.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(ModelWeights weights, Path file) throws IOException {
        throw new UnsupportedOperationException("not written yet");
    }

    /** Returns the size in bytes of a checkpoint file of {@code config}. */
    public static long fileSize(ModelConfig config) {
        throw new UnsupportedOperationException("not written yet");
    }
}
