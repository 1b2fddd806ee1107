package kvcache.kit.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * Instances are immutable.
 */
public final class Tokenizer {

    /** The id of the beginning-of-sequence token. */
    public static final int BOS = 1;

    /** The id of the end-of-sequence token. */
    public static final int EOS = 2;

    /** The offset from a byte value to its fallback token: byte {@code b} is token {@code b + 3}. */
    private static final int BYTE_FALLBACK_OFFSET = 3;

    /** The maximum length of a UTF-8 character in bytes, so the longest group looked up before merging. */
    private static final int MAX_UTF8_BYTES = 4;

    /** The score a pair must beat to be merged, as in llama2.c. */
    private static final float NO_MERGE_SCORE = -1e10f;

    private final byte[][] pieces;
    private final float[] scores;
    /** Maps each piece, its bytes read as ISO-8859-1 characters, to its token id. */
    private final Map<String, Integer> idsByPiece;

    private Tokenizer(byte[][] pieces, float[] scores) {
        this.pieces = pieces;
        this.scores = scores;
        this.idsByPiece = new HashMap<>();
        for (int id = 0; id < pieces.length; id++) {
            idsByPiece.putIfAbsent(key(pieces[id]), id);
        }
    }

    /**
     * Reads a tokenizer file with exactly {@code vocabSize} tokens.
     *
     * @param file the tokenizer file
     * @param vocabSize the model's vocabulary size ({@code ModelConfig.vocabSize()}), at least 3
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the file contains fewer or more than {@code vocabSize}
     *     tokens, or an invalid length; the message names the file, the values and the fix
     */
    public static Tokenizer load(Path file, int vocabSize) throws IOException {
        if (vocabSize < 3) {
            throw new IllegalArgumentException("Invalid vocabulary size " + vocabSize
                    + ": a llama2.c tokenizer has at least 3 tokens (<unk>, BOS and EOS)");
        }
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (data.remaining() < Integer.BYTES) {
            throw new IllegalArgumentException("Invalid tokenizer " + file + ": expected at least 4 bytes "
                    + "(max_token_length) but the file has " + data.remaining() + " bytes");
        }
        int maxTokenLength = data.getInt();
        if (maxTokenLength <= 0) {
            throw new IllegalArgumentException("Invalid tokenizer " + file + ": max_token_length is "
                    + maxTokenLength + " but must be at least 1; the file is corrupt or not a llama2.c tokenizer");
        }

        List<byte[]> pieces = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        while (data.hasRemaining()) {
            int start = data.position();
            if (data.remaining() < 2 * Integer.BYTES) {
                throw truncated(file, pieces.size(), start + 2L * Integer.BYTES, data.limit());
            }
            float score = data.getFloat();
            int length = data.getInt();
            if (length < 0 || length > maxTokenLength) {
                throw new IllegalArgumentException("Invalid tokenizer " + file + ": token " + pieces.size()
                        + " has byte length " + length + ", outside 0 to max_token_length " + maxTokenLength
                        + "; the file is corrupt or not a llama2.c tokenizer");
            }
            if (data.remaining() < length) {
                throw truncated(file, pieces.size(), (long) data.position() + length, data.limit());
            }
            byte[] piece = new byte[length];
            data.get(piece);
            pieces.add(piece);
            scores.add(score);
        }

        if (pieces.size() != vocabSize) {
            throw new IllegalArgumentException("Tokenizer " + file + " has " + pieces.size()
                    + " tokens but the model's vocabulary has " + vocabSize
                    + " tokens; use the tokenizer the model was trained with");
        }
        float[] scoreArray = new float[vocabSize];
        for (int i = 0; i < vocabSize; i++) {
            scoreArray[i] = scores.get(i);
        }
        return new Tokenizer(pieces.toArray(new byte[0][]), scoreArray);
    }

    private static IllegalArgumentException truncated(Path file, int token, long expectedSize, long actualSize) {
        return new IllegalArgumentException("Invalid tokenizer " + file + ": token " + token + " needs the file to "
                + "have at least " + expectedSize + " bytes but it has " + actualSize
                + " bytes; the file is truncated or not a llama2.c tokenizer");
    }

    /** Returns the number of tokens. */
    public int vocabSize() {
        return pieces.length;
    }

