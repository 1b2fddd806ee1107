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
        if (weight.length != x.length || out.length != x.length) {
            throw new IllegalArgumentException("RMSNorm length mismatch: x has " + x.length + " elements, weight "
                    + weight.length + ", out " + out.length + "; all three must be equal");
        }
        normalize(x, 0, weight, out, 0);
    }

    /** Returns a new vector: {@link #apply(float[], float[], float[])} into a fresh array. */
    public static float[] apply(float[] x, float[] weight) {
        float[] out = new float[x.length];
        apply(x, weight, out);
        return out;
    }

    /**
     * Returns a new (rows, cols) matrix whose row {@code r} is the RMSNorm of row {@code r} of {@code x}.
     *
     * @param x (rows, cols); not modified
     * @param weight {@code float[cols]}; not modified
     * @throws IllegalArgumentException if {@code weight.length != x.numCols}
     */
    public static FMatrixRMaj applyRows(FMatrixRMaj x, float[] weight) {
        if (weight.length != x.numCols) {
            throw new IllegalArgumentException("RMSNorm weight has " + weight.length + " elements but the rows have "
                    + x.numCols + " columns; they must be equal");
        }
        FMatrixRMaj out = new FMatrixRMaj(x.numRows, x.numCols);
        for (int row = 0; row < x.numRows; row++) {
            normalize(x.data, row * x.numCols, weight, out.data, row * x.numCols);
        }
        return out;
    }

    /** Normalizes {@code weight.length} elements of {@code x} from {@code xOffset} into {@code out} from {@code outOffset}. */
    private static void normalize(float[] x, int xOffset, float[] weight, float[] out, int outOffset) {
        int size = weight.length;
        float sumOfSquares = 0f;
        for (int j = 0; j < size; j++) {
            float value = x[xOffset + j];
            sumOfSquares += value * value;
        }
        float inverseRms = 1f / (float) Math.sqrt(sumOfSquares / size + EPSILON);
        for (int j = 0; j < size; j++) {
            out[outOffset + j] = weight[j] * (inverseRms * x[xOffset + j]);
        }
    }
}
