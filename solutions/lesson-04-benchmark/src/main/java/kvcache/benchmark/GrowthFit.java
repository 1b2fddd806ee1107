package kvcache.benchmark;

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
        if (lengths.length != totals.length) {
            throw new IllegalArgumentException("Invalid input: " + lengths.length + " lengths but "
                    + totals.length + " totals; give one total per length");
        }
        int count = lengths.length;
        double[] x = new double[count];
        double[] y = new double[count];
        for (int i = 0; i < count; i++) {
            if (lengths[i] < 1) {
                throw new IllegalArgumentException("Invalid lengths[" + i + "] = " + lengths[i]
                        + ": a length must be at least 1, because its logarithm is taken");
            }
            if (!(totals[i] > 0) || Double.isInfinite(totals[i])) {
                throw new IllegalArgumentException("Invalid totals[" + i + "] = " + totals[i]
                        + ": a total must be positive and finite, because its logarithm is taken");
            }
            x[i] = Math.log(lengths[i]);
            y[i] = Math.log(totals[i]);
        }

        double xMean = mean(x);
        double yMean = mean(y);
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < count; i++) {
            sxx += (x[i] - xMean) * (x[i] - xMean);
            sxy += (x[i] - xMean) * (y[i] - yMean);
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("Invalid lengths: " + count + " points but fewer than two "
                    + "different lengths, so no slope can be fitted; measure at least two lengths");
        }
        double exponent = sxy / sxx;
        double logCoefficient = yMean - exponent * xMean;

        double residual = 0;
        double spread = 0;
        for (int i = 0; i < count; i++) {
            double error = y[i] - (logCoefficient + exponent * x[i]);
            residual += error * error;
            spread += (y[i] - yMean) * (y[i] - yMean);
        }
        double rSquared = spread == 0 ? 1 : 1 - residual / spread;
        return new PowerLawFit(exponent, Math.exp(logCoefficient), rSquared);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
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
