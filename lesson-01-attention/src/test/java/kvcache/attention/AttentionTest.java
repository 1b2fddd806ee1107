package kvcache.attention;

import static kvcache.attention.TestMatrices.MASKED;
import static kvcache.attention.TestMatrices.masks;
import static kvcache.attention.TestMatrices.matrices;
import static kvcache.attention.TestMatrices.permuteColumns;
import static kvcache.attention.TestMatrices.permuteRows;
import static kvcache.attention.TestMatrices.permutations;
import static kvcache.attention.TestMatrices.rejection;
import static kvcache.attention.TestMatrices.row;
import static kvcache.kit.testing.FloatAssertions.assertClose;
import static kvcache.kit.testing.PropertyTests.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

// These tests build their masks by hand and never call CausalMask, so that they measure
// exercise 1.2 alone.
@DisplayName("1.2 Scaled dot-product attention")
class AttentionTest {

    /** For outputs checked against numbers computed in double precision; entries are below 1. */
    private static final float TOLERANCE = 1e-6f;

    /**
     * For generated cases with values in [-10, 10]: a weighted sum of up to 6 such values in
     * float32 carries a rounding error of a few 1e-6.
     */
    private static final float PROPERTY_TOLERANCE = 1e-5f;

    /** For results that follow from the definition without any rounding. */
    private static final float EXACT = 0f;

    private static final int EXAMPLES = 200;

    // The notebook's toy vectors: one query, three keys and their values, head size d = 2, so
    // the scores are scaled by 1/sqrt(2). Expected numbers in this class were computed in double
    // precision by a separate python3 script (standard library only):
    // solutions/lesson-01-attention/python/expected_values.py.
    private static final FMatrixRMaj NOTEBOOK_QUERY = row(0.2f, 0.8f);
    private static final FMatrixRMaj NOTEBOOK_KEYS = new FMatrixRMaj(new float[][] {
        {0.1f, 0.2f},
        {0.2f, 0.3f},
        {0.3f, 0.4f},
    });
    private static final FMatrixRMaj NOTEBOOK_VALUES = new FMatrixRMaj(new float[][] {
        {0.5f, 0.6f},
        {0.7f, 0.8f},
        {0.9f, 1.0f},
    });

    @Test
    @DisplayName("the notebook's query weights its keys [0.3101, 0.3328, 0.3572]")
    void notebookWeights() {
        // With the identity as values, output row i is the weight row i.
        FMatrixRMaj identity = CommonOps_FDRM.identity(3);

        FMatrixRMaj weights = Attention.scaledDotProduct(NOTEBOOK_QUERY, NOTEBOOK_KEYS, identity, null);

        assertClose("weights", row(0.310060159f, 0.332778471f, 0.357161370f), weights, TOLERANCE);
    }

    @Test
    @DisplayName("the notebook's query attends to output [0.7094, 0.8094]")
    void notebookOutput() {
        FMatrixRMaj output = Attention.scaledDotProduct(NOTEBOOK_QUERY, NOTEBOOK_KEYS, NOTEBOOK_VALUES, null);

        assertClose("output", row(0.709420242f, 0.809420242f), output, TOLERANCE);
    }

    @Test
    @DisplayName("with a single key, the output is exactly that key's value (weight 1)")
    void singleKey() {
        FMatrixRMaj output = Attention.scaledDotProduct(NOTEBOOK_QUERY, row(0.1f, 0.2f), row(0.5f, 0.6f), null);

        assertClose("output", row(0.5f, 0.6f), output, EXACT);
    }

    @Test
    @DisplayName("a masked key gets weight exactly 0")
    void maskedKeyWeight() {
        FMatrixRMaj identity = CommonOps_FDRM.identity(3);
        FMatrixRMaj mask = row(0f, 0f, MASKED);

        FMatrixRMaj weights = Attention.scaledDotProduct(NOTEBOOK_QUERY, NOTEBOOK_KEYS, identity, mask);

        assertThat(weights.get(0, 2)).as("weight of the masked key 2").isEqualTo(0f);
        assertClose("weights", row(0.482329692f, 0.517670308f, 0f), weights, TOLERANCE);
    }

