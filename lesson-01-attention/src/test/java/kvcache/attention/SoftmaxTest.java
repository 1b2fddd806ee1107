package kvcache.attention;

import static kvcache.attention.TestMatrices.MASKED;
import static kvcache.attention.TestMatrices.matrices;
import static kvcache.attention.TestMatrices.masks;
import static kvcache.attention.TestMatrices.rejection;
import static kvcache.attention.TestMatrices.rowOf;
import static kvcache.kit.testing.FloatAssertions.assertClose;
import static kvcache.kit.testing.PropertyTests.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

@DisplayName("1.1 Stable softmax")
class SoftmaxTest {

    /**
     * For weights checked against numbers computed in double precision. Float32 rounding of a
     * weight in [0, 1] is below 6e-8, so 1e-6 leaves room for the order of the sums.
     */
    private static final float TOLERANCE = 1e-6f;

    /** For a row of up to 16 float weights that should sum to 1. */
    private static final float SUM_TOLERANCE = 1e-5f;

    /** For results that follow from the definition without any rounding, such as a weight of exactly 0 or 1. */
    private static final float EXACT = 0f;

    private static final int EXAMPLES = 200;

    // Expected weights in this class were computed in double precision by a separate python3
    // script (standard library only): solutions/lesson-01-attention/python/expected_values.py.

    @Test
    @DisplayName("softmax of [1, 2, 3] is [0.0900, 0.2447, 0.6652]")
    void smallRow() {
        float[] scores = {1f, 2f, 3f};

        Softmax.softmaxInPlace(scores, 0, 3);

        assertClose("weights", new float[] {0.090030573f, 0.244728471f, 0.665240956f}, scores, TOLERANCE);
    }

    @Test
    @DisplayName("softmax of a single score is exactly [1.0], whatever the score (the notebook's mistake)")
    void singleScore() {
        for (float score : new float[] {-3.5f, 0.18f, 42f}) {
            float[] scores = {score};

            Softmax.softmaxInPlace(scores, 0, 1);

            assertClose("softmax of [" + score + "]", new float[] {1f}, scores, EXACT);
        }
    }

    @Test
    @DisplayName("a masked score (-Infinity) gets weight exactly 0 and the rest still sums to 1")
    void maskedScore() {
        float[] scores = {0f, MASKED, 1f};

        Softmax.softmaxInPlace(scores, 0, 3);

        assertThat(scores[1]).as("weight of the masked score").isEqualTo(0f);
        assertClose("weights", new float[] {0.268941421f, 0f, 0.731058579f}, scores, TOLERANCE);
    }

    @Test
    @DisplayName("scores of 1000, where exp overflows a float, still give [0.5, 0.5]")
    void largeScores() {
        float[] scores = {1000f, 1000f};

        Softmax.softmaxInPlace(scores, 0, 2);

        assertClose("weights", new float[] {0.5f, 0.5f}, scores, EXACT);
    }

    @Test
    @DisplayName("scores of -1e4, 0 and 1e4 give [0, 0, 1]")
    void extremeScores() {
        float[] scores = {-1e4f, 0f, 1e4f};

        Softmax.softmaxInPlace(scores, 0, 3);

        assertClose("weights", new float[] {0f, 0f, 1f}, scores, EXACT);
    }

    @Test
    @DisplayName("only values[offset .. offset + length) change")
    void rangeOnly() {
        float[] values = {9f, 1f, 2f, 3f, 9f};

        Softmax.softmaxInPlace(values, 1, 3);

        assertClose("values", new float[] {9f, 0.090030573f, 0.244728471f, 0.665240956f, 9f}, values, TOLERANCE);
    }

