package kvcache.attention;

import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

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
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        checkHeadCounts(nHeads, nKvHeads);
        int headSize = headSize(queries, nHeads);
        checkKvWidth("Keys", keys, nKvHeads, headSize, queries, nHeads);
        checkKvWidth("Values", values, nKvHeads, headSize, queries, nHeads);
        if (values.numRows != keys.numRows) {
            throw new IllegalArgumentException("Keys " + shape(keys) + " and values " + shape(values)
                    + " must have the same number of rows, one value per key");
        }
        int nQueries = queries.numRows;
        int nKeys = keys.numRows;
        int groupSize = nHeads / nKvHeads;

        FMatrixRMaj output = new FMatrixRMaj(nQueries, nHeads * headSize);   // (nQueries, nHeads * headSize)
        FMatrixRMaj queryHead = new FMatrixRMaj(nQueries, headSize);         // (nQueries, headSize)
        FMatrixRMaj keyHead = new FMatrixRMaj(nKeys, headSize);              // (nKeys, headSize)
        FMatrixRMaj valueHead = new FMatrixRMaj(nKeys, headSize);            // (nKeys, headSize)
        for (int kvHead = 0; kvHead < nKvHeads; kvHead++) {
            // The kv head's columns, read once for its whole group of query heads.
            int kvColumn = kvHead * headSize;
            CommonOps_FDRM.extract(keys, 0, nKeys, kvColumn, kvColumn + headSize, keyHead);
            CommonOps_FDRM.extract(values, 0, nKeys, kvColumn, kvColumn + headSize, valueHead);

            // Query heads kvHead * groupSize .. (kvHead + 1) * groupSize - 1 read this kv head,
            // which is h / groupSize == kvHead for each of them.
            for (int h = kvHead * groupSize; h < (kvHead + 1) * groupSize; h++) {
                int column = h * headSize;
                CommonOps_FDRM.extract(queries, 0, nQueries, column, column + headSize, queryHead);
                FMatrixRMaj headOutput = Attention.scaledDotProduct(queryHead, keyHead, valueHead, mask);
                CommonOps_FDRM.insert(headOutput, output, 0, column);
            }
        }
        return output;
    }

    private static void checkHeadCounts(int nHeads, int nKvHeads) {
        if (nHeads < 1) {
            throw new IllegalArgumentException("Invalid nHeads " + nHeads + ": there must be at least 1 query head");
        }
        if (nKvHeads < 1 || nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException("Invalid nKvHeads " + nKvHeads + ": it must divide nHeads = "
                    + nHeads + " so that every kv head serves the same number of query heads; choose one of "
                    + divisors(nHeads));
        }
    }

    private static int headSize(FMatrixRMaj queries, int nHeads) {
        if (queries.numCols < nHeads || queries.numCols % nHeads != 0) {
            throw new IllegalArgumentException("Queries " + shape(queries) + " must have nHeads * headSize columns with headSize at least 1, but "
                    + queries.numCols + " is not a positive multiple of nHeads = " + nHeads);
        }
        return queries.numCols / nHeads;
    }

    private static void checkKvWidth(String name, FMatrixRMaj matrix, int nKvHeads, int headSize,
            FMatrixRMaj queries, int nHeads) {
        if (matrix.numCols != nKvHeads * headSize) {
            throw new IllegalArgumentException(name + " " + shape(matrix) + " must have nKvHeads * headSize = " + nKvHeads + " * " + headSize + " = "
                    + nKvHeads * headSize + " columns, because queries " + shape(queries) + " have nHeads = " + nHeads + " heads of size " + headSize);
        }
    }

    /** Lists the divisors of {@code n} in increasing order, e.g. "1, 2, 4, 8" for 8. */
    private static String divisors(int n) {
        TreeSet<Integer> divisors = new TreeSet<>();
        for (int k = 1; (long) k * k <= n; k++) {
            if (n % k == 0) {
                divisors.add(k);
                divisors.add(n / k);
            }
        }
        StringJoiner list = new StringJoiner(", ");
        divisors.forEach(k -> list.add(Integer.toString(k)));
        return list.toString();
    }

    private static String shape(FMatrixRMaj matrix) {
        return "(" + matrix.numRows + " x " + matrix.numCols + ")";
    }
}
