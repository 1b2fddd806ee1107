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
        FMatrixRMaj row = FMatrixRMaj.wrap(1, x.length, x);
        return applyRows(weights, layer, row, counter).data;
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
        if (x.numCols != dim) {
            throw new IllegalArgumentException("Feed-forward input has " + x.numCols + " columns but the model's dim is "
                    + dim + "; pass the RMS-normalized residual stream, one position per row");
        }
        int n = x.numRows;

        // Gate and up projections: hb = x w1^T, hb2 = x w3^T, both (n, hidden).
        FMatrixRMaj hb = new FMatrixRMaj(n, hidden);
        FMatrixRMaj hb2 = new FMatrixRMaj(n, hidden);
        CommonOps_FDRM.multTransB(x, weights.w1(layer), hb);
        CommonOps_FDRM.multTransB(x, weights.w3(layer), hb2);

        // SwiGLU: hb = silu(hb) * hb2, element-wise, (n, hidden).
        for (int i = 0; i < hb.data.length; i++) {
            float value = hb.data[i];
            value *= 1f / (1f + (float) Math.exp(-value));
            hb.data[i] = value * hb2.data[i];
        }

        // Down projection: out = hb w2^T, (n, dim).
        FMatrixRMaj out = new FMatrixRMaj(n, dim);
        CommonOps_FDRM.multTransB(hb, weights.w2(layer), out);

        counter.add(3L * n * dim * hidden);
        return out;
    }
}
