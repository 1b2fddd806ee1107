package kvcache.attention;

import kvcache.kit.ExerciseNotImplemented;
import org.ejml.data.FMatrixRMaj;

/**
 * Exercise 1.4: multi-head attention with grouped-query heads (GQA).
 *
 * <p>The {@code nHeads * headSize} columns of the queries are {@code nHeads} heads side by side:
 * head {@code h} is columns {@code [h * headSize, (h + 1) * headSize)}. Keys and values have
 * {@code nKvHeads} heads laid out the same way. Query heads are split into {@code nKvHeads}
 * groups of {@code nHeads / nKvHeads} consecutive heads, and every head of a group reads the
 * same key/value head: query head {@code h} reads kv head {@code h / (nHeads / nKvHeads)}.
 * With {@code nKvHeads == nHeads} this is plain multi-head attention; with {@code nKvHeads == 1}
 * it is multi-query attention. Each head is scaled dot-product attention (exercise 1.2) with
 * {@code d = headSize}, and output head {@code h} lands in the columns of query head {@code h}.
 *
 * <p>See lesson-01-attention/README.md, section "Exercise 1.4".
 */
public final class MultiHeadAttention {

    private MultiHeadAttention() {
    }

    /**
     * Computes grouped-query attention of every query over every key, head by head.
     *
     * @param queries (nQueries, nHeads * headSize); not modified
     * @param keys (nKeys, nKvHeads * headSize); not modified
     * @param values (nKeys, nKvHeads * headSize); not modified
     * @param nHeads the number of query heads, at least 1
     * @param nKvHeads the number of key/value heads; must divide {@code nHeads}
     * @param mask (nQueries, nKeys) additive mask shared by all heads, or {@code null}; not modified
     * @return a new (nQueries, nHeads * headSize) matrix
     * @throws IllegalArgumentException if {@code nHeads} is below 1, if {@code nKvHeads} does not
     *     divide {@code nHeads}, if a width is not the head count times one common head size, or if
     *     keys and values differ in row count (the message names the values); also for any mask,
     *     score or value that {@link Attention#scaledDotProduct} rejects
     */
    public static FMatrixRMaj attend(FMatrixRMaj queries, FMatrixRMaj keys, FMatrixRMaj values,
            int nHeads, int nKvHeads, FMatrixRMaj mask) {
        throw new ExerciseNotImplemented("1.4", "MultiHeadAttention.attend");
    }
}
