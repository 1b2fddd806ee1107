package kvcache.kit.model;

import java.util.Random;
import org.ejml.data.FMatrixRMaj;

/**
 * The weights of a Llama-style decoder, laid out as in a llama2.c checkpoint.
 *
 * <p>Every matrix is an EJML {@link FMatrixRMaj}, row-major, with the output dimension first: a
 * (rows, cols) weight maps a {@code cols}-vector to a {@code rows}-vector as
 * {@code out[i] = sum_j W[i][j] * in[j]}, with {@code W[i][j] = W.data[i * cols + j]}. For a
 * batch of inputs stored one per row in {@code X} (n, cols), the outputs are
 * {@code X W^T} (n, rows), which {@code CommonOps_FDRM.multTransB(X, W, out)} computes.
 *
 * <p>Instances come from {@link Checkpoint#read} or {@link #random}. The accessors return the
 * stored arrays themselves, not copies, so that a forward pass reads them without copying:
 * callers must not modify them. Layer indexes run from 0 to {@code config().nLayers() - 1}.
 */
public final class ModelWeights {

    private final ModelConfig config;
    private final FMatrixRMaj tokenEmbedding;
    private final float[][] rmsAttention;
    private final FMatrixRMaj[] wq;
    private final FMatrixRMaj[] wk;
    private final FMatrixRMaj[] wv;
    private final FMatrixRMaj[] wo;
    private final float[][] rmsFeedForward;
    private final FMatrixRMaj[] w1;
    private final FMatrixRMaj[] w2;
    private final FMatrixRMaj[] w3;
    private final float[] rmsFinal;
    private final FMatrixRMaj classifier;

    /** Allocates zero weights of the shapes {@code config} gives; the package fills them in. */
    ModelWeights(ModelConfig config) {
        this.config = config;
        int dim = config.dim();
        int kvDim = config.kvDim();
        int hidden = config.hiddenDim();
        int layers = config.nLayers();

        tokenEmbedding = new FMatrixRMaj(config.vocabSize(), dim);
        rmsAttention = new float[layers][dim];
        wq = new FMatrixRMaj[layers];
        wk = new FMatrixRMaj[layers];
        wv = new FMatrixRMaj[layers];
        wo = new FMatrixRMaj[layers];
        rmsFeedForward = new float[layers][dim];
        w1 = new FMatrixRMaj[layers];
        w2 = new FMatrixRMaj[layers];
        w3 = new FMatrixRMaj[layers];
        for (int layer = 0; layer < layers; layer++) {
            wq[layer] = new FMatrixRMaj(dim, dim);
            wk[layer] = new FMatrixRMaj(kvDim, dim);
            wv[layer] = new FMatrixRMaj(kvDim, dim);
            wo[layer] = new FMatrixRMaj(dim, dim);
            w1[layer] = new FMatrixRMaj(hidden, dim);
            w2[layer] = new FMatrixRMaj(dim, hidden);
            w3[layer] = new FMatrixRMaj(hidden, dim);
        }
        rmsFinal = new float[dim];
        classifier = config.sharedClassifier() ? tokenEmbedding : new FMatrixRMaj(config.vocabSize(), dim);
    }

