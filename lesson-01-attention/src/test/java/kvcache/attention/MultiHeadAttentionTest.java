package kvcache.attention;

import static kvcache.attention.TestMatrices.masks;
import static kvcache.attention.TestMatrices.matrices;
import static kvcache.attention.TestMatrices.rejection;
import static kvcache.attention.TestMatrices.row;
import static kvcache.kit.testing.FloatAssertions.assertClose;
import static kvcache.kit.testing.PropertyTests.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

// These tests build their masks by hand and never call CausalMask, so that they measure
// exercises 1.4 and 1.2 without 1.3.
@DisplayName("1.4 Grouped-query multi-head attention")
class MultiHeadAttentionTest {

    /**
     * For outputs checked against numbers computed in double precision. Entries go up to 30,
     * where float32 values are 1.9e-6 apart.
     */
    private static final float TOLERANCE = 1e-5f;

    /**
     * For two computations of the same head: the same Attention calls on the same numbers, so
     * only a different order of work could make them differ.
     */
    private static final float SAME_HEAD_TOLERANCE = 1e-6f;

    private static final int EXAMPLES = 200;

    // Expected numbers in this class were computed in double precision by a separate python3
    // script (standard library only): solutions/lesson-01-attention/python/expected_values.py.

    @Test
    @DisplayName("two query heads share one kv head (multi-query), each with its own output columns")
    void multiQuery() {
        // Head 0 is the notebook's query [0.2, 0.8], head 1 is [-1, 0]; one kv head, size 2.
        FMatrixRMaj queries = row(0.2f, 0.8f, -1f, 0f);
        FMatrixRMaj keys = new FMatrixRMaj(new float[][] {{0.1f, 0.2f}, {0.2f, 0.3f}, {0.3f, 0.4f}});
        FMatrixRMaj values = new FMatrixRMaj(new float[][] {{0.5f, 0.6f}, {0.7f, 0.8f}, {0.9f, 1.0f}});

        FMatrixRMaj output = MultiHeadAttention.attend(queries, keys, values, 2, 1, null);

        assertClose("output", row(0.709420242f, 0.809420242f, 0.690579758f, 0.790579758f), output, TOLERANCE);
    }

    @Test
    @DisplayName("query heads 0, 1 read kv head 0 and heads 2, 3 read kv head 1")
    void groupedHeads() {
        // Head size 1, so column c of keys and values is kv head c. The values of kv head 1 are
        // ten times those of kv head 0, so a head that reads the wrong kv head is far off.
        FMatrixRMaj queries = row(1f, -1f, 2f, 0.5f);
        FMatrixRMaj keys = new FMatrixRMaj(new float[][] {{1f, -1f}, {0f, 2f}});
        FMatrixRMaj values = new FMatrixRMaj(new float[][] {{1f, 10f}, {3f, 30f}});

        FMatrixRMaj output = MultiHeadAttention.attend(queries, keys, values, 4, 2, null);

        assertClose("output", row(1.537882843f, 2.462117157f, 29.950547537f, 26.351489524f), output, TOLERANCE);
    }

    @Test
    @DisplayName("a kv head count that does not divide the head count is rejected, naming both and the choices")
    void kvHeadsNotDividing() {
        IllegalArgumentException error = rejection(() -> MultiHeadAttention.attend(
                new FMatrixRMaj(1, 8), new FMatrixRMaj(2, 6), new FMatrixRMaj(2, 6), 4, 3, null));

        assertThat(error).hasMessageContaining("nKvHeads 3");
        assertThat(error).hasMessageContaining("nHeads = 4");
        assertThat(error).hasMessageContaining("1, 2, 4");
    }

    @Test
    @DisplayName("zero query heads are rejected")
    void noHeads() {
        IllegalArgumentException error = rejection(() -> MultiHeadAttention.attend(
                new FMatrixRMaj(1, 8), new FMatrixRMaj(2, 8), new FMatrixRMaj(2, 8), 0, 1, null));

        assertThat(error).hasMessageContaining("nHeads 0");
    }

    @Test
    @DisplayName("a query width that is not a multiple of the head count is rejected, naming both")
    void queryWidthNotMultiple() {
        IllegalArgumentException error = rejection(() -> MultiHeadAttention.attend(
                new FMatrixRMaj(1, 10), new FMatrixRMaj(2, 10), new FMatrixRMaj(2, 10), 4, 4, null));

        assertThat(error).hasMessageContaining("(1 x 10)");
        assertThat(error).hasMessageContaining("nHeads = 4");
    }

    @Test
    @DisplayName("keys whose width is not nKvHeads * headSize are rejected, naming the expected width")
    void keyWidthMismatch() {
        IllegalArgumentException error = rejection(() -> MultiHeadAttention.attend(
                new FMatrixRMaj(1, 16), new FMatrixRMaj(3, 6), new FMatrixRMaj(3, 8), 4, 2, null));

        assertThat(error).hasMessageContaining("(3 x 6)");
        assertThat(error).hasMessageContaining("2 * 4 = 8");
    }

    @Test
    @DisplayName("values whose width is not nKvHeads * headSize are rejected, naming the expected width")
    void valueWidthMismatch() {
        IllegalArgumentException error = rejection(() -> MultiHeadAttention.attend(
                new FMatrixRMaj(1, 16), new FMatrixRMaj(3, 8), new FMatrixRMaj(3, 12), 4, 2, null));

        assertThat(error).hasMessageContaining("(3 x 12)");
        assertThat(error).hasMessageContaining("2 * 4 = 8");
    }

