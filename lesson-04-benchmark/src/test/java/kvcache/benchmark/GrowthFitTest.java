package kvcache.benchmark;

import static kvcache.kit.testing.Rejections.assertRejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import kvcache.benchmark.GrowthFit.PowerLawFit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Exercise 4.4, on synthetic data only: no test measures time. The expected values of the noisy
 * cases were computed by solutions/lesson-04-benchmark/python/expected_values.py.
 */
@DisplayName("4.4 Growth exponent")
class GrowthFitTest {

    /** Exact data: only rounding in ln and exp separates the fit from the true curve. */
    private static final double EXACT_TOLERANCE = 1e-9;

    /** Printed with 12 decimals by the Python script. */
    private static final double PYTHON_TOLERANCE = 1e-9;

    private static final int[] POWERS_OF_TWO = {32, 64, 128, 256};
    private static final int[] NOISY_LENGTHS = {16, 32, 64, 128, 256};

    @Test
    @DisplayName("Totals of 3e-6 * n^2 give exponent 2")
    void quadraticExponent() {
        PowerLawFit fit = GrowthFit.fit(POWERS_OF_TWO, new double[] {0.003072, 0.012288, 0.049152, 0.196608});

        assertThat(fit.exponent()).isCloseTo(2.0, within(EXACT_TOLERANCE));
    }

    @Test
    @DisplayName("Totals of 3e-6 * n^2 give coefficient 3e-6")
    void quadraticCoefficient() {
        PowerLawFit fit = GrowthFit.fit(POWERS_OF_TWO, new double[] {0.003072, 0.012288, 0.049152, 0.196608});

        assertThat(fit.coefficient()).isCloseTo(3e-6, within(3e-6 * EXACT_TOLERANCE));
    }

    @Test
    @DisplayName("Points on an exact power law give R squared 1")
    void exactFitRSquared() {
        PowerLawFit fit = GrowthFit.fit(POWERS_OF_TWO, new double[] {0.003072, 0.012288, 0.049152, 0.196608});

        assertThat(fit.rSquared()).isCloseTo(1.0, within(EXACT_TOLERANCE));
    }

    @Test
    @DisplayName("Totals of 0.5 * n give exponent 1 and coefficient 0.5")
    void linear() {
        PowerLawFit fit = GrowthFit.fit(new int[] {10, 20, 40, 80, 160}, new double[] {5, 10, 20, 40, 80});

        assertThat(fit.exponent()).isCloseTo(1.0, within(EXACT_TOLERANCE));
        assertThat(fit.coefficient()).isCloseTo(0.5, within(EXACT_TOLERANCE));
    }

    @Test
    @DisplayName("Noisy quadratic totals give exponent 1.9911 and R squared 0.99988")
    void noisyQuadratic() {
        PowerLawFit fit = GrowthFit.fit(NOISY_LENGTHS, new double[] {0.021, 0.079, 0.33, 1.27, 5.2});

        assertThat(fit.exponent()).isCloseTo(1.991078900376, within(PYTHON_TOLERANCE));
        assertThat(fit.coefficient()).isCloseTo(8.22974998156e-05, within(1e-15));
        assertThat(fit.rSquared()).isCloseTo(0.999879745177, within(PYTHON_TOLERANCE));
    }

    @Test
    @DisplayName("Noisy linear totals give exponent 0.9991 and R squared 0.99961")
    void noisyLinear() {
        PowerLawFit fit = GrowthFit.fit(NOISY_LENGTHS, new double[] {0.40, 0.83, 1.58, 3.3, 6.4});

        assertThat(fit.exponent()).isCloseTo(0.999128278290, within(PYTHON_TOLERANCE));
        assertThat(fit.coefficient()).isCloseTo(0.0253683563271, within(1e-12));
        assertThat(fit.rSquared()).isCloseTo(0.999614092487, within(PYTHON_TOLERANCE));
    }

    @Test
    @DisplayName("The order of the points does not change the fit")
    void orderDoesNotMatter() {
        PowerLawFit sorted = GrowthFit.fit(NOISY_LENGTHS, new double[] {0.021, 0.079, 0.33, 1.27, 5.2});
        PowerLawFit shuffled = GrowthFit.fit(new int[] {128, 16, 256, 64, 32}, new double[] {1.27, 0.021, 5.2, 0.33, 0.079});

        assertThat(shuffled.exponent()).isCloseTo(sorted.exponent(), within(EXACT_TOLERANCE));
    }

    @Test
    @DisplayName("The same total at every length gives exponent 0 and R squared 1")
    void flatTotals() {
        PowerLawFit fit = GrowthFit.fit(POWERS_OF_TWO, new double[] {2.5, 2.5, 2.5, 2.5});

        assertThat(fit.exponent()).isCloseTo(0.0, within(EXACT_TOLERANCE));
        assertThat(fit.coefficient()).isCloseTo(2.5, within(EXACT_TOLERANCE));
        assertThat(fit.rSquared()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("A fixed cost per step plus a growing attention term gives an exponent a little above 1")
    void linearPlusSmallQuadratic() {
        // n * (1000 + n): what a cached generation looks like while attention is still cheap.
        PowerLawFit fit = GrowthFit.fit(new int[] {16, 32, 64, 128}, new double[] {16_256, 33_024, 68_096, 144_384});

        assertThat(fit.exponent()).isCloseTo(1.049665517696, within(PYTHON_TOLERANCE));
        assertThat(fit.rSquared()).isCloseTo(0.999823951103, within(PYTHON_TOLERANCE));
    }

    @Test
    @DisplayName("Arrays of different lengths are rejected")
    void mismatchedArrays() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> GrowthFit.fit(new int[] {1, 2, 3}, new double[] {1, 2})))
                .hasMessageContaining("3 lengths but 2 totals");
    }

    @Test
    @DisplayName("A single length cannot give a slope")
    void singleLength() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> GrowthFit.fit(new int[] {64, 64}, new double[] {1, 2})))
                .hasMessageContaining("two different lengths");
    }

    @Test
    @DisplayName("A total of zero is rejected, because its logarithm is undefined")
    void zeroTotal() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> GrowthFit.fit(new int[] {1, 2}, new double[] {1, 0})))
                .hasMessageContaining("totals[1] = 0.0");
    }

    @Test
    @DisplayName("A NaN total is rejected")
    void nanTotal() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> GrowthFit.fit(new int[] {1, 2}, new double[] {Double.NaN, 1})))
                .hasMessageContaining("totals[0] = NaN");
    }

    @Test
    @DisplayName("A length of zero is rejected")
    void zeroLength() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> GrowthFit.fit(new int[] {0, 2}, new double[] {1, 1})))
                .hasMessageContaining("lengths[0] = 0");
    }
}
