package kvcache.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.floats;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.ejml.data.FMatrixRMaj;
import org.quicktheories.core.Gen;

/** Matrix literals, generators and checks shared by the lesson 1 tests. */
final class TestMatrices {

    static final float MASKED = Float.NEGATIVE_INFINITY;

    private TestMatrices() {
    }

    /** Creates a (1, n) matrix: one query, key or value row. */
    static FMatrixRMaj row(float... values) {
        return new FMatrixRMaj(new float[][] {values});
    }

    /** Generates (rows, cols) matrices with entries drawn from {@code [min, max]}. */
    static Gen<FMatrixRMaj> matrices(int rows, int cols, float min, float max) {
        return lists().of(floats().between(min, max)).ofSize(rows * cols).map(entries -> {
            FMatrixRMaj matrix = new PrintedMatrix(rows, cols);
            for (int i = 0; i < entries.size(); i++) {
                matrix.data[i] = entries.get(i);
            }
            return matrix;
        });
    }

    /**
     * Generates (rows, cols) additive masks of 0 and -Infinity in which every row has at least
     * one 0, so that every query sees at least one key.
     */
    static Gen<FMatrixRMaj> masks(int rows, int cols) {
        Gen<List<Boolean>> hidden = lists().of(booleans().all()).ofSize(rows * cols);
        Gen<List<Integer>> alwaysVisible = lists().of(integers().between(0, cols - 1)).ofSize(rows);
        return hidden.zip(alwaysVisible, (hide, visible) -> {
            FMatrixRMaj mask = new PrintedMatrix(rows, cols);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    boolean masked = hide.get(i * cols + j) && j != visible.get(i);
                    mask.set(i, j, masked ? MASKED : 0f);
                }
            }
            return mask;
        });
    }

    /** Generates permutations of {@code 0 .. n - 1}: element {@code i} is the old index of new position {@code i}. */
    static Gen<int[]> permutations(int n) {
        return longs().all().map(seed -> {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(seed));
            return order.stream().mapToInt(Integer::intValue).toArray();
        });
    }

    /** Returns a new matrix whose row {@code i} is row {@code permutation[i]} of {@code matrix}. */
    static FMatrixRMaj permuteRows(FMatrixRMaj matrix, int[] permutation) {
        FMatrixRMaj permuted = new FMatrixRMaj(matrix.numRows, matrix.numCols);
        for (int i = 0; i < matrix.numRows; i++) {
            for (int c = 0; c < matrix.numCols; c++) {
                permuted.set(i, c, matrix.get(permutation[i], c));
            }
        }
        return permuted;
    }

    /** Returns a new matrix whose column {@code j} is column {@code permutation[j]} of {@code matrix}. */
    static FMatrixRMaj permuteColumns(FMatrixRMaj matrix, int[] permutation) {
        FMatrixRMaj permuted = new FMatrixRMaj(matrix.numRows, matrix.numCols);
        for (int r = 0; r < matrix.numRows; r++) {
            for (int j = 0; j < matrix.numCols; j++) {
                permuted.set(r, j, matrix.get(r, permutation[j]));
            }
        }
        return permuted;
    }

    /** Returns row {@code r} of a matrix as a new array. */
    static float[] rowOf(FMatrixRMaj matrix, int r) {
        float[] row = new float[matrix.numCols];
        System.arraycopy(matrix.data, r * matrix.numCols, row, 0, matrix.numCols);
        return row;
    }

    /**
     * Asserts that two matrices have the same shape and identical entries, -Infinity included.
     * Use it for masks: a tolerance check cannot compare -Infinity with itself, because the
     * difference of two infinities is NaN.
     */
    static void assertSameEntries(String label, FMatrixRMaj expected, FMatrixRMaj actual) {
        assertThat(actual.numRows).as("%s: number of rows", label).isEqualTo(expected.numRows);
        assertThat(actual.numCols).as("%s: number of columns", label).isEqualTo(expected.numCols);
        for (int i = 0; i < expected.numRows; i++) {
            for (int j = 0; j < expected.numCols; j++) {
                assertThat(actual.get(i, j)).as("%s[%d][%d]", label, i, j).isEqualTo(expected.get(i, j));
            }
        }
    }

    /**
     * Runs {@code call}, asserts that it throws an {@link IllegalArgumentException} and returns
     * that exception, so that the test can check its message.
     */
    static IllegalArgumentException rejection(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        return (IllegalArgumentException) thrown;
    }

    /**
     * A generated matrix that prints every entry in full, as in {@code [[0.5, -1.25], [3.0, 0.0]]},
     * so that the case a failing property reports can be copied into a test. EJML's own
     * {@code toString} rounds entries to five significant digits.
     */
    private static final class PrintedMatrix extends FMatrixRMaj {

        private static final long serialVersionUID = 1L;

        PrintedMatrix(int rows, int cols) {
            super(rows, cols);
        }

        @Override
        public String toString() {
            StringJoiner rows = new StringJoiner(", ", "[", "]");
            for (int r = 0; r < numRows; r++) {
                StringJoiner entries = new StringJoiner(", ", "[", "]");
                for (int c = 0; c < numCols; c++) {
                    entries.add(Float.toString(get(r, c)));
                }
                rows.add(entries.toString());
            }
            return rows.toString();
        }
    }
}