    @Test
    @DisplayName("each query row uses its own mask row")
    void maskPerQuery() {
        FMatrixRMaj queries = new FMatrixRMaj(new float[][] {{0.2f, 0.8f}, {1f, 2f}});
        FMatrixRMaj mask = new FMatrixRMaj(new float[][] {{0f, 0f, MASKED}, {0f, 0f, 0f}});

        FMatrixRMaj output = Attention.scaledDotProduct(queries, NOTEBOOK_KEYS, NOTEBOOK_VALUES, mask);

        FMatrixRMaj expected = new FMatrixRMaj(new float[][] {
            {0.603534062f, 0.703534062f},
            {0.728074187f, 0.828074187f},
        });
        assertClose("output", expected, output, TOLERANCE);
    }

    @Test
    @DisplayName("queries, keys, values and mask are not modified")
    void inputsUnchanged() {
        FMatrixRMaj queries = new FMatrixRMaj(new float[][] {{0.2f, 0.8f}, {1f, 2f}});
        FMatrixRMaj mask = new FMatrixRMaj(new float[][] {{0f, 0f, MASKED}, {0f, 0f, 0f}});
        FMatrixRMaj keys = NOTEBOOK_KEYS.copy();
        FMatrixRMaj values = NOTEBOOK_VALUES.copy();
        FMatrixRMaj maskBefore = mask.copy();

        Attention.scaledDotProduct(queries, keys, values, mask);

        assertClose("queries", new FMatrixRMaj(new float[][] {{0.2f, 0.8f}, {1f, 2f}}), queries, EXACT);
        assertClose("keys", NOTEBOOK_KEYS, keys, EXACT);
        assertClose("values", NOTEBOOK_VALUES, values, EXACT);
        TestMatrices.assertSameEntries("mask", maskBefore, mask);
    }

    @Test
    @DisplayName("queries and keys of different widths are rejected, naming both shapes")
    void keyWidthMismatch() {
        FMatrixRMaj keys = new FMatrixRMaj(3, 3);

        IllegalArgumentException error = rejection(
                () -> Attention.scaledDotProduct(NOTEBOOK_QUERY, keys, NOTEBOOK_VALUES, null));

        assertThat(error).hasMessageContaining("(1 x 2)");
        assertThat(error).hasMessageContaining("(3 x 3)");
    }

    @Test
    @DisplayName("a value count that differs from the key count is rejected, naming both shapes")
    void valueCountMismatch() {
        FMatrixRMaj values = new FMatrixRMaj(4, 2);

        IllegalArgumentException error = rejection(
                () -> Attention.scaledDotProduct(NOTEBOOK_QUERY, NOTEBOOK_KEYS, values, null));

        assertThat(error).hasMessageContaining("(3 x 2)");
        assertThat(error).hasMessageContaining("(4 x 2)");
    }

    @Test
    @DisplayName("a mask of the wrong shape is rejected, naming its shape and the expected one")
    void maskShapeMismatch() {
        FMatrixRMaj mask = new FMatrixRMaj(1, 2);

        IllegalArgumentException error = rejection(
                () -> Attention.scaledDotProduct(NOTEBOOK_QUERY, NOTEBOOK_KEYS, NOTEBOOK_VALUES, mask));

        assertThat(error).hasMessageContaining("(1 x 2)");
        assertThat(error).hasMessageContaining("(1 x 3)");
    }

    @Test
    @DisplayName("keys with no rows are rejected")
    void noKeys() {
        IllegalArgumentException error = rejection(() -> Attention.scaledDotProduct(
                NOTEBOOK_QUERY, new FMatrixRMaj(0, 2), new FMatrixRMaj(0, 2), null));

        assertThat(error).hasMessageContaining("(0 x 2)");
    }

    @Test
    @DisplayName("a query whose every key is masked is rejected, naming its row")
    void queryWithNoVisibleKey() {
        FMatrixRMaj queries = new FMatrixRMaj(new float[][] {{0.2f, 0.8f}, {1f, 2f}});
        FMatrixRMaj mask = new FMatrixRMaj(new float[][] {{0f, MASKED, MASKED}, {MASKED, MASKED, MASKED}});

        IllegalArgumentException error = rejection(
                () -> Attention.scaledDotProduct(queries, NOTEBOOK_KEYS, NOTEBOOK_VALUES, mask));

        assertThat(error).hasMessageContaining("row 1");
    }