    @Test
    @DisplayName("each row of a matrix gets its own softmax")
    void matrixRows() {
        FMatrixRMaj scores = new FMatrixRMaj(new float[][] {
            {0.5f, -1.5f, MASKED, 2f},
            {0f, MASKED, 1f, MASKED},
        });

        Softmax.softmaxRowsInPlace(scores);

        FMatrixRMaj expected = new FMatrixRMaj(new float[][] {
            {0.178030206f, 0.024093768f, 0f, 0.797876026f},
            {0.268941421f, 0f, 0.731058579f, 0f},
        });
        assertClose("weights", expected, scores, TOLERANCE);
    }

    @Test
    @DisplayName("a range where every score is -Infinity is rejected, naming the range")
    void allMaskedRange() {
        float[] values = {0f, MASKED, MASKED, 0f};

        IllegalArgumentException error = rejection(() -> Softmax.softmaxInPlace(values, 1, 2));

        assertThat(error).hasMessageContaining("values[1, 3)");
    }

    @Test
    @DisplayName("a matrix row where every score is -Infinity is rejected, naming the row")
    void allMaskedRow() {
        FMatrixRMaj scores = new FMatrixRMaj(new float[][] {{0f, 1f}, {MASKED, MASKED}});

        IllegalArgumentException error = rejection(() -> Softmax.softmaxRowsInPlace(scores));

        assertThat(error).hasMessageContaining("row 1");
    }

    @Test
    @DisplayName("a NaN score is rejected, naming its index")
    void nanScore() {
        float[] scores = {0f, Float.NaN, 1f};

        IllegalArgumentException error = rejection(() -> Softmax.softmaxInPlace(scores, 0, 3));

        assertThat(error).hasMessageContaining("index 1");
    }

    @Test
    @DisplayName("a NaN score in a matrix is rejected, naming its row and column")
    void nanScoreInRow() {
        FMatrixRMaj scores = new FMatrixRMaj(new float[][] {{0f, 1f}, {Float.NaN, 1f}});

        IllegalArgumentException error = rejection(() -> Softmax.softmaxRowsInPlace(scores));

        assertThat(error).hasMessageContaining("row 1, column 0");
    }

    @Test
    @DisplayName("a +Infinity score is rejected, naming its index")
    void positiveInfinityScore() {
        float[] scores = {0f, 1f, Float.POSITIVE_INFINITY};

        IllegalArgumentException error = rejection(() -> Softmax.softmaxInPlace(scores, 0, 3));

        assertThat(error).hasMessageContaining("index 2");
    }

    @Test
    @DisplayName("an empty range is rejected")
    void emptyRange() {
        float[] values = {1f, 2f};

        IllegalArgumentException error = rejection(() -> Softmax.softmaxInPlace(values, 0, 0));

        assertThat(error).hasMessageContaining("length 0");
    }

    @Test
    @DisplayName("a range past the end of the array is rejected, naming the range and the array length")
    void rangeOutsideArray() {
        float[] values = {1f, 2f, 3f, 4f};

        IllegalArgumentException error = rejection(() -> Softmax.softmaxInPlace(values, 2, 3));

        assertThat(error).hasMessageContaining("[2, 5)");
        assertThat(error).hasMessageContaining("length 4");
    }

    @Test
    @DisplayName("a matrix with no columns is rejected")
    void noColumns() {
        FMatrixRMaj scores = new FMatrixRMaj(2, 0);

        IllegalArgumentException error = rejection(() -> Softmax.softmaxRowsInPlace(scores));

        assertThat(error).hasMessageContaining("(2 x 0)");
    }

    @Test
    @DisplayName("property: every row's weights lie in [0, 1] and sum to 1 (200 cases)")
    void rowsSumToOne() {
        qt(EXAMPLES).forAll(scoreMatrices(-30f, 30f)).checkAssert(scores -> {
            FMatrixRMaj weights = scores.copy();

            Softmax.softmaxRowsInPlace(weights);

            for (int r = 0; r < weights.numRows; r++) {
                float sum = 0f;
                for (float weight : rowOf(weights, r)) {
                    assertThat(weight).as("a weight of row %d", r).isBetween(0f, 1f);
                    sum += weight;
                }
                assertClose("sum of row " + r, new float[] {1f}, new float[] {sum}, SUM_TOLERANCE);
            }
        });
    }