    /**
     * Creates weights drawn from a seeded generator, for tests and demos.
     *
     * <p>Each matrix entry is a standard normal sample times {@code 1 / sqrt(fan_in)}, where
     * {@code fan_in} is the number of columns, so that a product keeps its input's scale; the
     * token embedding is scaled by {@code 1 / sqrt(dim)} as well. RMSNorm weights are
     * {@code 1 + 0.1 * normal}. The same config and seed give the same weights on every JVM,
     * because {@link Random} has a specified algorithm. Values are drawn in checkpoint order.
     *
     * @param config the shapes
     * @param seed the seed of the generator
     */
    public static ModelWeights random(ModelConfig config, long seed) {
        ModelWeights weights = new ModelWeights(config);
        Random random = new Random(seed);
        fillScaledNormal(weights.tokenEmbedding, random);
        for (int layer = 0; layer < config.nLayers(); layer++) {
            fillNearOne(weights.rmsAttention[layer], random);
            fillScaledNormal(weights.wq[layer], random);
            fillScaledNormal(weights.wk[layer], random);
            fillScaledNormal(weights.wv[layer], random);
            fillScaledNormal(weights.wo[layer], random);
            fillNearOne(weights.rmsFeedForward[layer], random);
            fillScaledNormal(weights.w1[layer], random);
            fillScaledNormal(weights.w2[layer], random);
            fillScaledNormal(weights.w3[layer], random);
        }
        fillNearOne(weights.rmsFinal, random);
        if (!config.sharedClassifier()) {
            fillScaledNormal(weights.classifier, random);
        }
        return weights;
    }

    private static void fillScaledNormal(FMatrixRMaj matrix, Random random) {
        double scale = 1.0 / Math.sqrt(matrix.numCols);
        for (int i = 0; i < matrix.data.length; i++) {
            matrix.data[i] = (float) (random.nextGaussian() * scale);
        }
    }

    private static void fillNearOne(float[] vector, Random random) {
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (1.0 + 0.1 * random.nextGaussian());
        }
    }

    /** Returns the config these weights were made for. */
    public ModelConfig config() {
        return config;
    }

    /** Returns the token embedding table (vocab, dim): row {@code t} is the embedding of token {@code t}. Do not modify. */
    public FMatrixRMaj tokenEmbedding() {
        return tokenEmbedding;
    }

    /** Returns the RMSNorm weight before attention, {@code float[dim]}. Do not modify. */
    public float[] rmsAttention(int layer) {
        return rmsAttention[checkLayer(layer)];
    }

    /** Returns the query projection (dim, dim). Do not modify. */
    public FMatrixRMaj wq(int layer) {
        return wq[checkLayer(layer)];
    }

    /** Returns the key projection (kvDim, dim). Do not modify. */
    public FMatrixRMaj wk(int layer) {
        return wk[checkLayer(layer)];
    }

    /** Returns the value projection (kvDim, dim). Do not modify. */
    public FMatrixRMaj wv(int layer) {
        return wv[checkLayer(layer)];
    }

    /** Returns the attention output projection (dim, dim). Do not modify. */
    public FMatrixRMaj wo(int layer) {
        return wo[checkLayer(layer)];
    }

    /** Returns the RMSNorm weight before the feed-forward block, {@code float[dim]}. Do not modify. */
    public float[] rmsFeedForward(int layer) {
        return rmsFeedForward[checkLayer(layer)];
    }

    /** Returns the feed-forward gate projection (hiddenDim, dim), the input of SiLU. Do not modify. */
    public FMatrixRMaj w1(int layer) {
        return w1[checkLayer(layer)];
    }

    /** Returns the feed-forward down projection (dim, hiddenDim). Do not modify. */
    public FMatrixRMaj w2(int layer) {
        return w2[checkLayer(layer)];
    }

    /** Returns the feed-forward up projection (hiddenDim, dim), multiplied into the gate. Do not modify. */
    public FMatrixRMaj w3(int layer) {
        return w3[checkLayer(layer)];
    }

    /** Returns the final RMSNorm weight, {@code float[dim]}. Do not modify. */
    public float[] rmsFinal() {
        return rmsFinal;
    }

    /**
     * Returns the classifier (vocab, dim) that maps the final hidden state to logits; it is the
     * same object as {@link #tokenEmbedding()} when {@code config().sharedClassifier()}. Do not modify.
     */
    public FMatrixRMaj classifier() {
        return classifier;
    }

    private int checkLayer(int layer) {
        if (layer < 0 || layer >= config.nLayers()) {
            throw new IllegalArgumentException("Invalid layer " + layer + ": the model has layers 0 to "
                    + (config.nLayers() - 1));
        }
        return layer;
    }
}