    @Test
    @DisplayName("property: with nKvHeads == nHeads, equals plain multi-head attention head by head (200 cases)")
    void equalsPlainMultiHead() {
        qt(EXAMPLES).forAll(inputs(3, 1)).checkAssert(c -> {
            FMatrixRMaj output = MultiHeadAttention.attend(c.queries(), c.keys(), c.values(), c.nHeads(), c.nHeads(),
                    c.mask());

            assertClose("output", headByHead(c), output, SAME_HEAD_TOLERANCE);
        });
    }

    @Test
    @DisplayName("property: one head equals scaled dot-product attention (200 cases)")
    void oneHead() {
        qt(EXAMPLES).forAll(inputs(1, 1)).checkAssert(c -> {
            FMatrixRMaj output = MultiHeadAttention.attend(c.queries(), c.keys(), c.values(), 1, 1, c.mask());

            assertClose("output", Attention.scaledDotProduct(c.queries(), c.keys(), c.values(), c.mask()), output,
                    SAME_HEAD_TOLERANCE);
        });
    }

    @Test
    @DisplayName("property: GQA equals multi-head attention with each kv head repeated for its group (200 cases)")
    void equalsRepeatedKvHeads() {
        qt(EXAMPLES).forAll(inputs(3, 3)).checkAssert(c -> {
            int groupSize = c.nHeads() / c.nKvHeads();

            FMatrixRMaj output = MultiHeadAttention.attend(c.queries(), c.keys(), c.values(), c.nHeads(), c.nKvHeads(),
                    c.mask());
            FMatrixRMaj repeated = MultiHeadAttention.attend(c.queries(), repeatHeads(c.keys(), c.headSize(), groupSize),
                    repeatHeads(c.values(), c.headSize(), groupSize), c.nHeads(), c.nHeads(), c.mask());

            assertClose("output", repeated, output, SAME_HEAD_TOLERANCE);
        });
    }

    /** Plain multi-head attention written from exercise 1.2: head h of the queries reads head h of keys and values. */
    private static FMatrixRMaj headByHead(MultiHeadInput c) {
        int nQueries = c.queries().numRows;
        int nKeys = c.keys().numRows;
        int headSize = c.headSize();
        FMatrixRMaj output = new FMatrixRMaj(nQueries, c.nHeads() * headSize);
        for (int h = 0; h < c.nHeads(); h++) {
            int from = h * headSize;
            int to = from + headSize;
            FMatrixRMaj head = Attention.scaledDotProduct(
                    CommonOps_FDRM.extract(c.queries(), 0, nQueries, from, to),
                    CommonOps_FDRM.extract(c.keys(), 0, nKeys, from, to),
                    CommonOps_FDRM.extract(c.values(), 0, nKeys, from, to),
                    c.mask());
            CommonOps_FDRM.insert(head, output, 0, from);
        }
        return output;
    }

    /** Returns the heads of {@code matrix} side by side, each one {@code times} times in a row: [a b] becomes [a a b b]. */
    private static FMatrixRMaj repeatHeads(FMatrixRMaj matrix, int headSize, int times) {
        int nHeads = matrix.numCols / headSize;
        FMatrixRMaj repeated = new FMatrixRMaj(matrix.numRows, nHeads * times * headSize);
        for (int head = 0; head < nHeads; head++) {
            FMatrixRMaj columns = CommonOps_FDRM.extract(matrix, 0, matrix.numRows, head * headSize, (head + 1) * headSize);
            for (int copy = 0; copy < times; copy++) {
                CommonOps_FDRM.insert(columns, repeated, 0, (head * times + copy) * headSize);
            }
        }
        return repeated;
    }

    /** One generated input: keys and values have {@code nKvHeads} heads, queries {@code nHeads}. */
    record MultiHeadInput(FMatrixRMaj queries, FMatrixRMaj keys, FMatrixRMaj values, FMatrixRMaj mask, int nHeads,
            int nKvHeads, int headSize) {
    }

    private record Heads(int nKvHeads, int groupSize, int headSize) {
    }

    private record Lengths(int nQueries, int nKeys) {
    }

    /**
     * Generates 1 to {@code maxKvHeads} kv heads with groups of 1 to {@code maxGroupSize} query
     * heads, head size 1 to 3, 1 to 3 queries over 1 to 5 keys, entries in [-3, 3], and a mask
     * built by hand. With {@code maxGroupSize} 1 every input has {@code nKvHeads == nHeads}.
     */
    private static Gen<MultiHeadInput> inputs(int maxKvHeads, int maxGroupSize) {
        Gen<Heads> heads = integers().between(1, maxKvHeads).zip(integers().between(1, maxGroupSize),
                integers().between(1, 3), Heads::new);
        Gen<Lengths> lengths = integers().between(1, 3).zip(integers().between(1, 5), Lengths::new);
        return heads.flatMap(h -> lengths.flatMap(l -> {
            int nHeads = h.nKvHeads() * h.groupSize();
            int kvWidth = h.nKvHeads() * h.headSize();
            return matrices(l.nQueries(), nHeads * h.headSize(), -3f, 3f).zip(
                    matrices(l.nKeys(), kvWidth, -3f, 3f),
                    matrices(l.nKeys(), kvWidth, -3f, 3f),
                    masks(l.nQueries(), l.nKeys()),
                    (queries, keys, values, mask) -> new MultiHeadInput(queries, keys, values, mask, nHeads,
                            h.nKvHeads(), h.headSize()));
        }));
    }
}
