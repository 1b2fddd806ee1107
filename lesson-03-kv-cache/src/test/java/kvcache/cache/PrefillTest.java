package kvcache.cache;

import static kvcache.kit.testing.Rejections.assertRejects;
import static org.assertj.core.api.Assertions.assertThat;

import kvcache.kit.testing.Llama2cFixture;
import java.util.Arrays;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.MultiplyAddCounter;
import kvcache.kit.testing.FloatAssertions;
import kvcache.kit.testing.PropertyTests;
import kvcache.nocache.ForwardCost;
import kvcache.nocache.FullForward;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("3.3 Prefill")
class PrefillTest {

    /** 2 layers, 4 query heads sharing 2 kv heads of size 4, vocabulary 12, 10 positions. */
    private static final ModelConfig CONFIG = ModelConfig.builder()
            .dim(16).hiddenDim(24).nLayers(2).nHeads(4).nKvHeads(2).vocabSize(12).seqLen(10)
            .build();

    @Test
    @DisplayName("Any mix of prefill chunks and steps equals full recomputation")
    void anyFeedingEqualsFullRecomputation() {
        PropertyTests.qt(200).forAll(Cases.prefillCases()).checkAssert(testCase -> {
            ModelWeights weights = testCase.weights();
            KVCache cache = new KVCache(testCase.config());

            FMatrixRMaj logits = Checks.feed(weights, cache, testCase);

            assertThat(cache.length()).as("length after feeding every token").isEqualTo(testCase.tokens().length);
            Checks.assertMatchesFullRecomputation(weights, testCase.tokens(), logits);
        });
    }

    @Test
    @DisplayName("One prefill pass gives the logits of feeding token by token")
    void onePassEqualsTokenByToken() {
        PropertyTests.qt(200).forAll(Cases.stepCases()).checkAssert(testCase -> {
            ModelWeights weights = testCase.weights();
            int[] tokens = testCase.tokens();

            FMatrixRMaj byPrefill = Prefill.prefill(weights, new KVCache(testCase.config()), tokens);
            FMatrixRMaj bySteps = Checks.feed(weights, new KVCache(testCase.config()), testCase);

            FloatAssertions.assertClose("prefill logits against step logits", bySteps, byPrefill,
                    Checks.LOGITS_TOLERANCE);
        });
    }

    @Test
    @DisplayName("A chunk on a non-empty cache sees the cached positions")
    void chunkOnNonEmptyCache() {
        ModelWeights weights = ModelWeights.random(CONFIG, 11);
        int[] tokens = {1, 5, 9, 2, 2, 7, 3};
        KVCache cache = new KVCache(CONFIG);

        Prefill.prefill(weights, cache, Arrays.copyOfRange(tokens, 0, 3));
        FMatrixRMaj second = Prefill.prefill(weights, cache, Arrays.copyOfRange(tokens, 3, 7));

        // The second chunk's rows are positions 3 to 6: its mask must be offset by the 3 cached
        // positions, and RoPE must start at position 3.
        FMatrixRMaj full = FullForward.logits(weights, tokens);
        for (int i = 0; i < 4; i++) {
            FloatAssertions.assertClose("logits[" + (3 + i) + "]", Checks.row(full, 3 + i),
                    Checks.row(second, i), Checks.LOGITS_TOLERANCE);
        }
        assertThat(cache.length()).as("length after chunks of 3 and 4").isEqualTo(7);
    }

    @Test
    @DisplayName("Cached rows never change when later chunks arrive")
    void cachedRowsNeverChange() {
        PropertyTests.qt(200).forAll(Cases.prefillCases()).checkAssert(testCase -> {
            ModelWeights weights = testCase.weights();
            KVCache cache = new KVCache(testCase.config());
            int[] tokens = testCase.tokens();

            int position = 0;
            for (int size : testCase.chunks()) {
                FMatrixRMaj[] before = Checks.snapshot(cache);
                Prefill.prefill(weights, cache, Arrays.copyOfRange(tokens, position, position + size));
                Checks.assertRowsUnchanged(before, cache, "after the chunk at positions " + position + " to "
                        + (position + size - 1));
                position += size;
            }
        });
    }

