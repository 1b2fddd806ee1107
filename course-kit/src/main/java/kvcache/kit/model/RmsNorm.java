package kvcache.kit.model;

import org.ejml.data.FMatrixRMaj;

/**
 * RMSNorm as llama2.c computes it: {@code out[j] = weight[j] * (x[j] / sqrt(mean(x^2) + 1e-5))}.
 *
 * <p>The sums run in float, in index order, as in llama2.c's {@code run.c}.
 */
public final class RmsNorm {

    /** The epsilon added to the mean square before the square root. */
    public static final float EPSILON = 1e-5f;

    private RmsNorm() {
    }

    /**
     * Normalizes {@code x} into {@code out}, which may be {@code x} itself.
     *
     * @param x the input vector; not modified unless it is {@code out}
     * @param weight the per-element weight, same length as {@code x}; not modified
     * @param out receives the result, same length as {@code x}
     * @throws IllegalArgumentException if the lengths differ
     */
    public static void apply(float[] x, float[] weight, float[] out) {
        throw new UnsupportedOperationException("not written yet");
    }

    /** Returns a new vector: {@link #apply(float[], float[], float[])} into a fresh array. */
    public static float[] apply(float[] x, float[] weight) {
        throw new UnsupportedOperationException("not written yet");
    }

    /**
     * Returns a new (rows, cols) matrix whose row {@code r} is the RMSNorm of row {@code r} of {@code x}.
     *
     * @param x (rows, cols); not modified
     * @param weight {@code float[cols]}; not modified
     * @throws IllegalArgumentException if {@code weight.length != x.numCols}
     */
    public static FMatrixRMaj applyRows(FMatrixRMaj x, float[] weight) {
        throw new UnsupportedOperationException("not written yet");
    }
}
