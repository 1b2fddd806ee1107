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

@DisplayName("Tokenizer")
class TokenizerTest {

    @TempDir
    Path folder;

    private static Tokenizer tok512() throws IOException {
        return Tokenizer.load(SharedFiles.require("models/tok512.bin"), 512);
    }

    @Test
    @DisplayName("\"Once upon a time\" encodes to llama2.c's first five tokens")
    void encodesPrompt() throws IOException {
        assertThat(tok512().encode("Once upon a time", true, false)).containsExactly(fixtureTokens(5));
    }

    @Test
    @DisplayName("the fixture's 65 tokens decode to the text llama2.c printed")
    void decodesFixture() throws IOException {
        int[] tokens = Arrays.copyOf(fixtureTokens(64), 65);
        tokens[64] = lastRowArgmax();

        // run.c prints every token after BOS, then a newline.
        String expected = Files.readString(SharedFiles.require("fixtures/llama2c/once-greedy-64.text.txt"));
        assertThat(tok512().decodeAll(tokens) + "\n").isEqualTo(expected);
    }

    @Test
    // Expected tokens from course-kit/python/tokenizer_reference.py.
    @DisplayName("accented text encodes to the tokens of an independent Python port of run.c's encode")
    void encodesAccents() throws IOException {
        assertThat(tok512().encode("héllo wörld", true, false))
                .containsExactly(1, 270, 485, 306, 414, 263, 198, 185, 420, 341);
    }

    @Test
    @DisplayName("characters missing from the vocabulary fall back to one token per UTF-8 byte, byte + 3")
    void byteFallback() throws IOException {
        // 日 is E6 97 A5 and 本 is E6 9C AC; the dummy prefix " " is token 410.
        assertThat(tok512().encode("日本", true, false))
                .containsExactly(1, 410, 0xE6 + 3, 0x97 + 3, 0xA5 + 3, 0xE6 + 3, 0x9C + 3, 0xAC + 3);
    }

    @Test
    @DisplayName("decodeAll joins split UTF-8 bytes into whole characters")
    void decodeAllJoinsBytes() throws IOException {
        Tokenizer tokenizer = tok512();

        int[] tokens = tokenizer.encode("日本", true, false);

        // The dummy prefix " " follows BOS, so decoding strips its space and it prints nothing.
        assertThat(tokenizer.decodeAll(tokens)).isEqualTo("日本");
    }

    @Test
    @DisplayName("decode of one byte token gives U+FFFD for a partial character")
    void decodeSingleByte() throws IOException {
        assertThat(tok512().decode(410, 0xE6 + 3)).isEqualTo("\uFFFD");
    }

    @Test
    @DisplayName("decode turns <0x0A> into a newline")
    void decodeNewline() throws IOException {
        assertThat(tok512().decode(100, 0x0A + 3)).isEqualTo("\n");
    }

    @Test
    @DisplayName("decode strips the leading space of a piece after BOS only")
    void decodeStripsSpaceAfterBos() throws IOException {
        Tokenizer tokenizer = tok512();
        int once = fixtureTokens(2)[1];

        assertThat(tokenizer.decode(Tokenizer.BOS, once)).isEqualTo("Once");
        assertThat(tokenizer.decode(100, once)).isEqualTo(" Once");
    }

    @Test
    @DisplayName("empty text encodes to BOS and EOS only, without the dummy prefix")
    void emptyText() throws IOException {
        assertThat(tok512().encode("", true, true)).containsExactly(Tokenizer.BOS, Tokenizer.EOS);
    }

    @Test
    @DisplayName("a model vocabulary larger than the file is rejected, naming both sizes")
    void vocabularyLargerThanFile() {
        Path file = SharedFiles.require("models/tok512.bin");

        assertThatThrownBy(() -> Tokenizer.load(file, 32000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512 tokens")
                .hasMessageContaining("32000 tokens");
    }

    @Test
    @DisplayName("a model vocabulary smaller than the file is rejected, naming both sizes")
    void vocabularySmallerThanFile() {
        Path file = SharedFiles.require("models/tok512.bin");

        assertThatThrownBy(() -> Tokenizer.load(file, 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512 tokens")
                .hasMessageContaining("256 tokens");
    }

    @Test
    @DisplayName("a truncated file is rejected, naming the file and both sizes")
    void truncatedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(SharedFiles.require("models/tok512.bin"));
        Path file = folder.resolve("truncated.bin");
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));

        assertThatThrownBy(() -> Tokenizer.load(file, 512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(String.valueOf(bytes.length))
                .hasMessageContaining(String.valueOf(bytes.length - 3))
                .hasMessageContaining("truncated");
    }

    @Test
    @DisplayName("a negative token length is rejected, naming the token and the length")
    void negativeLength() throws IOException {
        byte[] bytes = Files.readAllBytes(SharedFiles.require("models/tok512.bin"));
        // Token 0: max_token_length (4 bytes), score (4 bytes), then its length at byte 8.
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -5);
        Path file = folder.resolve("corrupt.bin");
        Files.write(file, bytes);

        assertThatThrownBy(() -> Tokenizer.load(file, 512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token 0")
                .hasMessageContaining("-5");
    }

    @Test
    @DisplayName("a token id outside the vocabulary is rejected by decode, naming it")
    void decodeOutOfRange() throws IOException {
        Tokenizer tokenizer = tok512();

        assertThatThrownBy(() -> tokenizer.decode(1, 512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512")
                .hasMessageContaining("0 to 511");
    }

    private static int[] fixtureTokens(int count) throws IOException {
        String text = Files.readString(SharedFiles.require("fixtures/llama2c/once-greedy-64.tokens.txt"));
        return Arrays.stream(text.trim().split("\\s+")).mapToInt(Integer::parseInt).limit(count).toArray();
    }

    /** Returns the token llama2.c chose after the last position: the argmax of its last logits row. */
    private static int lastRowArgmax() throws IOException {
        byte[] bytes = Files.readAllBytes(SharedFiles.require("fixtures/llama2c/once-greedy-64.logits.f32"));
        ByteBuffer logits = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int vocab = 512;
        int lastRow = bytes.length / Float.BYTES / vocab - 1;
        int best = 0;
        for (int token = 1; token < vocab; token++) {
            if (logits.getFloat((lastRow * vocab + token) * Float.BYTES)
                    > logits.getFloat((lastRow * vocab + best) * Float.BYTES)) {
                best = token;
            }
        }
        return best;
    }
}
