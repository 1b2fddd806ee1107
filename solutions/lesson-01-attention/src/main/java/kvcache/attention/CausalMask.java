package kvcache.attention;

import org.ejml.data.FMatrixRMaj;

/**
 * Exercise 1.3: a causal mask for queries that start at an offset.
 *
 * <p>Query {@code i} of a block of queries sits at absolute position {@code offset + i}, and keys
 * are numbered by absolute position from 0. A query may see every key at its own position or
 * before it: {@code M[i][j] = 0} when {@code j <= offset + i}, and {@code -Infinity} otherwise.
 * With {@code offset = 0} and as many keys as queries this is the usual lower-triangular mask;
 * with a KV cache, the new queries start at the number of positions already cached.
 *
 * <p>See lesson-01-attention/README.md, section "Exercise 1.3".
 */
public final class CausalMask {

    private CausalMask() {
    }

    /**
     * Creates the additive causal mask for {@code queryCount} queries starting at absolute
     * position {@code offset}, over keys at positions {@code 0 .. keyCount - 1}.
     *
     * @param queryCount the number of queries, at least 1
     * @param keyCount the number of keys; at least {@code offset + queryCount}, because the last
     *     query must be able to see its own key
     * @param offset the absolute position of the first query, at least 0
     * @return a new (queryCount, keyCount) matrix of {@code 0} and {@code -Infinity}
     * @throws IllegalArgumentException if a count or the offset is out of range; the message
     *     names the value and the limit
     */
    public static FMatrixRMaj create(int queryCount, int keyCount, int offset) {
        if (queryCount < 1) {
            throw new IllegalArgumentException("Invalid queryCount " + queryCount
                    + ": a mask needs at least 1 query");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("Invalid offset " + offset
                    + ": the offset is the absolute position of the first query, so it must be at least 0");
        }
        long lastPosition = (long) offset + queryCount - 1;
        if (keyCount <= lastPosition) {
            throw new IllegalArgumentException("Invalid keyCount " + keyCount + ": with offset " + offset
                    + " and queryCount " + queryCount + " the last query is at position " + lastPosition
                    + " and must see its own key, so keyCount must be at least offset + queryCount = "
                    + (lastPosition + 1));
        }

        // (queryCount, keyCount): zeros, then -Infinity right of each query's own position.
        FMatrixRMaj mask = new FMatrixRMaj(queryCount, keyCount);
        for (int i = 0; i < queryCount; i++) {
            for (int j = offset + i + 1; j < keyCount; j++) {
                mask.set(i, j, Float.NEGATIVE_INFINITY);
            }
        }
        return mask;
    }
}
