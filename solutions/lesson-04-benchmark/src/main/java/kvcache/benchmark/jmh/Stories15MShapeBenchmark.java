package kvcache.benchmark.jmh;

import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link GenerationBenchmark} on random weights with the shape of llama2.c's stories15M: dim 288,
 * hidden 768, 6 layers, 6 heads, 6 key/value heads, vocabulary 32000, context 256, classifier
 * shared with the embedding. Random weights cost exactly as much as trained ones, and need no
 * download.
 */
public class Stories15MShapeBenchmark extends GenerationBenchmark {

    /** The shape of stories15M.bin. */
    public static final ModelConfig STORIES_15M_SHAPE = ModelConfig.builder()
            .dim(288).hiddenDim(768).nLayers(6).nHeads(6).nKvHeads(6).vocabSize(32000).seqLen(256).build();

    /** The seed of the random weights. */
    public static final long SEED = 15L;

    /** The number of tokens to generate, up to the context of 256. */
    @Param({"32", "64", "128", "256"})
    public int length;

    private ModelWeights weights;

    /** Creates the random weights once per fork. */
    @Setup
    public void create() {
        weights = ModelWeights.random(STORIES_15M_SHAPE, SEED);
    }

    @Override
    protected ModelWeights weights() {
        return weights;
    }

    @Override
    protected int length() {
        return length;
    }
}
