package kvcache.attention;

import kvcache.kit.ExerciseNotImplemented;
import org.ejml.data.FMatrixRMaj;

/**
 * Exercise 1.1: a numerically stable softmax.
 *
 * <p>For scores {@code x[0..n)}, softmax returns {@code p[i] = exp(x[i]) / sum_j exp(x[j])}: the
 * weights are positive and sum to 1. A masked score is {@code -Infinity} and gets weight exactly 0.
 * Computed literally, {@code exp(1000f)} overflows to infinity and the result becomes NaN; a
 * stable softmax gives the same weights for scores as large as ±1e4.
 *
 * <p>Error messages name the place with these forms, which the tests look for: an index of the
 * array as {@code index 2}, a range as {@code values[1, 3)}, a cell of a matrix as
 * {@code row 1, column 0}, a matrix row as {@code row 1}, a shape as {@code (2 x 0)}, and a bad
 * length or an array length as {@code length 4}. For example: {@code Score at index 2 is NaN:
 * scores must be finite, or -Infinity for a masked entry}.
 *
 * <p>See lesson-01-attention/README.md, section "Exercise 1.1".
 */
public final class Softmax {

    private Softmax() {
    }

    /**
     * Replaces {@code values[offset .. offset + length)} with its softmax. Other elements are not touched.
     *
     * @param values the scores; modified in place
     * @param offset the index of the first score
     * @param length the number of scores, at least 1
     * @throws IllegalArgumentException if the range is empty or outside the array, if a score is
     *     NaN or {@code +Infinity}, or if every score is {@code -Infinity} (a row with nothing
     *     unmasked has no softmax); the message names the offending index or range
     */
    public static void softmaxInPlace(float[] values, int offset, int length) {
        throw new ExerciseNotImplemented("1.1", "Softmax.softmaxInPlace");
    }

    /**
     * Replaces each row of {@code scores} with its softmax.
     *
     * <p>Layout: row-major, so row {@code r} is {@code scores.data[r * numCols .. (r + 1) * numCols)}.
     *
     * @param scores a (rows, cols) matrix with at least one column; modified in place
     * @throws IllegalArgumentException as {@link #softmaxInPlace}, with the message naming the row
     */
    public static void softmaxRowsInPlace(FMatrixRMaj scores) {
        throw new ExerciseNotImplemented("1.1", "Softmax.softmaxRowsInPlace");
    }
}
