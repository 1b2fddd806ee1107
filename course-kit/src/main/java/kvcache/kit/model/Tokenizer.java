package kvcache.kit.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The byte-pair-encoding tokenizer of llama2.c, read from a {@code tokenizer.bin} file such as
 * {@code tok512.bin}.
 *
 * <p>File format, little-endian: int32 {@code max_token_length}, then for each of the
 * {@code vocabSize} tokens a float32 merge score, an int32 byte length and the token's bytes (its
 * piece, no terminator). Token 0 is {@code <unk>}, 1 is {@link #BOS}, 2 is {@link #EOS}, and
 * tokens 3 to 258 are the byte fallbacks {@code <0x00>} to {@code <0xFF>}.
 *
 * <p>Which decoding method to use: {@link #decode(int, int)} returns one token's piece, for
 * printing tokens as they are generated; a piece may be part of a multi-byte UTF-8 character,
 * which then shows as U+FFFD. {@link #decodeAll(int[])} joins the bytes of many tokens before
 * converting them, so characters split across tokens come out whole: use it for whole texts.
 */
public final class Tokenizer {

    /** The id of the beginning-of-sequence token. */
    public static final int BOS = 1;

    /** The id of the end-of-sequence token. */
    public static final int EOS = 2;

    private Tokenizer() {
    }

    /**
     * Reads a tokenizer file with exactly {@code vocabSize} tokens.
     *
     * @param file the tokenizer file
     * @param vocabSize the model's vocabulary size ({@code ModelConfig.vocabSize()})
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the file holds fewer or more than {@code vocabSize}
     *     tokens, or an invalid length; the message names the file, the values and the fix
     */
    public static Tokenizer load(Path file, int vocabSize) throws IOException {
        throw new UnsupportedOperationException("not written yet");
    }

    /** Returns the number of tokens. */
    public int vocabSize() {
        throw new UnsupportedOperationException("not written yet");
    }

    /**
     * Encodes text as llama2.c's {@code encode}: optional BOS, the dummy-prefix token for
     * {@code " "} when the text is not empty, one token per UTF-8 character (or one byte-fallback
     * token, byte value + 3, per byte of a character the vocabulary lacks), then repeated merges
     * of the adjacent pair whose concatenation is in the vocabulary with the highest score (the
     * leftmost pair on ties), and optional EOS.
     *
     * @throws IllegalArgumentException if a byte has no fallback token because the vocabulary
     *     has fewer than 259 tokens
     */
    public int[] encode(String text, boolean bos, boolean eos) {
        throw new UnsupportedOperationException("not written yet");
    }

    /**
     * Decodes one token as llama2.c's {@code decode}: its piece, without the leading space when
     * {@code previousToken} is BOS, and the raw byte for a piece {@code <0xNN>}. A byte that is
     * not a whole UTF-8 character becomes U+FFFD: use {@link #decodeAll(int[])} for text.
     *
     * @throws IllegalArgumentException if {@code token} is outside the vocabulary
     */
    public String decode(int previousToken, int token) {
        throw new UnsupportedOperationException("not written yet");
    }

    /**
     * Decodes a token sequence as llama2.c prints it: every token after the first, each decoded
     * with its predecessor as {@code previousToken}, bytes joined before the UTF-8 conversion.
     * The first token, usually BOS, is context only and is not printed.
     *
     * @throws IllegalArgumentException if a token is outside the vocabulary
     */
    public String decodeAll(int[] tokens) {
        throw new UnsupportedOperationException("not written yet");
    }
}
