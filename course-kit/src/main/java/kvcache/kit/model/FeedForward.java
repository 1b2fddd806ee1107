package kvcache.kit.model;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The SwiGLU feed-forward block of a Llama layer: {@code w2 (silu(w1 x) * (w3 x))}, where
 * {@code silu(v) = v / (1 + exp(-v))} and {@code *} is element-wise.
 *
 * <p>Shapes: {@code x} is {@code float[dim]} (or one row of a (n, dim) matrix); {@code w1} and
 * {@code w3} are (hiddenDim, dim); {@code w2} is (dim, hiddenDim). The block performs
 * {@code 3 * dim * hiddenDim} multiply-adds per row; the counting overloads add exactly that.
 * It does not add the residual: the caller adds the output to its input.
 *
 * <p>The one-vector overloads use {@link MatrixVector}'s loops and the matrix overloads EJML's
 * batched products, so the two may differ by float rounding.
 */
public final class FeedForward {

    private FeedForward() {
    }

    /**
     * Returns a new {@code float[dim]}: the feed-forward output for one vector.
     *
     * @param weights the model; layer {@code layer}'s w1, w2, w3 are used
     * @param layer the layer index
     * @param x the RMS-normalized input, {@code float[dim]}; not modified
     * @throws IllegalArgumentException if {@code x.length != dim}
     */
    public static float[] apply(ModelWeights weights, int layer, float[] x) {
        return apply(weights, layer, x, new MultiplyAddCounter());
    }

    /** As {@link #apply(ModelWeights, int, float[])}, adding {@code 3 * dim * hiddenDim} to {@code counter}. */
    public static float[] apply(ModelWeights weights, int layer, float[] x, MultiplyAddCounter counter) {
        ModelConfig config = weights.config();
        int dim = config.dim();
        int hidden = config.hiddenDim();
        checkWidth(x.length, dim);

        // Gate and up projections: hb = w1 x, hb2 = w3 x, both (hidden).
        float[] hb = new float[hidden];
        float[] hb2 = new float[hidden];
        MatrixVector.multiply(weights.w1(layer), x, hb);
        MatrixVector.multiply(weights.w3(layer), x, hb2);

        // SwiGLU: hb = silu(hb) * hb2, element-wise, (hidden).
        swiGlu(hb, hb2);

        // Down projection: out = w2 hb, (dim).
        float[] out = new float[dim];
        MatrixVector.multiply(weights.w2(layer), hb, out);

        counter.add(3L * dim * hidden);
        return out;
    }

    /**
     * Returns a new (n, dim) matrix whose row {@code r} is the feed-forward output for row
     * {@code r} of {@code x}, computed with batched EJML products.
     *
     * @param x (n, dim), the RMS-normalized inputs one per row; not modified
     * @throws IllegalArgumentException if {@code x.numCols != dim}
     */
    public static FMatrixRMaj applyRows(ModelWeights weights, int layer, FMatrixRMaj x) {
        return applyRows(weights, layer, x, new MultiplyAddCounter());
    }

    /** As {@link #applyRows(ModelWeights, int, FMatrixRMaj)}, adding {@code 3 * n * dim * hiddenDim} to {@code counter}. */
    public static FMatrixRMaj applyRows(ModelWeights weights, int layer, FMatrixRMaj x, MultiplyAddCounter counter) {
        ModelConfig config = weights.config();
        int dim = config.dim();
        int hidden = config.hiddenDim();
        checkWidth(x.numCols, dim);
        int n = x.numRows;

        // Gate and up projections: hb = x w1^T, hb2 = x w3^T, both (n, hidden).
        FMatrixRMaj hb = new FMatrixRMaj(n, hidden);
        FMatrixRMaj hb2 = new FMatrixRMaj(n, hidden);
        CommonOps_FDRM.multTransB(x, weights.w1(layer), hb);
        CommonOps_FDRM.multTransB(x, weights.w3(layer), hb2);

        // SwiGLU: hb = silu(hb) * hb2, element-wise, (n, hidden).
        swiGlu(hb.data, hb2.data);

        // Down projection: out = hb w2^T, (n, dim).
        FMatrixRMaj out = new FMatrixRMaj(n, dim);
        CommonOps_FDRM.multTransB(hb, weights.w2(layer), out);

        counter.add(3L * n * dim * hidden);
        return out;
    }

    /** Replaces {@code hb[i]} with {@code silu(hb[i]) * hb2[i]}; {@code hb2} is not modified. */
    private static void swiGlu(float[] hb, float[] hb2) {
        for (int i = 0; i < hb.length; i++) {
            float value = hb[i];
            value *= 1f / (1f + (float) Math.exp(-value));
            hb[i] = value * hb2[i];
        }
    }

    private static void checkWidth(int width, int dim) {
        if (width != dim) {
            throw new IllegalArgumentException("Feed-forward input has width " + width + " but the model's dim is "
                    + dim + "; pass the RMS-normalized residual stream, dim values per position");
        }
    }
}
