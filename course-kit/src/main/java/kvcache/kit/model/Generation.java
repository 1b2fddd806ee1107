package kvcache.kit.model;

import java.util.Arrays;
import org.ejml.data.FMatrixRMaj;

/**
 * A finished generation: the prompt, the tokens generated after it, and the logits each
 * generated token was sampled from.
 *
 * <p>Immutable: the constructor copies its arguments and every accessor returns a copy.
 */
public final class Generation {

    private final int[] tokens;
    private final int promptLength;
    private final FMatrixRMaj logits;

    /**
     * Creates a generation.
     *
     * @param tokens the prompt followed by the generated tokens; copied
     * @param promptLength the number of prompt tokens at the start of {@code tokens}, at least 1
     * @param logits (newTokens, vocab), where {@code newTokens = tokens.length - promptLength}:
     *     row {@code r} is the distribution that token {@code tokens[promptLength + r]} was
     *     sampled from; copied
     * @throws IllegalArgumentException if {@code promptLength} is outside {@code [1, tokens.length]}
     *     or {@code logits} does not have one row per generated token
     */
    public Generation(int[] tokens, int promptLength, FMatrixRMaj logits) {
        if (promptLength < 1 || promptLength > tokens.length) {
            throw new IllegalArgumentException("Invalid prompt length " + promptLength
                    + ": it must be between 1 and the number of tokens, " + tokens.length);
        }
        int newTokens = tokens.length - promptLength;
        if (logits.numRows != newTokens) {
            throw new IllegalArgumentException("Invalid logits with " + logits.numRows
                    + " rows: expected one row per generated token, " + newTokens);
        }
        this.tokens = tokens.clone();
        this.promptLength = promptLength;
        this.logits = logits.copy();
    }

    /** Returns a copy of all tokens: the prompt followed by the generated tokens. */
    public int[] tokens() {
        return tokens.clone();
    }

    /** Returns the number of prompt tokens at the start of {@link #tokens()}. */
    public int promptLength() {
        return promptLength;
    }

    /** Returns a copy of the prompt tokens. */
    public int[] promptTokens() {
        return Arrays.copyOfRange(tokens, 0, promptLength);
    }

    /** Returns a copy of the generated tokens, without the prompt. */
    public int[] generatedTokens() {
        return Arrays.copyOfRange(tokens, promptLength, tokens.length);
    }

    /**
     * Returns a copy of the logits: a (newTokens, vocab) matrix whose row {@code r} is the
     * distribution the {@code r}-th generated token was sampled from.
     */
    public FMatrixRMaj logits() {
        return logits.copy();
    }

    @Override
    public String toString() {
        return "Generation[promptLength=" + promptLength + ", tokens=" + Arrays.toString(tokens) + "]";
    }
}
