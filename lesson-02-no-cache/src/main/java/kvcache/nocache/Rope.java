package kvcache.nocache;

import kvcache.kit.ExerciseNotImplemented;
import org.ejml.data.FMatrixRMaj;

/**
 * Exercise 2.1: rotary position embedding (RoPE), as llama2.c applies it.
 *
 * <p>Each row is one position's query or key, made of heads of {@code headSize} columns. Inside
 * each head, the columns form pairs {@code (2i, 2i + 1)} for {@code i = 0 .. headSize/2 - 1}, and
 * the pair at position {@code pos} is rotated by the angle
 * {@code theta = pos / 10000^(2i / headSize)}:
 * <pre>
 *   x' = x * cos(theta) - y * sin(theta)
 *   y' = x * sin(theta) + y * cos(theta)
 * </pre>
 * Every head uses the same angles. Row {@code r} of the matrix sits at absolute position
 * {@code firstPosition + r}; with a KV cache, new rows start at the number of cached positions.
 *
 * <p>See lesson-02-no-cache/README.md, section "Exercise 2.1".
 */
public final class Rope {

    private Rope() {
    }

    /**
     * Rotates every pair of columns of every row in place.
     *
     * <p>Layout: row-major, so element {@code (r, c)} is {@code rows.data[r * numCols + c]}; column
     * {@code c} belongs to head {@code c / headSize} and is element {@code c % headSize} of it.
     *
     * @param rows (n, nHeads * headSize): queries (n, dim) or keys (n, kvDim); modified in place
     * @param headSize the width of one head, positive and even
     * @param firstPosition the absolute position of row 0, at least 0
     * @throws IllegalArgumentException if {@code headSize} is not positive and even, if it does
     *     not divide the number of columns, or if {@code firstPosition} is negative; the message
     *     names the value and the limit
     */
    public static void rotateInPlace(FMatrixRMaj rows, int headSize, int firstPosition) {
        throw new ExerciseNotImplemented("2.1", "Rope.rotateInPlace");
    }
}
