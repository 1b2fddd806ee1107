package kvcache.kit.model;

/**
 * A running count of multiply-adds, the unit of work of a matrix product: computing
 * {@code out[i] = sum_j W[i][j] * in[j]} for a (rows, cols) matrix {@code W} takes
 * {@code rows * cols} multiply-adds.
 *
 * <p>Code that counts adds the size of each product where it performs it. Not thread-safe.
 */
public final class MultiplyAddCounter {

    private long count;

    /**
     * Adds {@code multiplyAdds} to the count.
     *
     * @throws IllegalArgumentException if {@code multiplyAdds} is negative
     */
    public void add(long multiplyAdds) {
        if (multiplyAdds < 0) {
            throw new IllegalArgumentException("Invalid multiply-add count " + multiplyAdds
                    + ": a count must be at least 0");
        }
        count = Math.addExact(count, multiplyAdds);
    }

    /** Returns the multiply-adds counted since creation or the last {@link #reset()}. */
    public long count() {
        return count;
    }

    /** Sets the count back to 0. */
    public void reset() {
        count = 0;
    }

    @Override
    public String toString() {
        return "MultiplyAddCounter[count=" + count + "]";
    }
}
