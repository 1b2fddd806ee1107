package kvcache.attention;

import static kvcache.attention.TestMatrices.MASKED;
import static kvcache.attention.TestMatrices.assertSameEntries;
import static kvcache.attention.TestMatrices.matrices;
import static kvcache.attention.TestMatrices.rejection;
import static kvcache.attention.TestMatrices.rowOf;
import static kvcache.kit.testing.FloatAssertions.assertClose;
import static kvcache.kit.testing.PropertyTests.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

@DisplayName("1.3 Causal mask with an offset")
class CausalMaskTest {

    /**
     * For a key or value change that a query cannot see: its weight is exactly 0 and every other
     * term of that query's sums is computed in the same order, so the output row is identical.
     */
    private static final float EXACT = 0f;

    /** For the same query row computed inside two differently sized batches of queries. */
    private static final float TOLERANCE = 1e-6f;

    private static final int EXAMPLES = 200;

    private static final float O = 0f;
    private static final float X = MASKED;

    @Test
    @DisplayName("offset 0 with as many keys as queries is lower-triangular")
    void lowerTriangular() {
        FMatrixRMaj mask = CausalMask.create(3, 3, 0);

        assertSameEntries("mask", new FMatrixRMaj(new float[][] {
            {O, X, X},
            {O, O, X},
            {O, O, O},
        }), mask);
    }

    @Test
    @DisplayName("two queries at positions 2 and 3 see keys 0..2 and 0..3")
    void offsetTwo() {
        FMatrixRMaj mask = CausalMask.create(2, 4, 2);

        assertSameEntries("mask", new FMatrixRMaj(new float[][] {
            {O, O, O, X},
            {O, O, O, O},
        }), mask);
    }

    @Test
    @DisplayName("one query after three cached positions (a decode step) sees all four keys")
    void decodeStep() {
        FMatrixRMaj mask = CausalMask.create(1, 4, 3);

        assertSameEntries("mask", new FMatrixRMaj(new float[][] {
            {O, O, O, O},
        }), mask);
    }

    @Test
    @DisplayName("keys after the last query are masked for every query")
    void futureKeys() {
        FMatrixRMaj mask = CausalMask.create(2, 5, 1);

        assertSameEntries("mask", new FMatrixRMaj(new float[][] {
            {O, O, X, X, X},
            {O, O, O, X, X},
        }), mask);
    }

    @Test
    @DisplayName("zero queries are rejected, naming the count")
    void noQueries() {
        IllegalArgumentException error = rejection(() -> CausalMask.create(0, 3, 0));

        assertThat(error).hasMessageContaining("queryCount 0");
    }

    @Test
    @DisplayName("a negative offset is rejected, naming it")
    void negativeOffset() {
        IllegalArgumentException error = rejection(() -> CausalMask.create(1, 3, -1));

        assertThat(error).hasMessageContaining("offset -1");
    }

    @Test
    @DisplayName("too few keys for the last query are rejected, naming the count and the minimum")
    void tooFewKeys() {
        IllegalArgumentException error = rejection(() -> CausalMask.create(3, 4, 2));

        assertThat(error).hasMessageContaining("keyCount 4");
        assertThat(error).hasMessageContaining("at least offset + queryCount = 5");
    }

    @Test
    @DisplayName("property: entry [i][j] is 0 exactly when j <= offset + i, else -Infinity (200 cases)")
    void entryRule() {
        Gen<Integer> queryCounts = integers().between(1, 6);
        Gen<Integer> offsets = integers().between(0, 6);
        Gen<Integer> extraKeys = integers().between(0, 4);

        qt(EXAMPLES).forAll(queryCounts, offsets, extraKeys).checkAssert((queryCount, offset, extra) -> {
            int keyCount = offset + queryCount + extra;

            FMatrixRMaj mask = CausalMask.create(queryCount, keyCount, offset);

            assertThat(mask.numRows).as("rows").isEqualTo(queryCount);
            assertThat(mask.numCols).as("columns").isEqualTo(keyCount);
            for (int i = 0; i < queryCount; i++) {
                for (int j = 0; j < keyCount; j++) {
                    float expected = j <= offset + i ? O : X;
                    assertThat(mask.get(i, j)).as("mask[%d][%d] with offset %d", i, j, offset).isEqualTo(expected);
                }
            }
        });
    }

