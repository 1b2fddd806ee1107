package kvcache.attention;

import java.util.Objects;
import kvcache.kit.model.FloatMath;
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

    /** Marks a call on a plain array range, where errors name the array index instead of a row. */
    private static final int NO_ROW = -1;

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
        Objects.requireNonNull(values, "values");
        if (length < 1) {
            throw new IllegalArgumentException("Invalid length " + length
                    + ": softmax needs at least 1 score, so pass a length of 1 or more");
        }
        if (offset < 0 || offset > values.length - length) {
            throw new IllegalArgumentException("Range [" + offset + ", " + ((long) offset + length)
                    + ") is outside the array of length " + values.length
                    + ": offset must be at least 0 and offset + length at most " + values.length);
        }
        normalize(values, offset, length, NO_ROW);
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
        Objects.requireNonNull(scores, "scores");
        if (scores.numCols < 1) {
            throw new IllegalArgumentException("Scores (" + scores.numRows + " x " + scores.numCols
                    + ") have no columns: softmax needs at least 1 score per row");
        }
        for (int row = 0; row < scores.numRows; row++) {
            normalize(scores.data, row * scores.numCols, scores.numCols, row);
        }
    }

    /** Replaces {@code x[offset .. offset + length)} with its softmax; {@code row} only labels errors. */
    private static void normalize(float[] x, int offset, int length, int row) {
        // Find the largest score, rejecting scores that have no meaningful weight.
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            float score = x[offset + i];
            if (Float.isNaN(score) || score == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("Score at " + location(row, offset, i) + " is " + score
                        + ": scores must be finite, or -Infinity for a masked entry");
            }
            if (score > max) {
                max = score;
            }
        }
        if (max == Float.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("Every score in " + range(row, offset, length)
                    + " is -Infinity: a row with every entry masked has no softmax, so leave at least one entry unmasked");
        }

        // exp(x - max) lies in [0, 1] and is 1 at the max, so nothing overflows and the sum is at
        // least 1. A masked score gives exp(-Infinity) = 0, its weight exactly 0.
        double sum = 0;
        for (int i = 0; i < length; i++) {
            float e = FloatMath.exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }

        // Normalize so that the weights sum to 1: one division, then a multiplication per weight.
        double inverseSum = 1.0 / sum;
        for (int i = 0; i < length; i++) {
            x[offset + i] = (float) (x[offset + i] * inverseSum);
        }
    }

    private static String location(int row, int offset, int column) {
        return row == NO_ROW ? "index " + (offset + column) : "row " + row + ", column " + column;
    }

    private static String range(int row, int offset, int length) {
        return row == NO_ROW ? "values[" + offset + ", " + (offset + length) + ")" : "row " + row;
    }
}