    @Test
    @DisplayName("a NaN in a key is rejected, naming the score's row and column")
    void nanKey() {
        FMatrixRMaj keys = NOTEBOOK_KEYS.copy();
        keys.set(1, 0, Float.NaN);

        IllegalArgumentException error = rejection(
                () -> Attention.scaledDotProduct(NOTEBOOK_QUERY, keys, NOTEBOOK_VALUES, null));

        assertThat(error).hasMessageContaining("row 0, column 1");
    }

    @Test
    @DisplayName("a NaN value is rejected, naming its row and column")
    void nanValue() {
        FMatrixRMaj values = NOTEBOOK_VALUES.copy();
        values.set(2, 0, Float.NaN);

        IllegalArgumentException error = rejection(
                () -> Attention.scaledDotProduct(NOTEBOOK_QUERY, NOTEBOOK_KEYS, values, null));

        assertThat(error).hasMessageContaining("row 2, column 0");
    }

    @Test
    @DisplayName("property: each output lies within the range of the values, column by column (200 cases)")
    void outputWithinValueRange() {
        qt(EXAMPLES).forAll(inputs()).checkAssert(c -> {
            FMatrixRMaj output = Attention.scaledDotProduct(c.queries(), c.keys(), c.values(), c.mask());

            for (int col = 0; col < c.values().numCols; col++) {
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < c.values().numRows; j++) {
                    min = Math.min(min, c.values().get(j, col));
                    max = Math.max(max, c.values().get(j, col));
                }
                for (int i = 0; i < output.numRows; i++) {
                    assertThat(output.get(i, col)).as("output[%d][%d]", i, col)
                            .isBetween(min - PROPERTY_TOLERANCE, max + PROPERTY_TOLERANCE);
                }
            }
        });
    }

    @Test
    @DisplayName("property: permuting the keys together with their values changes nothing (200 cases)")
    void keyOrderIrrelevant() {
        Gen<PermutedInput> permutedInputs = inputs().flatMap(input ->
                permutations(input.keys().numRows).map(permutation -> new PermutedInput(input, permutation)));

        qt(EXAMPLES).forAll(permutedInputs).checkAssert(permuted -> {
            AttentionInput c = permuted.input();
            int[] permutation = permuted.permutation();

            FMatrixRMaj output = Attention.scaledDotProduct(c.queries(), c.keys(), c.values(), c.mask());
            FMatrixRMaj permutedOutput = Attention.scaledDotProduct(c.queries(),
                    permuteRows(c.keys(), permutation), permuteRows(c.values(), permutation),
                    permuteColumns(c.mask(), permutation));

            assertClose("output with keys permuted", output, permutedOutput, PROPERTY_TOLERANCE);
        });
    }

    /** One generated attention input: every query sees at least one key. */
    record AttentionInput(FMatrixRMaj queries, FMatrixRMaj keys, FMatrixRMaj values, FMatrixRMaj mask) {
    }

    /** An attention input and a permutation of its keys. */
    record PermutedInput(AttentionInput input, int[] permutation) {
        @Override
        public String toString() {
            return input + "\npermutation of the keys: " + Arrays.toString(permutation);
        }
    }

    /**
     * Generates 1 to 4 queries over 1 to 6 keys, head size 1 to 4, value width 1 to 3, queries
     * and keys in [-3, 3], values in [-10, 10], and a mask built by hand.
     */
    private static Gen<AttentionInput> inputs() {
        Gen<Integer> nQueries = integers().between(1, 4);
        Gen<Integer> nKeys = integers().between(1, 6);
        Gen<Integer> headSize = integers().between(1, 4);
        Gen<Integer> valueWidth = integers().between(1, 3);
        return nQueries.zip(nKeys, headSize, valueWidth, Shape::new).flatMap(shape ->
                matrices(shape.nQueries(), shape.headSize(), -3f, 3f).zip(
                        matrices(shape.nKeys(), shape.headSize(), -3f, 3f),
                        matrices(shape.nKeys(), shape.valueWidth(), -10f, 10f),
                        masks(shape.nQueries(), shape.nKeys()),
                        AttentionInput::new));
    }

    private record Shape(int nQueries, int nKeys, int headSize, int valueWidth) {
    }
}
