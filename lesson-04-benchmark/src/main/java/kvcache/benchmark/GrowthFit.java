package kvcache.benchmark;

import kvcache.kit.ExerciseNotImplemented;

/**
 * Exercise 4.4: how fast a total time grows with the sequence length.
 *
 * <p>If generating {@code n} tokens takes {@code T(n) = c * n^k}, then
 * {@code ln T = ln c + k ln n}: a straight line in log-log coordinates whose slope is the
 * growth exponent {@code k}. Without a KV cache, step {@code t} recomputes {@code t} positions,
 * so the total grows about as {@code n^2}; with a cache each step costs about the same, so the
 * total grows about as {@code n}.
 *
 * <p>See lesson-04-benchmark/README.md, section "Exercise 4.4".
 */
public final class GrowthFit {

    private GrowthFit() {
    }

    /**
     * Fits {@code T = coefficient * n^exponent} by ordinary least squares on the points
     * {@code (x_i, y_i) = (ln n_i, ln T_i)}.
     *
     * <p>With the means {@code xm} and {@code ym}: {@code exponent = sum (x_i - xm)(y_i - ym) /
     * sum (x_i - xm)^2}, {@code ln coefficient = ym - exponent * xm}, and
     * {@code rSquared = 1 - sum (y_i - fit_i)^2 / sum (y_i - ym)^2}, where
     * {@code fit_i = ln coefficient + exponent * x_i}; {@code rSquared} is 1 when every
     * {@code y_i} is equal, because the fitted line then passes through every point.
     *
     * @param lengths the sequence lengths {@code n_i}, each at least 1, with at least two
     *     different values; not modified
     * @param totals the measured totals {@code T_i} in any unit, each positive and finite, one
     *     per length; not modified
     * @return the fitted exponent, coefficient (in the unit of {@code totals}) and R squared
     * @throws IllegalArgumentException if the arrays differ in length, if a length is less
     *     than 1, if a total is not positive and finite, or if fewer than two lengths differ
     */
    public static PowerLawFit fit(int[] lengths, double[] totals) {
        throw new ExerciseNotImplemented("4.4", "GrowthFit.fit");
    }

    /**
     * The fitted curve {@code T(n) = coefficient * n^exponent}.
     *
     * @param exponent the growth exponent {@code k}: about 2 for generation without a cache,
     *     about 1 with one
     * @param coefficient {@code c}, in the unit of the totals that were fitted
     * @param rSquared the share of the variance of {@code ln T} that the line explains, at most
     *     1; close to 1 means the points lie on a power law
     */
    public record PowerLawFit(double exponent, double coefficient, double rSquared) {
    }
}

