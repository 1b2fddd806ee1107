package kvcache.nocache;

import static kvcache.kit.testing.Rejections.assertRejects;
import static kvcache.kit.testing.PropertyTests.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import kvcache.kit.testing.FloatAssertions;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("2.1 Rotary position embedding")
class RopeTest {

    /** Float rounding of values of size about 10 after one rotation. */
    private static final float TOLERANCE = 1e-5f;

    /** Float rounding of dot products of rotated vectors of size about 1 and 8 elements, at positions up to 1000. */
    private static final float DOT_TOLERANCE = 1e-3f;

    @Test
    @DisplayName("two rows of two heads at positions 5 and 6 match values computed by hand")
    void handComputedRows() {
        FMatrixRMaj rows = new FMatrixRMaj(new float[][] {
                {1, 2, 3, 4, 5, 6, 7, 8},
                {-1, 0.5f, 2, -3, 0.25f, 1, -2, 4}});

        Rope.rotateInPlace(rows, 4, 5);

        // Computed in double precision by solutions/lesson-02-no-cache/python/expected_values.py: pair i of a head at
        // position p is rotated by p / 10000^(2i/4), i.e. by p and by p / 100.
        FMatrixRMaj expected = new FMatrixRMaj(new float[][] {
                {2.2015107f, -0.3915999f, 2.7963341f, 4.1449385f, 7.1718566f, -3.0926483f, 6.5914185f, 8.3398563f},
                {-0.8204625f, 0.7595006f, 2.1762931f, -2.8746736f, 0.5194581f, 0.8903164f, -2.2362571f, 3.8728741f}});
        FloatAssertions.assertClose("rotated rows", expected, rows, TOLERANCE);
    }

    @Test
    @DisplayName("position 0 leaves the row unchanged")
    void positionZeroIsIdentity() {
        FMatrixRMaj rows = new FMatrixRMaj(new float[][] {{1, 2, 3, 4, 5, 6}});

        Rope.rotateInPlace(rows, 6, 0);

        FloatAssertions.assertClose("row at position 0", new float[] {1, 2, 3, 4, 5, 6}, rows.data, 0f);
    }

    @Test
    @DisplayName("a block starting at firstPosition equals the same rows inside a longer block from 0 (property)")
    void firstPositionOffsetsRows() {
        qt(100).forAll(integers().between(1, 4), integers().between(1, 3), integers().between(0, 50), longs().all())
                .checkAssert((halfHeadSize, heads, firstPosition, seed) -> {
                    int headSize = 2 * halfHeadSize;
                    FMatrixRMaj tail = randomRows(3, heads * headSize, seed);
                    FMatrixRMaj whole = new FMatrixRMaj(firstPosition + 3, heads * headSize);
                    System.arraycopy(tail.data, 0, whole.data, firstPosition * whole.numCols, tail.data.length);

                    Rope.rotateInPlace(tail, headSize, firstPosition);
                    Rope.rotateInPlace(whole, headSize, 0);

                    float[] wholeTail = new float[tail.data.length];
                    System.arraycopy(whole.data, firstPosition * whole.numCols, wholeTail, 0, wholeTail.length);
                    FloatAssertions.assertClose("rows from position " + firstPosition, wholeTail, tail.data, 0f);
                });
    }

    @Test
    @DisplayName("each pair keeps its length (property)")
    void pairLengthsKept() {
        qt(100).forAll(integers().between(1, 4), integers().between(0, 500), longs().all())
                .checkAssert((halfHeadSize, position, seed) -> {
                    int headSize = 2 * halfHeadSize;
                    FMatrixRMaj rows = randomRows(1, 2 * headSize, seed);
                    float[] before = rows.data.clone();

                    Rope.rotateInPlace(rows, headSize, position);

                    for (int c = 0; c < before.length; c += 2) {
                        float lengthBefore = (float) Math.hypot(before[c], before[c + 1]);
                        float lengthAfter = (float) Math.hypot(rows.data[c], rows.data[c + 1]);
                        assertThat(lengthAfter).as("length of pair at column %d", c)
                                .isCloseTo(lengthBefore, offset(TOLERANCE));
                    }
                });
    }

    @Test
    @DisplayName("q . k depends only on the distance between their positions (property)")
    void dotProductDependsOnDistance() {
        qt(100).forAll(integers().between(0, 500), integers().between(0, 500), integers().between(0, 500), longs().all())
                .checkAssert((queryPosition, keyPosition, shift, seed) -> {
                    FMatrixRMaj q = randomRows(1, 8, seed);
                    FMatrixRMaj k = randomRows(1, 8, seed + 1);
                    FMatrixRMaj qShifted = q.copy();
                    FMatrixRMaj kShifted = k.copy();

                    Rope.rotateInPlace(q, 8, queryPosition);
                    Rope.rotateInPlace(k, 8, keyPosition);
                    Rope.rotateInPlace(qShifted, 8, queryPosition + shift);
                    Rope.rotateInPlace(kShifted, 8, keyPosition + shift);

                    assertThat(dot(qShifted, kShifted)).as("q . k with both positions shifted by %d", shift)
                            .isCloseTo(dot(q, k), offset(DOT_TOLERANCE));
                });
    }

    @Test
    @DisplayName("keys of kvDim columns are rotated head by head like queries")
    void keysWithFewerHeads() {
        FMatrixRMaj queries = randomRows(2, 8, 7);
        FMatrixRMaj keys = new FMatrixRMaj(2, 4);
        for (int r = 0; r < 2; r++) {
            System.arraycopy(queries.data, r * 8, keys.data, r * 4, 4);
        }

        Rope.rotateInPlace(queries, 4, 3);
        Rope.rotateInPlace(keys, 4, 3);

        for (int r = 0; r < 2; r++) {
            float[] firstHead = new float[4];
            System.arraycopy(queries.data, r * 8, firstHead, 0, 4);
            float[] key = new float[4];
            System.arraycopy(keys.data, r * 4, key, 0, 4);
            FloatAssertions.assertClose("key row " + r, firstHead, key, 0f);
        }
    }

    @Test
    @DisplayName("an odd head size is rejected, naming it")
    void oddHeadSize() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> Rope.rotateInPlace(new FMatrixRMaj(1, 6), 3, 0)))
                .hasMessageContaining("3");
    }

    @Test
    @DisplayName("a head size that does not divide the columns is rejected, naming both")
    void headSizeNotDividingColumns() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> Rope.rotateInPlace(new FMatrixRMaj(1, 6), 4, 0)))
                .hasMessageContaining("4")
                .hasMessageContaining("6");
    }

    @Test
    @DisplayName("a negative first position is rejected, naming it")
    void negativeFirstPosition() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> Rope.rotateInPlace(new FMatrixRMaj(1, 4), 4, -2)))
                .hasMessageContaining("-2");
    }

    private static FMatrixRMaj randomRows(int rows, int cols, long seed) {
        Random random = new Random(seed);
        FMatrixRMaj matrix = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < matrix.data.length; i++) {
            matrix.data[i] = (float) random.nextGaussian();
        }
        return matrix;
    }

    private static float dot(FMatrixRMaj a, FMatrixRMaj b) {
        float sum = 0f;
        for (int i = 0; i < a.data.length; i++) {
            sum += a.data[i] * b.data[i];
        }
        return sum;
    }
}