    @Test
    @DisplayName("A chunk that does not fit is rejected and the cache unchanged")
    void chunkPastCapacity() {
        ModelWeights weights = ModelWeights.random(CONFIG, 12);
        KVCache cache = new KVCache(CONFIG);
        Prefill.prefill(weights, cache, new int[] {1, 2, 3, 4});

        assertThat(assertRejects(IllegalStateException.class, () -> Prefill.prefill(weights, cache, new int[] {1, 2, 3, 4, 5, 6, 7})))
                .as("7 tokens on top of 4 with seqLen 10")
                .hasMessageContaining("7")
                .hasMessageContaining("10");
        assertThat(cache.length()).as("length after the rejected chunk").isEqualTo(4);

        Prefill.prefill(weights, cache, new int[] {1, 2, 3, 4, 5, 6});
        assertThat(cache.length()).as("length after a chunk that fills it exactly").isEqualTo(10);
    }

    @Test
    @DisplayName("Empty chunks and unknown token ids are rejected")
    void badTokens() {
        ModelWeights weights = ModelWeights.random(CONFIG, 13);
        KVCache cache = new KVCache(CONFIG);

        assertRejects(IllegalArgumentException.class, () -> Prefill.prefill(weights, cache, new int[0]));
        assertThat(assertRejects(IllegalArgumentException.class, () -> Prefill.prefill(weights, cache, new int[] {3, 12})))
                .as("token 12 with a vocabulary of 12")
                .hasMessageContaining("12");
        assertThat(cache.length()).as("length after the rejected chunks").isZero();
    }

    @Test
    @DisplayName("Any feeding counts the multiply-adds of one full pass")
    void multiplyAddsOfAnyFeeding() {
        PropertyTests.qt(200).forAll(Cases.prefillCases()).checkAssert(testCase -> {
            ModelWeights weights = testCase.weights();
            KVCache cache = new KVCache(testCase.config());
            MultiplyAddCounter counter = new MultiplyAddCounter();
            int[] tokens = testCase.tokens();

            int position = 0;
            for (int size : testCase.chunks()) {
                Prefill.prefill(weights, cache, Arrays.copyOfRange(tokens, position, position + size), counter);
                position += size;
            }
            for (; position < tokens.length; position++) {
                CachedDecoder.step(weights, cache, tokens[position], counter);
            }

            assertThat(counter.count()).as("multiply-adds of feeding %d tokens", tokens.length)
                    .isEqualTo(ForwardCost.multiplyAdds(testCase.config(), tokens.length));
        });
    }

    @Nested
    @DisplayName("On stories260K")
    class Stories260K {

        @Test
        @DisplayName("Prefilling the prompt in one pass equals feeding it token by token")
        void promptPrefillEqualsSteps() throws Exception {
            ModelWeights weights = Llama2cFixture.load().weights();
            int[] prompt = Arrays.copyOf(Llama2cFixture.load().tokens(), Llama2cFixture.PROMPT_LENGTH);

            FMatrixRMaj byPrefill = Prefill.prefill(weights, new KVCache(weights.config()), prompt);
            KVCache stepCache = new KVCache(weights.config());
            for (int position = 0; position < prompt.length; position++) {
                float[] bySteps = CachedDecoder.step(weights, stepCache, prompt[position]);
                FloatAssertions.assertClose("prompt logits at position " + position, bySteps,
                        Checks.row(byPrefill, position), Llama2cFixture.LOGITS_TOLERANCE);
            }
        }

        @Test
        @DisplayName("Prefilling all 64 positions in chunks matches llama2.c's logits")
        void chunkedPrefillMatchesLlama2c() throws Exception {
            ModelWeights weights = Llama2cFixture.load().weights();
            int[] tokens = Llama2cFixture.load().tokens();
            FMatrixRMaj expected = Llama2cFixture.load().logits();
            KVCache cache = new KVCache(weights.config());

            // The prompt, then chunks of 7, 20 and 32 positions on top of the cache.
            int[] bounds = {0, Llama2cFixture.PROMPT_LENGTH, 12, 32, 64};
            for (int c = 0; c + 1 < bounds.length; c++) {
                FMatrixRMaj chunk = Prefill.prefill(weights, cache, Arrays.copyOfRange(tokens, bounds[c], bounds[c + 1]));
                for (int i = 0; i < chunk.numRows; i++) {
                    int position = bounds[c] + i;
                    FloatAssertions.assertClose("logits at position " + position, Checks.row(expected, position),
                            Checks.row(chunk, i), Llama2cFixture.LOGITS_TOLERANCE);
                }
            }
        }
    }
}
