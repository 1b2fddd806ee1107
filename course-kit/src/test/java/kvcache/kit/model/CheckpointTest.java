package kvcache.kit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import kvcache.kit.testing.SharedFiles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Checkpoint")
class CheckpointTest {

    private static final ModelConfig CONFIG = ModelConfig.builder()
            .dim(8).hiddenDim(12).nLayers(2).nHeads(4).nKvHeads(2).vocabSize(10).seqLen(16).build();

    @TempDir
    Path folder;

    @Test
    @DisplayName("a shared-classifier checkpoint written and read back gives identical weights")
    void roundTripShared() throws IOException {
        assertRoundTrip(ModelWeights.random(CONFIG, 11));
    }

    @Test
    @DisplayName("a separate-classifier checkpoint written and read back gives identical weights")
    void roundTripSeparate() throws IOException {
        assertRoundTrip(ModelWeights.random(CONFIG.toBuilder().sharedClassifier(false).build(), 12));
    }

    @Test
    @DisplayName("the file has the size llama2.c expects, RoPE tables included")
    void fileSize() throws IOException {
        Path file = folder.resolve("model.bin");
        Checkpoint.write(ModelWeights.random(CONFIG, 1), file);

        // 7 header ints; floats: 10*8 + 2*8 + 2*(64+32+32+64) + 2*8 + 2*3*96 + 8 + 2*(16*2/2) = 1112.
        assertThat(Files.size(file)).isEqualTo(28 + 4 * 1112L);
        assertThat(Checkpoint.fileSize(CONFIG)).isEqualTo(28 + 4 * 1112L);
    }

    @Test
    @DisplayName("stories260K reads with the header values and size of its published description")
    void stories260k() throws IOException {
        Path file = SharedFiles.require("models/stories260K.bin");

        ModelWeights weights = Checkpoint.read(file);

        ModelConfig expected = ModelConfig.builder().dim(64).hiddenDim(172).nLayers(5).nHeads(8).nKvHeads(4)
                .vocabSize(512).seqLen(512).sharedClassifier(true).build();
        assertThat(weights.config()).isEqualTo(expected);
        assertThat(Checkpoint.fileSize(expected)).isEqualTo(1_056_540L);
    }

    @Test
    @DisplayName("a truncated file is rejected, naming the file, the expected and the actual size")
    void truncatedFile() throws IOException {
        Path file = folder.resolve("truncated.bin");
        Checkpoint.write(ModelWeights.random(CONFIG, 1), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));

        assertThatThrownBy(() -> Checkpoint.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(String.valueOf(bytes.length))
                .hasMessageContaining(String.valueOf(bytes.length - 100))
                .hasMessageContaining("truncated");
    }

    @Test
    @DisplayName("a file shorter than the header is rejected, naming its size")
    void shorterThanHeader() throws IOException {
        Path file = folder.resolve("tiny.bin");
        Files.write(file, new byte[10]);

        assertThatThrownBy(() -> Checkpoint.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("10 bytes");
    }

    @Test
    @DisplayName("a header with a negative dim is rejected, naming the value")
    void corruptHeader() throws IOException {
        Path file = folder.resolve("corrupt.bin");
        Checkpoint.write(ModelWeights.random(CONFIG, 1), file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -64);
        Files.write(file, bytes);

        assertThatThrownBy(() -> Checkpoint.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("dim -64");
    }

    @Test
    @DisplayName("a header whose vocab_size is 0 is rejected, naming the field")
    void zeroVocabulary() throws IOException {
        Path file = folder.resolve("novocab.bin");
        Checkpoint.write(ModelWeights.random(CONFIG, 1), file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(5 * Integer.BYTES, 0);
        Files.write(file, bytes);

        assertThatThrownBy(() -> Checkpoint.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vocab_size is 0");
    }

    private void assertRoundTrip(ModelWeights original) throws IOException {
        Path file = folder.resolve("model.bin");

        Checkpoint.write(original, file);
        ModelWeights read = Checkpoint.read(file);

        ModelConfig config = original.config();
        assertThat(read.config()).isEqualTo(config);
        assertThat(read.tokenEmbedding().data).isEqualTo(original.tokenEmbedding().data);
        for (int layer = 0; layer < config.nLayers(); layer++) {
            assertThat(read.rmsAttention(layer)).isEqualTo(original.rmsAttention(layer));
            assertThat(read.wq(layer).data).isEqualTo(original.wq(layer).data);
            assertThat(read.wk(layer).data).isEqualTo(original.wk(layer).data);
            assertThat(read.wv(layer).data).isEqualTo(original.wv(layer).data);
            assertThat(read.wo(layer).data).isEqualTo(original.wo(layer).data);
            assertThat(read.rmsFeedForward(layer)).isEqualTo(original.rmsFeedForward(layer));
            assertThat(read.w1(layer).data).isEqualTo(original.w1(layer).data);
            assertThat(read.w2(layer).data).isEqualTo(original.w2(layer).data);
            assertThat(read.w3(layer).data).isEqualTo(original.w3(layer).data);
        }
        assertThat(read.rmsFinal()).isEqualTo(original.rmsFinal());
        assertThat(read.classifier().data).isEqualTo(original.classifier().data);
    }
}
