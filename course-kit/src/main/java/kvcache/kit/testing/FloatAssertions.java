package kvcache.kit.testing;

import org.ejml.data.FMatrixRMaj;

/**
 * Element-wise comparisons of float vectors and matrices with an absolute tolerance.
 *
 * <p>A failure names the first cell that differs, both values, the difference and the
 * tolerance, e.g. {@code logits[3][17]: expected 1.2345 but was 1.2400 (|difference| 5.5e-3 >
 * tolerance 1.0e-4)}. NaN never compares as close to anything.
 */
public final class FloatAssertions {

    private FloatAssertions() {
    }

    /**
     * Asserts that two matrices have the same shape and that every cell differs by at most {@code tolerance}.
     *
     * @param name the name used in the failure message, e.g. {@code "logits"}
     */
    public static void assertClose(String name, FMatrixRMaj expected, FMatrixRMaj actual, float tolerance) {
        if (actual == null) {
            throw new AssertionError(name + ": expected a " + expected.numRows + " x " + expected.numCols
                    + " matrix but was null");
        }
        if (expected.numRows != actual.numRows || expected.numCols != actual.numCols) {
            throw new AssertionError(name + ": expected shape " + expected.numRows + " x " + expected.numCols
                    + " but was " + actual.numRows + " x " + actual.numCols);
        }
        for (int row = 0; row < expected.numRows; row++) {
            for (int col = 0; col < expected.numCols; col++) {
                check(name + "[" + row + "][" + col + "]", expected.get(row, col), actual.get(row, col), tolerance);
            }
        }
    }

    /**
     * Asserts that two vectors have the same length and that every element differs by at most {@code tolerance}.
     *
     * @param name the name used in the failure message, e.g. {@code "weights"}
     */
    public static void assertClose(String name, float[] expected, float[] actual, float tolerance) {
        if (actual == null) {
            throw new AssertionError(name + ": expected " + expected.length + " values but was null");
        }
        if (expected.length != actual.length) {
            throw new AssertionError(name + ": expected length " + expected.length + " but was " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            check(name + "[" + i + "]", expected[i], actual[i], tolerance);
        }
    }

    private static void check(String cell, float expected, float actual, float tolerance) {
        float difference = Math.abs(expected - actual);
        if (!(difference <= tolerance)) {
            throw new AssertionError(String.format("%s: expected %s but was %s (|difference| %.3e > tolerance %.1e)",
                    cell, expected, actual, difference, tolerance));
        }
    }
}
