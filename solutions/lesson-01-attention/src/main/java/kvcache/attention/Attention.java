package kvcache.attention;

import java.util.Objects;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Exercise 1.2: scaled dot-product attention.
 *
 * <p>Matrix form: {@code output = softmax(Q K^T / sqrt(d) + M) V}, where {@code d} is the number
 * of columns of Q and K and {@code M} is an additive mask. Element form: query {@code i} scores
 * key {@code j} as {@code s[i][j] = (sum_c Q[i][c] K[j][c]) / sqrt(d) + M[i][j]}; the weights
 * {@code w[i][.]} are the softmax of row {@code i} (exercise 1.1); output row {@code i} is
 * {@code sum_j w[i][j] V[j][.]}.
 *
 * <p>See lesson-01-attention/README.md, section "Exercise 1.2".
 */
public final class Attention {

    private Attention() {
    }

    /**
     * Computes scaled dot-product attention of every query over every key.
     *
     * @param queries (nQueries, d) matrix, one query per row, with {@code d} at least 1; not modified
     * @param keys (nKeys, d) matrix, one key per row, with {@code nKeys} at least 1; not modified
     * @param values (nKeys, dValue) matrix, row {@code j} is the value of key {@code j}; not modified
     * @param mask (nQueries, nKeys) additive mask, {@code 0} where a query may see a key and
     *     {@code -Infinity} where it may not, or {@code null} for no mask; not modified
     * @return a new (nQueries, dValue) matrix
     * @throws IllegalArgumentException if the shapes do not fit together (the message names both
     *     shapes), if a query has no key it may see, if a score is NaN or {@code +Infinity}, or if
     *     a value is NaN or infinite (the message names the row and column)
     */
    public static FMatrixRMaj scaledDotProduct(FMatrixRMaj queries, FMatrixRMaj keys, FMatrixRMaj values,
            FMatrixRMaj mask) {
        checkShapes(queries, keys, values, mask);
        checkFinite(values);
        int nQueries = queries.numRows;
        int nKeys = keys.numRows;
        int d = queries.numCols;

        // Scores: s = Q K^T / sqrt(d) + M, shape (nQueries, nKeys).
        FMatrixRMaj scores = new FMatrixRMaj(nQueries, nKeys);
        CommonOps_FDRM.multTransB((float) (1.0 / Math.sqrt(d)), queries, keys, scores);
        if (mask != null) {
            CommonOps_FDRM.addEquals(scores, mask);
        }

        // Weights: the softmax of each row, in place, so that row i of w sums to 1.
        try {
            Softmax.softmaxRowsInPlace(scores);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid attention scores of queries " + shape(queries)
                    + " over keys " + shape(keys) + " (row = query, column = key): " + e.getMessage(), e);
        }

        // Output: w V, shape (nQueries, dValue).
        FMatrixRMaj output = new FMatrixRMaj(nQueries, values.numCols);
        CommonOps_FDRM.mult(scores, values, output);
        return output;
    }

    private static void checkShapes(FMatrixRMaj queries, FMatrixRMaj keys, FMatrixRMaj values, FMatrixRMaj mask) {
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        if (queries.numCols < 1) {
            throw new IllegalArgumentException("Queries " + shape(queries)
                    + " have no columns: the head size d must be at least 1");
        }
        if (keys.numCols != queries.numCols) {
            throw new IllegalArgumentException("Queries " + shape(queries) + " and keys " + shape(keys)
                    + " must have the same number of columns, the head size d");
        }
        if (keys.numRows < 1) {
            throw new IllegalArgumentException("Keys " + shape(keys)
                    + " have no rows: every query needs at least one key to attend to");
        }
        if (values.numRows != keys.numRows) {
            throw new IllegalArgumentException("Keys " + shape(keys) + " and values " + shape(values)
                    + " must have the same number of rows, one value per key");
        }
        if (mask != null && (mask.numRows != queries.numRows || mask.numCols != keys.numRows)) {
            throw new IllegalArgumentException("Mask " + shape(mask) + " must be (nQueries x nKeys) = ("
                    + queries.numRows + " x " + keys.numRows + ") for queries " + shape(queries)
                    + " and keys " + shape(keys));
        }
    }

    private static void checkFinite(FMatrixRMaj values) {
        for (int row = 0; row < values.numRows; row++) {
            for (int col = 0; col < values.numCols; col++) {
                float value = values.get(row, col);
                if (!Float.isFinite(value)) {
                    throw new IllegalArgumentException("Value at row " + row + ", column " + col + " of values "
                            + shape(values) + " is " + value + ": values must be finite");
                }
            }
        }
    }

    private static String shape(FMatrixRMaj matrix) {
        return "(" + matrix.numRows + " x " + matrix.numCols + ")";
    }
}
