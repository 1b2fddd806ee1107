package kvcache.benchmark;

import static kvcache.kit.testing.Rejections.assertRejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import kvcache.cache.CachedDecoder;
import kvcache.cache.KVCache;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.MultiplyAddCounter;
import kvcache.nocache.ForwardCost;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Exercise 4.1. The expected counts were computed term by term by
 * solutions/lesson-04-benchmark/python/expected_values.py; the tiny model's were also checked by
 * hand: per layer 2*4*4 + 2*2*4 + 3*8*4 = 144, classifier 10*4 = 40, attention 2*4*(p+1).
 */
@DisplayName("4.1 Cost model")
class CostModelTest {

    private static final double SPEEDUP_TOLERANCE = 1e-9;

    /** dim 4, hidden 8, 1 layer, 2 heads, 1 kv head (head size 2, kvDim 2), vocab 10, seqLen 8. */
    static final ModelConfig TINY = ModelConfig.builder()
            .dim(4).hiddenDim(8).nLayers(1).nHeads(2).nKvHeads(1).vocabSize(10).seqLen(8).build();

    /** The header of stories260K.bin. */
    static final ModelConfig STORIES_260K = ModelConfig.builder()
            .dim(64).hiddenDim(172).nLayers(5).nHeads(8).nKvHeads(4).vocabSize(512).seqLen(512).build();

    /** The header of llama2.c's stories15M.bin. */
    static final ModelConfig STORIES_15M = ModelConfig.builder()
            .dim(288).hiddenDim(768).nLayers(6).nHeads(6).nKvHeads(6).vocabSize(32000).seqLen(256).build();

    @Test
    @DisplayName("A cached step at position 0 attends over one position: 144 + 8 + 40 multiply-adds")
    void cachedStepAtZero() {
        assertThat(CostModel.stepWithCache(TINY, 0)).isEqualTo(192L);
    }

    @Test
    @DisplayName("A cached step grows by 2 * dim * nLayers per position, only through attention")
    void cachedStepAtLastPosition() {
        assertThat(CostModel.stepWithCache(TINY, 7)).isEqualTo(248L);
    }

    @Test
    @DisplayName("Cached steps of stories260K cost 259,968 at position 0 and 587,008 at position 511")
    void cachedStepStories260K() {
        assertThat(CostModel.stepWithCache(STORIES_260K, 0)).isEqualTo(259_968L);
        assertThat(CostModel.stepWithCache(STORIES_260K, 511)).isEqualTo(587_008L);
    }

    @Test
    @DisplayName("Cached steps of stories15M cost 15,191,424 at position 0 and 16,072,704 at position 255")
    void cachedStepStories15M() {
        assertThat(CostModel.stepWithCache(STORIES_15M, 0)).isEqualTo(15_191_424L);
        assertThat(CostModel.stepWithCache(STORIES_15M, 255)).isEqualTo(16_072_704L);
    }

    @Test
    @DisplayName("Without a cache, the step at position 0 costs the same as a cached one")
    void uncachedStepAtZero() {
        assertThat(CostModel.stepWithoutCache(TINY, 0)).isEqualTo(192L);
    }

    @Test
    @DisplayName("Without a cache, the step at position 3 redoes positions 0 to 3: 4 * 184 + 8 * (1+2+3+4)")
    void uncachedStepAtThree() {
        assertThat(CostModel.stepWithoutCache(TINY, 3)).isEqualTo(816L);
    }

    @Test
    @DisplayName("Uncached steps of stories260K cost 1,043,712 at position 3 and 216,825,856 at 511")
    void uncachedStepStories260K() {
        assertThat(CostModel.stepWithoutCache(STORIES_260K, 3)).isEqualTo(1_043_712L);
        assertThat(CostModel.stepWithoutCache(STORIES_260K, 511)).isEqualTo(216_825_856L);
    }

    @Test
    @DisplayName("An uncached step at t equals the sum of the cached steps 0..t")
    void uncachedStepIsSumOfCachedSteps() {
        for (int t = 0; t < TINY.seqLen(); t++) {
            long sum = 0;
            for (int p = 0; p <= t; p++) {
                sum += CostModel.stepWithCache(TINY, p);
            }
            assertThat(CostModel.stepWithoutCache(TINY, t)).as("position %d", t).isEqualTo(sum);
        }
    }