    /**
     * Encodes text as llama2.c's {@code encode}: optional BOS, the dummy-prefix token for
     * {@code " "} when the text is not empty, one token per UTF-8 character (or one byte-fallback
     * token, byte value + 3, per byte of a character the vocabulary lacks), then repeated merges
     * of the adjacent pair whose concatenation is in the vocabulary with the highest score (the
     * leftmost pair on ties), and optional EOS.
     *
     * @throws IllegalArgumentException if a byte has no fallback token because the vocabulary
     *     has fewer than 259 tokens, or if the vocabulary has no token for {@code " "}
     */
    public int[] encode(String text, boolean bos, boolean eos) {
        if (text == null) {
            throw new IllegalArgumentException("Cannot encode null text; pass \"\" for an empty text");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Integer> tokens = new ArrayList<>();
        if (bos) {
            tokens.add(BOS);
        }
        if (bytes.length > 0) {
            tokens.add(requireId(" "));
        }

        // One token per UTF-8 character: a leading byte and its continuation bytes (10xxxxxx).
        int start = 0;
        while (start < bytes.length) {
            int end = start + 1;
            while (end < bytes.length && (bytes[end] & 0xC0) == 0x80 && end - start < MAX_UTF8_BYTES) {
                end++;
            }
            Integer id = idsByPiece.get(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
            if (id != null) {
                tokens.add(id);
            } else {
                for (int i = start; i < end; i++) {
                    tokens.add(byteFallback(bytes[i]));
                }
            }
            start = end;
        }

        mergePairs(tokens);
        if (eos) {
            tokens.add(EOS);
        }
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Merges the best-scoring adjacent pair, leftmost on ties, until no pair forms a token. */
    private void mergePairs(List<Integer> tokens) {
        while (true) {
            float bestScore = NO_MERGE_SCORE;
            int bestIndex = -1;
            int bestId = -1;
            for (int i = 0; i + 1 < tokens.size(); i++) {
                Integer merged = idsByPiece.get(key(pieces[tokens.get(i)]) + key(pieces[tokens.get(i + 1)]));
                if (merged != null && scores[merged] > bestScore) {
                    bestScore = scores[merged];
                    bestIndex = i;
                    bestId = merged;
                }
            }
            if (bestIndex < 0) {
                return;
            }
            tokens.set(bestIndex, bestId);
            tokens.remove(bestIndex + 1);
        }
    }

    private int byteFallback(byte value) {
        int id = (value & 0xFF) + BYTE_FALLBACK_OFFSET;
        if (id >= pieces.length) {
            throw new IllegalArgumentException(String.format("Cannot encode byte 0x%02X: its fallback token %d is "
                    + "outside the vocabulary of %d tokens, which needs 259 tokens to cover every byte",
                    value & 0xFF, id, pieces.length));
        }
        return id;
    }

    private int requireId(String piece) {
        Integer id = idsByPiece.get(piece);
        if (id == null) {
            throw new IllegalArgumentException("The vocabulary has no token for \"" + piece
                    + "\", which llama2.c's encoding needs as the dummy prefix");
        }
        return id;
    }

    /**
     * Decodes one token as llama2.c's {@code decode}: its piece, without the leading space when
     * {@code previousToken} is BOS, and the raw byte for a piece {@code <0xNN>}. A byte that is
     * not a whole UTF-8 character becomes U+FFFD: use {@link #decodeAll(int[])} for text.
     *
     * @throws IllegalArgumentException if {@code token} is outside the vocabulary
     */
    public String decode(int previousToken, int token) {
        return new String(decodeBytes(previousToken, token), StandardCharsets.UTF_8);
    }

    /**
     * Decodes a token sequence as llama2.c prints it: every token after the first, each decoded
     * with its predecessor as {@code previousToken}, bytes joined before the UTF-8 conversion.
     * The first token, usually BOS, is context only and is not printed.
     *
     * @throws IllegalArgumentException if a token is outside the vocabulary
     */
    public String decodeAll(int[] tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 1; i < tokens.length; i++) {
            bytes.writeBytes(decodeBytes(tokens[i - 1], tokens[i]));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private byte[] decodeBytes(int previousToken, int token) {
        if (token < 0 || token >= pieces.length) {
            throw new IllegalArgumentException("Invalid token id " + token + ": the vocabulary has ids 0 to "
                    + (pieces.length - 1));
        }
        byte[] piece = pieces[token];
        if (previousToken == BOS && piece.length > 0 && piece[0] == ' ') {
            return Arrays.copyOfRange(piece, 1, piece.length);
        }
        int rawByte = parseByteToken(piece);
        if (rawByte >= 0) {
            return new byte[] {(byte) rawByte};
        }
        return piece.clone();
    }

    /** Returns the byte value of a piece {@code <0xNN>} (hex, either case), or -1 for any other piece. */
    private static int parseByteToken(byte[] piece) {
        if (piece.length != 6 || piece[0] != '<' || piece[1] != '0' || piece[2] != 'x' || piece[5] != '>') {
            return -1;
        }
        int high = Character.digit(piece[3], 16);
        int low = Character.digit(piece[4], 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    private static String key(byte[] piece) {
        return new String(piece, StandardCharsets.ISO_8859_1);
    }
}