    @Test
    @DisplayName("property: changing a key or value after a query's position leaves its output unchanged (200 cases)")
    void futureChangesInvisible() {
        qt(EXAMPLES).forAll(futureChanges()).checkAssert(c -> {
            int queryCount = c.queries().numRows;
            Overwrite overwrite = c.overwrite();
            FMatrixRMaj mask = CausalMask.create(queryCount, c.keys().numRows, c.offset());
            FMatrixRMaj changedKeys = c.keys().copy();
            FMatrixRMaj changedValues = c.values().copy();
            if (overwrite.change() != Change.VALUE) {
                CommonOps_FDRM.insert(overwrite.key(), changedKeys, overwrite.position(), 0);
            }
            if (overwrite.change() != Change.KEY) {
                CommonOps_FDRM.insert(overwrite.value(), changedValues, overwrite.position(), 0);
            }

            FMatrixRMaj before = Attention.scaledDotProduct(c.queries(), c.keys(), c.values(), mask);
            FMatrixRMaj after = Attention.scaledDotProduct(c.queries(), changedKeys, changedValues, mask);

            // Query i sits at position offset + i, so queries 0 .. position - offset - 1 come
            // before the change. The generator makes that at least query 0.
            int queriesBefore = Math.min(queryCount, overwrite.position() - c.offset());
            for (int i = 0; i < queriesBefore; i++) {
                assertClose("output row " + i + " (position " + (c.offset() + i) + ")",
                        rowOf(before, i), rowOf(after, i), EXACT);
            }
        });
    }

    @Test
    @DisplayName("property: queries at an offset give the same rows as the full causal attention (200 cases)")
    void offsetBlockMatchesFull() {
        qt(EXAMPLES).forAll(blocks()).checkAssert(c -> {
            int positions = c.queries().numRows;
            int offset = c.offset();
            int blockSize = positions - offset;
            FMatrixRMaj lastQueries = CommonOps_FDRM.extract(c.queries(), offset, positions, 0, c.queries().numCols);

            FMatrixRMaj block = Attention.scaledDotProduct(lastQueries, c.keys(), c.values(),
                    CausalMask.create(blockSize, positions, offset));
            FMatrixRMaj full = Attention.scaledDotProduct(c.queries(), c.keys(), c.values(),
                    CausalMask.create(positions, positions, 0));

            for (int i = 0; i < blockSize; i++) {
                assertClose("row " + i + " of the block at offset " + offset + " vs. row " + (offset + i) + " of the full",
                        rowOf(full, offset + i), rowOf(block, i), TOLERANCE);
            }
        });
    }

    /** Which rows {@link #futureChangesInvisible} overwrites at the changed position. */
    enum Change {
        KEY, VALUE, BOTH
    }

    /** A new key and value for one position, and which of the two to write there. */
    record Overwrite(int position, Change change, FMatrixRMaj key, FMatrixRMaj value) {
    }

    /** A block of queries starting at {@code offset}, keys and values for every position, and an overwrite. */
    record FutureChange(FMatrixRMaj queries, FMatrixRMaj keys, FMatrixRMaj values, int offset, Overwrite overwrite) {
    }

    /** Queries, keys and values at positions 0 .. n - 1, and the offset of a block of the last queries. */
    record Positions(FMatrixRMaj queries, FMatrixRMaj keys, FMatrixRMaj values, int offset) {
    }

    private record Shape(int queryCount, int offset, int extraKeys, int headSize) {
        int keyCount() {
            return offset + queryCount + extraKeys;
        }
    }

    private record Size(int positions, int headSize) {
    }

    /**
     * Generates 1 to 4 queries at offset 0 to 4, followed by 0 to 3 keys after the last query,
     * with at least one position after the first query so that some key lies in its future.
     */
    private static Gen<FutureChange> futureChanges() {
        Gen<Shape> shapes = integers().between(1, 4).zip(integers().between(0, 4), integers().between(0, 3),
                integers().between(1, 3), Shape::new).assuming(shape -> shape.queryCount() + shape.extraKeys() >= 2);
        return shapes.flatMap(shape -> {
            int keyCount = shape.keyCount();
            int d = shape.headSize();
            Gen<Overwrite> overwrites = integers().between(shape.offset() + 1, keyCount - 1).zip(
                    Generate.enumValues(Change.class), matrices(1, d, -3f, 3f), matrices(1, d, -10f, 10f),
                    Overwrite::new);
            return matrices(shape.queryCount(), d, -3f, 3f).zip(matrices(keyCount, d, -3f, 3f),
                    matrices(keyCount, d, -10f, 10f), overwrites,
                    (queries, keys, values, overwrite) ->
                            new FutureChange(queries, keys, values, shape.offset(), overwrite));
        });
    }

    /** Generates 1 to 6 positions with head size 1 to 3 and an offset inside them. */
    private static Gen<Positions> blocks() {
        return integers().between(1, 6).zip(integers().between(1, 3), Size::new).flatMap(size -> {
            int n = size.positions();
            int d = size.headSize();
            return matrices(n, d, -3f, 3f).zip(matrices(n, d, -3f, 3f), matrices(n, d, -10f, 10f),
                    integers().between(0, n - 1), Positions::new);
        });
    }
}