    @Test
    @DisplayName("property: adding the same constant to every score changes no weight (200 cases)")
    void shiftInvariant() {
        // Scores are multiples of 1/64 in [-16, 16] and the shift is a whole number in
        // [-1000, 1000], so every shifted score is exact in float and only exp and the sum round.
        // A shift of 1000 also overflows exp in a softmax that does not subtract the max.
        Gen<List<Float>> rows = lists().of(integers().between(-1024, 1024).map(k -> k / 64f)).ofSizeBetween(1, 12);
        Gen<Integer> shifts = integers().between(-1000, 1000);

        qt(EXAMPLES).forAll(rows, shifts).checkAssert((row, shift) -> {
            float[] scores = toArray(row);
            float[] shifted = new float[scores.length];
            for (int i = 0; i < scores.length; i++) {
                shifted[i] = scores[i] + shift;
            }

            Softmax.softmaxInPlace(scores, 0, scores.length);
            Softmax.softmaxInPlace(shifted, 0, shifted.length);

            assertClose("weights after adding " + shift, scores, shifted, TOLERANCE);
        });
    }

    @Test
    @DisplayName("property: scores as large as ±1e4 give finite weights that sum to 1 (200 cases)")
    void extremeScoresStayFinite() {
        qt(EXAMPLES).forAll(scoreMatrices(-1e4f, 1e4f)).checkAssert(scores -> {
            FMatrixRMaj weights = scores.copy();

            Softmax.softmaxRowsInPlace(weights);

            for (int r = 0; r < weights.numRows; r++) {
                float sum = 0f;
                for (float weight : rowOf(weights, r)) {
                    assertThat(Float.isFinite(weight)).as("weight of row %d is finite: %s", r, weight).isTrue();
                    sum += weight;
                }
                assertClose("sum of row " + r, new float[] {1f}, new float[] {sum}, SUM_TOLERANCE);
            }
        });
    }

    @Test
    @DisplayName("property: masked scores get weight exactly 0, the others sum to 1 (200 cases)")
    void maskedScoresGetZero() {
        Gen<MaskedScores> maskedScores = shapes().flatMap(shape ->
                matrices(shape.rows(), shape.cols(), -30f, 30f).zip(masks(shape.rows(), shape.cols()), MaskedScores::new));

        qt(EXAMPLES).forAll(maskedScores).checkAssert(input -> {
            FMatrixRMaj mask = input.mask();
            FMatrixRMaj weights = input.scores().copy();
            CommonOps_FDRM.addEquals(weights, mask);

            Softmax.softmaxRowsInPlace(weights);

            for (int r = 0; r < weights.numRows; r++) {
                float sum = 0f;
                for (int c = 0; c < weights.numCols; c++) {
                    if (mask.get(r, c) == MASKED) {
                        assertThat(weights.get(r, c)).as("weight [%d][%d] of a masked score", r, c).isEqualTo(0f);
                    }
                    sum += weights.get(r, c);
                }
                assertClose("sum of row " + r, new float[] {1f}, new float[] {sum}, SUM_TOLERANCE);
            }
        });
    }

    /** Scores and a mask of 0 and -Infinity to add to them. */
    record MaskedScores(FMatrixRMaj scores, FMatrixRMaj mask) {
    }

    private record Shape(int rows, int cols) {
    }

    /** Generates shapes with 1 to 5 rows and 1 to 16 columns. */
    private static Gen<Shape> shapes() {
        return integers().between(1, 5).zip(integers().between(1, 16), Shape::new);
    }

    private static Gen<FMatrixRMaj> scoreMatrices(float min, float max) {
        return shapes().flatMap(shape -> matrices(shape.rows(), shape.cols(), min, max));
    }

    private static float[] toArray(List<Float> list) {
        float[] array = new float[list.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = list.get(i);
        }
        return array;
    }
}
