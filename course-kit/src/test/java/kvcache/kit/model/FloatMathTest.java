package kvcache.kit.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FloatMath.exp")
class FloatMathTest {

    /** The documented accuracy: within 3 units in the last place of the float result. */
    private static final double MAX_ULPS = 3;

    @Test
    @DisplayName("stays within 3 ulps of Math.exp over [-87, 88]")
    void closeToMathExp() {
        // Math.exp, rounded to float, is the independent reference; 200,001 points cover the fast path.
        double worst = 0;
        float worstAt = 0;
        for (int i = 0; i <= 200_000; i++) {
            float x = -87f + 175f * i / 200_000;
            float reference = (float) Math.exp(x);
            double ulps = Math.abs((double) FloatMath.exp(x) - reference) / Math.ulp(reference);
            if (ulps > worst) {
                worst = ulps;
                worstAt = x;
            }
        }

        assertThat(worst).as("largest error in ulps, at x = %s", worstAt).isLessThanOrEqualTo(MAX_ULPS);
    }

    @Test
    @DisplayName("exp(0) is exactly 1")
    void zero() {
        assertThat(FloatMath.exp(0f)).isEqualTo(1f);
    }

    @Test
    @DisplayName("exp(-Infinity) is exactly 0, the weight of a masked score")
    void negativeInfinity() {
        assertThat(FloatMath.exp(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
    }

    @Test
    @DisplayName("below the fast range, the result equals Math.exp, subnormals included")
    void belowFastRange() {
        assertThat(FloatMath.exp(-100f)).isEqualTo((float) Math.exp(-100f));
    }

    @Test
    @DisplayName("above the float range, the result is +Infinity")
    void overflow() {
        assertThat(FloatMath.exp(89f)).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    @DisplayName("NaN gives NaN")
    void nan() {
        assertThat(FloatMath.exp(Float.NaN)).isNaN();
    }
}
