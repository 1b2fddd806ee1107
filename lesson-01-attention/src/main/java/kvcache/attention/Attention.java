package kvcache.attention;

import kvcache.kit.ExerciseNotImplemented;
import org.ejml.data.FMatrixRMaj;

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
        throw new ExerciseNotImplemented("1.2", "Attention.scaledDotProduct");
    }
}
