package kvcache.kit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import kvcache.kit.testing.FloatAssertions;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("RmsNorm, FeedForward and MultiplyAddCounter")
class NumericsTest {

    /** Float rounding of a handful of operations on values of size about 1. */
    private static final float TOLERANCE = 1e-6f;

    @Nested
    @DisplayName("RmsNorm")
    class RmsNormTests {

        @Test
        @DisplayName("a vector of four matches values computed by hand")
        void handComputed() {
            // x / sqrt(mean(x^2) + 1e-5) * weight, with mean(x^2) = 30 / 4, by course-kit/python/expected_values.py.
            float[] out = RmsNorm.apply(new float[] {1, 2, 3, 4}, new float[] {1, 0.5f, 2, -1});

            FloatAssertions.assertClose("out", new float[] {0.3651481f, 0.3651481f, 2.1908888f, -1.4605925f},
                    out, TOLERANCE);
        }

        @Test
        @DisplayName("normalizing in place gives the same result")
        void inPlace() {
            float[] x = {1, 2, 3, 4};

            RmsNorm.apply(x, new float[] {1, 0.5f, 2, -1}, x);

            FloatAssertions.assertClose("x", new float[] {0.3651481f, 0.3651481f, 2.1908888f, -1.4605925f}, x,
                    TOLERANCE);
        }

        @Test
        @DisplayName("each row of a matrix equals the vector form on that row")
        void rows() {
            float[] weight = {1, 0.5f, 2, -1};
            FMatrixRMaj x = new FMatrixRMaj(new float[][] {{1, 2, 3, 4}, {0, -1, 5, 0.5f}});

            FMatrixRMaj out = RmsNorm.applyRows(x, weight);

            FloatAssertions.assertClose("row 0", RmsNorm.apply(new float[] {1, 2, 3, 4}, weight),
                    new float[] {out.get(0, 0), out.get(0, 1), out.get(0, 2), out.get(0, 3)}, 0f);
            FloatAssertions.assertClose("row 1", RmsNorm.apply(new float[] {0, -1, 5, 0.5f}, weight),
                    new float[] {out.get(1, 0), out.get(1, 1), out.get(1, 2), out.get(1, 3)}, 0f);
        }

        @Test
        @DisplayName("a weight of another length is rejected, naming both lengths")
        void lengthMismatch() {
            assertThatThrownBy(() -> RmsNorm.apply(new float[4], new float[3]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("4")
                    .hasMessageContaining("3");
        }
    }

    @Nested
    @DisplayName("FeedForward")
    class FeedForwardTests {

        private final ModelWeights weights = handWeights();

        @Test
        @DisplayName("dim 2, hidden 2: w2(silu(w1 x) * (w3 x)) matches values computed by hand")
        void handComputed() {
            // w1 = I, w3 = [[1, 1], [2, 0]], w2 = [[1, 2], [3, -1]], x = [1, -2]: by course-kit/python/expected_values.py.
            float[] out = FeedForward.apply(weights, 0, new float[] {1, -2});

            FloatAssertions.assertClose("out", new float[] {-1.6846820f, -1.7163640f}, out, TOLERANCE);
        }

        @Test
        @DisplayName("rows through EJML equal the vector form on each row")
        void rows() {
            FMatrixRMaj x = new FMatrixRMaj(new float[][] {{1, -2}, {0.5f, 3}});

            FMatrixRMaj out = FeedForward.applyRows(weights, 0, x);

            FloatAssertions.assertClose("row 0", FeedForward.apply(weights, 0, new float[] {1, -2}),
                    new float[] {out.get(0, 0), out.get(0, 1)}, 0f);
            FloatAssertions.assertClose("row 1", FeedForward.apply(weights, 0, new float[] {0.5f, 3}),
                    new float[] {out.get(1, 0), out.get(1, 1)}, 0f);
        }

        @Test
        @DisplayName("the counting overload adds 3 * n * dim * hidden")
        void counts() {
            MultiplyAddCounter counter = new MultiplyAddCounter();

            FeedForward.applyRows(weights, 0, new FMatrixRMaj(5, 2), counter);

            assertThat(counter.count()).isEqualTo(3L * 5 * 2 * 2);
        }

        private static ModelWeights handWeights() {
            ModelConfig config = ModelConfig.builder()
                    .dim(2).hiddenDim(2).nLayers(1).nHeads(1).nKvHeads(1).vocabSize(3).seqLen(4).build();
            ModelWeights weights = new ModelWeights(config);
            System.arraycopy(new float[] {1, 0, 0, 1}, 0, weights.w1(0).data, 0, 4);
            System.arraycopy(new float[] {1, 1, 2, 0}, 0, weights.w3(0).data, 0, 4);
            System.arraycopy(new float[] {1, 2, 3, -1}, 0, weights.w2(0).data, 0, 4);
            return weights;
        }
    }

    @Nested
    @DisplayName("MultiplyAddCounter")
    class CounterTests {

        @Test
        @DisplayName("adds up and resets to 0")
        void addAndReset() {
            MultiplyAddCounter counter = new MultiplyAddCounter();
            counter.add(5);
            counter.add(7);

            assertThat(counter.count()).isEqualTo(12);
            counter.reset();
            assertThat(counter.count()).isZero();
        }

        @Test
        @DisplayName("a negative amount is rejected, naming it")
        void negative() {
            assertThatThrownBy(() -> new MultiplyAddCounter().add(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-1");
        }
    }
}
