package kvcache.nocache;

import static kvcache.kit.testing.Rejections.assertRejects;
import static kvcache.kit.testing.PropertyTests.qt;
import static org.assertj.core.api.Assertions.assertThat;

import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.MultiplyAddCounter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("2.4 Cost of a forward pass")
class ForwardCostTest {

    private static final ModelConfig STORIES_260K = ModelConfig.builder()
            .dim(64).hiddenDim(172).nLayers(5).nHeads(8).nKvHeads(4).vocabSize(512).seqLen(512).build();

    @Test
    @DisplayName("a one-layer model of dim 4 over 3 tokens costs 468 multiply-adds, as counted by hand")
    void tinyModelByHand() {
        ModelConfig config = ModelConfig.builder()
                .dim(4).hiddenDim(6).nLayers(1).nHeads(2).nKvHeads(1).vocabSize(5).seqLen(8).build();

        // Per position: wq 4*4 + wk 2*4 + wv 2*4 + wo 4*4 = 48, feed-forward 3*4*6 = 72, so 3 * 120 = 360.
        // Attention: query i meets i + 1 keys, 2 heads of size 2, score and weighted value:
        // 2 * 2 * 2 * (1 + 2 + 3) = 48. Classifier: 3 * 5 * 4 = 60. Total 360 + 48 + 60 = 468.
        assertThat(ForwardCost.multiplyAdds(config, 3)).isEqualTo(468L);
    }

    @Test
    @DisplayName("stories260K over 64 tokens costs 17,928,192 multiply-adds")
    void stories260kAt64() {
        // Computed by solutions/lesson-02-no-cache/python/expected_values.py, which sums the same terms position by position.
        assertThat(ForwardCost.multiplyAdds(STORIES_260K, 64)).isEqualTo(17_928_192L);
    }

    @Test
    @DisplayName("stories260K over one token costs 259,968 multiply-adds")
    void stories260kAt1() {
        // 5 * (2*64*64 + 2*32*64 + 3*64*172 + 2*64) + 512*64 = 5 * 45,440 + 32,768 = 259,968.
        assertThat(ForwardCost.multiplyAdds(STORIES_260K, 1)).isEqualTo(259_968L);
    }

    @Test
    @DisplayName("the counting forward pass counts exactly the closed form (property)")
    void countingForwardMatchesClosedForm() {
        qt(100).forAll(TinyModels.cases()).checkAssert(testCase -> {
            ModelWeights weights = testCase.weights();
            MultiplyAddCounter counter = new MultiplyAddCounter();

            FullForward.logits(weights, testCase.tokens(), counter);

            assertThat(counter.count()).as("multiply-adds counted for %d tokens", testCase.tokens().length)
                    .isEqualTo(ForwardCost.multiplyAdds(testCase.config(), testCase.tokens().length));
        });
    }

    @Test
    @DisplayName("the cost grows faster than linearly: doubling n more than doubles it")
    void superlinearGrowth() {
        long at256 = ForwardCost.multiplyAdds(STORIES_260K, 256);
        long at512 = ForwardCost.multiplyAdds(STORIES_260K, 512);

        assertThat(at512).isGreaterThan(2 * at256);
    }

    @Test
    @DisplayName("a sequence length of 0 is rejected, naming it")
    void zeroLength() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> ForwardCost.multiplyAdds(STORIES_260K, 0)))
                .hasMessageContaining("0");
    }

    @Test
    @DisplayName("a sequence length above seqLen is rejected, naming it and seqLen")
    void lengthAboveSeqLen() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> ForwardCost.multiplyAdds(STORIES_260K, 513)))
                .hasMessageContaining("513")
                .hasMessageContaining("512");
    }
}