    @Test
    @DisplayName("An uncached step at t costs what lesson 2's full forward pass over t + 1 tokens costs")
    void uncachedStepIsLesson2FullForward() {
        for (int t = 0; t < TINY.seqLen(); t++) {
            assertThat(CostModel.stepWithoutCache(TINY, t)).as("position %d", t)
                    .isEqualTo(ForwardCost.multiplyAdds(TINY, t + 1));
        }
        assertThat(CostModel.stepWithoutCache(STORIES_260K, 511)).isEqualTo(ForwardCost.multiplyAdds(STORIES_260K, 512));
    }

    @Test
    @DisplayName("A cached step costs what lesson 3's decode step counts at the same position")
    void cachedStepIsLesson3DecodeStep() {
        ModelWeights weights = ModelWeights.random(TINY, 7L);
        KVCache cache = new KVCache(TINY);
        for (int t = 0; t < TINY.seqLen(); t++) {
            MultiplyAddCounter counter = new MultiplyAddCounter();
            CachedDecoder.step(weights, cache, 3, counter);

            assertThat(CostModel.stepWithCache(TINY, t)).as("position %d", t).isEqualTo(counter.count());
        }
    }

    @Test
    @DisplayName("Generating 8 positions of the tiny model costs 1,760 with a cache and 7,584 without")
    void generationTotalsTiny() {
        assertThat(CostModel.generationWithCache(TINY, 8)).isEqualTo(1_760L);
        assertThat(CostModel.generationWithoutCache(TINY, 8)).isEqualTo(7_584L);
    }

    @Test
    @DisplayName("Generating the whole context of stories260K costs 216,825,856 with a cache and 48,457,580,544 without")
    void generationTotalsStories260K() {
        assertThat(CostModel.generationWithCache(STORIES_260K, 512)).isEqualTo(216_825_856L);
        assertThat(CostModel.generationWithoutCache(STORIES_260K, 512)).isEqualTo(48_457_580_544L);
    }

    @Test
    @DisplayName("Generating one position costs the same with and without a cache")
    void generationOfOnePosition() {
        assertThat(CostModel.generationWithoutCache(STORIES_260K, 1))
                .isEqualTo(CostModel.generationWithCache(STORIES_260K, 1));
    }

    @Test
    @DisplayName("The predicted speedup is 1 for one position")
    void speedupOfOnePosition() {
        assertThat(CostModel.predictedSpeedup(STORIES_260K, 1)).isCloseTo(1.0, within(SPEEDUP_TOLERANCE));
    }

    @Test
    @DisplayName("The predicted speedup of stories260K is about 16 at 32 positions and 223 at 512")
    void speedupStories260K() {
        assertThat(CostModel.predictedSpeedup(STORIES_260K, 32)).isCloseTo(16.297842067821, within(SPEEDUP_TOLERANCE));
        assertThat(CostModel.predictedSpeedup(STORIES_260K, 512)).isCloseTo(223.486171981260, within(SPEEDUP_TOLERANCE));
    }

    @Test
    @DisplayName("The predicted speedup of stories15M is about 16.5 at 32 positions and 127 at 256")
    void speedupStories15M() {
        assertThat(CostModel.predictedSpeedup(STORIES_15M, 32)).isCloseTo(16.480674046926, within(SPEEDUP_TOLERANCE));
        assertThat(CostModel.predictedSpeedup(STORIES_15M, 256)).isCloseTo(127.292604738568, within(SPEEDUP_TOLERANCE));
    }

    @Test
    @DisplayName("The predicted speedup grows with the length")
    void speedupGrows() {
        double previous = 0;
        for (int length = 1; length <= TINY.seqLen(); length++) {
            double speedup = CostModel.predictedSpeedup(TINY, length);
            assertThat(speedup).as("length %d", length).isGreaterThan(previous);
            previous = speedup;
        }
    }

    @Test
    @DisplayName("A position outside the context is rejected with the limit in the message")
    void positionOutsideContext() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> CostModel.stepWithCache(TINY, 8)))
                .hasMessageContaining("8")
                .hasMessageContaining("7");
        assertThat(assertRejects(IllegalArgumentException.class, () -> CostModel.stepWithoutCache(TINY, -1)))
                .hasMessageContaining("-1");
    }

    @Test
    @DisplayName("A length of 0 or beyond seqLen is rejected with the limit in the message")
    void lengthOutsideContext() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> CostModel.generationWithCache(TINY, 0)))
                .hasMessageContaining("0");
        assertThat(assertRejects(IllegalArgumentException.class, () -> CostModel.generationWithoutCache(TINY, 9)))
                .hasMessageContaining("9")
                .hasMessageContaining("8");
        assertThat(assertRejects(IllegalArgumentException.class, () -> CostModel.predictedSpeedup(TINY, 9)))
                .hasMessageContaining("9");
    }
}
