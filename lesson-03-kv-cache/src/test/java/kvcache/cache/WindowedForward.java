package kvcache.cache;

import kvcache.attention.MultiHeadAttention;
import kvcache.kit.model.FeedForward;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.RmsNorm;
import kvcache.nocache.Rope;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The reference for the sliding-window exercise: the full forward pass of lesson 2 with a
 * window-limited causal mask, where query {@code i} sees key {@code j} only when
 * {@code i - window < j <= i}. Given code, written for the test; it accepts sequences longer
 * than {@code seqLen}, as a sliding window does.
 */
final class WindowedForward {

    private WindowedForward() {
    }

    /** Returns the (n, vocab) logits of every position under a window of {@code window} positions. */
    static FMatrixRMaj logits(ModelWeights weights, int[] tokens, int window) {
        ModelConfig config = weights.config();
        int n = tokens.length;
        int dim = config.dim();

        FMatrixRMaj x = new FMatrixRMaj(n, dim);
        for (int i = 0; i < n; i++) {
            System.arraycopy(weights.tokenEmbedding().data, tokens[i] * dim, x.data, i * dim, dim);
        }

        // 0 where query i may see key j, that is i - window < j <= i, and -Infinity elsewhere.
        FMatrixRMaj mask = new FMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                mask.set(i, j, j <= i && j > i - window ? 0f : Float.NEGATIVE_INFINITY);
            }
        }

        for (int layer = 0; layer < config.nLayers(); layer++) {
            FMatrixRMaj xb = RmsNorm.applyRows(x, weights.rmsAttention(layer));
            FMatrixRMaj q = project(xb, weights.wq(layer));
            FMatrixRMaj k = project(xb, weights.wk(layer));
            FMatrixRMaj v = project(xb, weights.wv(layer));
            Rope.rotateInPlace(q, config.headSize(), 0);
            Rope.rotateInPlace(k, config.headSize(), 0);

            FMatrixRMaj attention = MultiHeadAttention.attend(q, k, v, config.nHeads(), config.nKvHeads(), mask);
            CommonOps_FDRM.addEquals(x, project(attention, weights.wo(layer)));

            FMatrixRMaj normalized = RmsNorm.applyRows(x, weights.rmsFeedForward(layer));
            CommonOps_FDRM.addEquals(x, FeedForward.applyRows(weights, layer, normalized));
        }
        return project(RmsNorm.applyRows(x, weights.rmsFinal()), weights.classifier());
    }

    private static FMatrixRMaj project(FMatrixRMaj x, FMatrixRMaj w) {
        FMatrixRMaj out = new FMatrixRMaj(x.numRows, w.numRows);
        CommonOps_FDRM.multTransB(x, w, out);
        return out;
    }
}
