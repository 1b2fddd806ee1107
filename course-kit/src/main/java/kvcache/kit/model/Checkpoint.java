package kvcache.kit.model;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.ejml.data.FMatrixRMaj;

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

    private static final int CHUNK_BYTES = 1 << 20;

    /** The per-layer matrices stored between the two RMSNorm weight blocks, in file order. */
    private static final LayerMatrix[] ATTENTION_MATRICES =
            {ModelWeights::wq, ModelWeights::wk, ModelWeights::wv, ModelWeights::wo};

    /** The per-layer matrices stored after the feed-forward RMSNorm weights, in file order. */
    private static final LayerMatrix[] FEED_FORWARD_MATRICES = {ModelWeights::w1, ModelWeights::w2, ModelWeights::w3};

    private Checkpoint() {
    }

    /**
     * Reads a checkpoint file.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the header contains an invalid size (the message names the
     *     field and its value), or if the file size differs from the size the header implies (the
     *     message names the file, the expected and the actual size)
     */
    public static ModelWeights read(Path file) throws IOException {
        long actualSize = Files.size(file);
        if (actualSize < HEADER_BYTES) {
            throw new IllegalArgumentException("Invalid checkpoint " + file + ": expected at least " + HEADER_BYTES
                    + " bytes (the header) but the file has " + actualSize + " bytes; the file is truncated or is "
                    + "not a llama2.c checkpoint");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ModelConfig config = readHeader(channel, file);
            long expectedSize = fileSize(config);
            if (actualSize != expectedSize) {
                throw new IllegalArgumentException("Invalid checkpoint " + file + ": its header (" + config
                        + ") implies " + expectedSize + " bytes but the file has " + actualSize + " bytes; the file "
                        + (actualSize < expectedSize ? "is truncated" : "has extra data")
                        + " or is not a llama2.c version-0 checkpoint");
            }
            return readArrays(channel, config);
        }
    }

    private static ModelConfig readHeader(FileChannel channel, Path file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, header);
        header.flip();
        int dim = header.getInt();
        int hiddenDim = header.getInt();
        int nLayers = header.getInt();
        int nHeads = header.getInt();
        int nKvHeads = header.getInt();
        int signedVocabSize = header.getInt();
        int seqLen = header.getInt();
        if (signedVocabSize == 0 || signedVocabSize == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("Invalid checkpoint " + file + ": header field vocab_size is "
                    + signedVocabSize + "; expected a vocabulary size, negative when the classifier is separate");
        }
        try {
            return ModelConfig.builder()
                    .dim(dim).hiddenDim(hiddenDim).nLayers(nLayers).nHeads(nHeads).nKvHeads(nKvHeads)
                    .vocabSize(Math.abs(signedVocabSize)).seqLen(seqLen)
                    .sharedClassifier(signedVocabSize > 0)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid checkpoint " + file + " header: " + e.getMessage()
                    + "; the file is corrupt or is not a llama2.c version-0 checkpoint", e);
        }
    }

    private static ModelWeights readArrays(FileChannel channel, ModelConfig config) throws IOException {
        ModelWeights weights = new ModelWeights(config);
        FloatReader reader = new FloatReader(channel);
        int layers = config.nLayers();

        reader.read(weights.tokenEmbedding().data);
        for (int layer = 0; layer < layers; layer++) {
            reader.read(weights.rmsAttention(layer));
        }
        for (LayerMatrix matrix : ATTENTION_MATRICES) {
            for (int layer = 0; layer < layers; layer++) {
                reader.read(matrix.of(weights, layer).data);
            }
        }
        for (int layer = 0; layer < layers; layer++) {
            reader.read(weights.rmsFeedForward(layer));
        }
        for (LayerMatrix matrix : FEED_FORWARD_MATRICES) {
            for (int layer = 0; layer < layers; layer++) {
                reader.read(matrix.of(weights, layer).data);
            }
        }
        reader.read(weights.rmsFinal());
        reader.skip(2L * ropeTableFloats(config));
        if (!config.sharedClassifier()) {
            reader.read(weights.classifier().data);
        }
        return weights;
    }

    /**
     * Writes {@code weights} as a checkpoint that {@link #read} and llama2.c's {@code run} load.
     * The two unused RoPE tables are written as zeros of the size llama2.c skips.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(ModelWeights weights, Path file) throws IOException {
        ModelConfig config = weights.config();
        int layers = config.nLayers();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(config.dim()).putInt(config.hiddenDim()).putInt(config.nLayers())
                    .putInt(config.nHeads()).putInt(config.nKvHeads())
                    .putInt(config.sharedClassifier() ? config.vocabSize() : -config.vocabSize())
                    .putInt(config.seqLen());
            header.flip();
            writeFully(channel, header);

            FloatWriter writer = new FloatWriter(channel);
            writer.write(weights.tokenEmbedding().data);
            for (int layer = 0; layer < layers; layer++) {
                writer.write(weights.rmsAttention(layer));
            }
            for (LayerMatrix matrix : ATTENTION_MATRICES) {
                for (int layer = 0; layer < layers; layer++) {
                    writer.write(matrix.of(weights, layer).data);
                }
            }
            for (int layer = 0; layer < layers; layer++) {
                writer.write(weights.rmsFeedForward(layer));
            }
            for (LayerMatrix matrix : FEED_FORWARD_MATRICES) {
                for (int layer = 0; layer < layers; layer++) {
                    writer.write(matrix.of(weights, layer).data);
                }
            }
            writer.write(weights.rmsFinal());
            writer.write(new float[Math.toIntExact(2L * ropeTableFloats(config))]);
            if (!config.sharedClassifier()) {
                writer.write(weights.classifier().data);
            }
            writer.flush();
        }
    }

    /** Returns the size in bytes of a checkpoint file of {@code config}. */
    public static long fileSize(ModelConfig config) {
        long dim = config.dim();
        long kvDim = config.kvDim();
        long hidden = config.hiddenDim();
        long layers = config.nLayers();
        long vocab = config.vocabSize();
        long floats = vocab * dim                    // token embedding
                + layers * dim                       // RMSNorm before attention
                + layers * (dim * dim + 2 * kvDim * dim + dim * dim) // wq, wk, wv, wo
                + layers * dim                       // RMSNorm before the feed-forward block
                + layers * 3 * hidden * dim          // w1, w2, w3
                + dim                                // final RMSNorm
                + 2L * ropeTableFloats(config)       // the two unused RoPE tables
                + (config.sharedClassifier() ? 0 : vocab * dim);
        return HEADER_BYTES + floats * Float.BYTES;
    }

    /** Returns the floats of one unused RoPE table: {@code seq_len * head_size / 2}, as llama2.c skips. */
    private static long ropeTableFloats(ModelConfig config) {
        return (long) config.seqLen() * config.headSize() / 2;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("Checkpoint ended early, " + buffer.remaining() + " bytes short");
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** One per-layer weight matrix of a model, e.g. {@code ModelWeights::wq}. */
    @FunctionalInterface
    private interface LayerMatrix {
        FMatrixRMaj of(ModelWeights weights, int layer);
    }

    /** Reads little-endian float32 arrays from a channel through a fixed-size buffer. */
    private static final class FloatReader {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);

        FloatReader(FileChannel channel) {
            this.channel = channel;
            buffer.limit(0);
        }

        void read(float[] target) throws IOException {
            int done = 0;
            while (done < target.length) {
                if (buffer.remaining() < Float.BYTES) {
                    buffer.compact();
                    readFully(channel, buffer.limit(Math.min(buffer.capacity(),
                            buffer.position() + (target.length - done) * Float.BYTES)));
                    buffer.flip();
                }
                int count = Math.min(target.length - done, buffer.remaining() / Float.BYTES);
                buffer.asFloatBuffer().get(target, done, count);
                buffer.position(buffer.position() + count * Float.BYTES);
                done += count;
            }
        }

        void skip(long floats) throws IOException {
            long bytes = floats * Float.BYTES;
            long buffered = Math.min(bytes, buffer.remaining());
            buffer.position(buffer.position() + (int) buffered);
            channel.position(channel.position() + (bytes - buffered));
        }
    }

    /** Writes little-endian float32 arrays to a channel through a fixed-size buffer. */
    private static final class FloatWriter {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);

        FloatWriter(FileChannel channel) {
            this.channel = channel;
        }

        void write(float[] source) throws IOException {
            int done = 0;
            while (done < source.length) {
                if (buffer.remaining() < Float.BYTES) {
                    flush();
                }
                int count = Math.min(source.length - done, buffer.remaining() / Float.BYTES);
                buffer.asFloatBuffer().put(source, done, count);
                buffer.position(buffer.position() + count * Float.BYTES);
                done += count;
            }
        }

        void flush() throws IOException {
            buffer.flip();
            writeFully(channel, buffer);
            buffer.clear();
        }
    }
}
