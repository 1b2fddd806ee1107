package kvcache.cache;

import static kvcache.kit.testing.Rejections.assertRejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import kvcache.kit.testing.Llama2cFixture;
import java.util.Arrays;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.MultiplyAddCounter;
import kvcache.kit.testing.FloatAssertions;
import kvcache.kit.testing.PropertyTests;
import kvcache.nocache.FullForward;
import kvcache.nocache.ForwardCost;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

@DisplayName("3.2 The decode step")
class CachedDecoderTest {

    /** 3 layers, 4 query heads sharing 2 kv heads of size 4, vocabulary 12, 8 positions. */
    private static final ModelConfig CONFIG = ModelConfig.builder()
            .dim(16).hiddenDim(24).nLayers(3).nHeads(4).nKvHeads(2).vocabSize(12).seqLen(8)
            .build();

    @Test
    @DisplayName("Step-by-step logits equal full recomputation at every position")
    void stepsEqualFullRecomputation() {
        PropertyTests.qt(200).forAll(Cases.stepCases()).checkAssert(testCase -> {
            ModelWeights weights = testCase.weights();
            KVCache cache = new KVCache(testCase.config());

            FMatrixRMaj logits = Checks.feed(weights, cache, testCase);

            Checks.assertMatchesFullRecomputation(weights, testCase.tokens(), logits);
        });
    }

    @Test
    @DisplayName("One step advances the length by exactly one, whatever the layer count")
    void stepAdvancesByOne() {
        ModelWeights weights = ModelWeights.random(CONFIG, 3);
        KVCache cache = new KVCache(CONFIG);

        for (int step = 1; step <= 4; step++) {
            CachedDecoder.step(weights, cache, step);
            assertThat(cache.length()).as("length after step %d of a 3-layer model", step).isEqualTo(step);
        }
    }

    @Test
    @DisplayName("The first step of a sequence equals the full pass over one token")
    void firstStep() {
        ModelWeights weights = ModelWeights.random(CONFIG, 4);
        KVCache cache = new KVCache(CONFIG);

        float[] logits = CachedDecoder.step(weights, cache, 7);

        FloatAssertions.assertClose("logits of token 7 at position 0",
                Checks.row(FullForward.logits(weights, new int[] {7}), 0), logits, Checks.LOGITS_TOLERANCE);
    }

    @Test
    @DisplayName("A cached row never changes while later steps run")
    void cachedRowsNeverChange() {
        PropertyTests.qt(200).forAll(Cases.stepCases()).checkAssert(testCase -> {
            ModelWeights weights = testCase.weights();
            KVCache cache = new KVCache(testCase.config());
            int[] tokens = testCase.tokens();

            CachedDecoder.step(weights, cache, tokens[0]);
            FMatrixRMaj[] afterFirst = Checks.snapshot(cache);
            for (int position = 1; position < tokens.length; position++) {
                FMatrixRMaj[] before = Checks.snapshot(cache);
                CachedDecoder.step(weights, cache, tokens[position]);
                Checks.assertRowsUnchanged(before, cache, "after the step at position " + position);
            }
            Checks.assertRowsUnchanged(afterFirst, cache, "at the end of the sequence");
        });
    }

    @Test
    @DisplayName("Positions up to exactly seqLen work, and one more is a clear error")
    void positionsUpToSeqLen() {
        PropertyTests.qt(200).forAll(Cases.fullLengthCases()).checkAssert(testCase -> {
            ModelWeights weights = testCase.weights();
            KVCache cache = new KVCache(testCase.config());
            int seqLen = testCase.config().seqLen();

            for (int token : testCase.tokens()) {
                CachedDecoder.step(weights, cache, token);
            }
            assertThat(cache.length()).as("length after seqLen steps").isEqualTo(seqLen);

            assertThatThrownBy(() -> CachedDecoder.step(weights, cache, 0))
                    .as("a step at position seqLen = %d", seqLen)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(seqLen))
                    .hasMessageContaining("capacity");
            assertThat(cache.length()).as("length after the rejected step").isEqualTo(seqLen);
        });
    }

    /** A model, a token whose embedding row is made zero, and a sequence that contains it. */
    private record ZeroTokenCase(Cases.Case base, int zeroToken) {
        @Override
        public String toString() {
            return base + " with the embedding of token " + zeroToken + " set to zero";
        }
    }

    private static Gen<ZeroTokenCase> zeroTokenCases() {
        Gen<ZeroTokenCase> gen = in -> {
            Cases.Case base = Cases.stepCases().generate(in);
            int[] tokens = base.tokens();
            int at = Generate.range(0, tokens.length - 1).generate(in);
            return new ZeroTokenCase(base, tokens[at]);
        };
        return gen.describedAs(ZeroTokenCase::toString);
    }

    @Test
    @DisplayName("A token whose embedding is all zeros is cached and counted like any other")
    void zeroEmbeddingToken() {
        PropertyTests.qt(200).forAll(zeroTokenCases()).checkAssert(zeroCase -> {
            Cases.Case testCase = zeroCase.base();
            ModelWeights weights = testCase.weights();
            // These weights belong to this test alone, so it may change them: the token's
            // embedding becomes zero, and so do its layer-0 key and value (RMSNorm of zero is zero).
            FMatrixRMaj embedding = weights.tokenEmbedding();
            int dim = testCase.config().dim();
            Arrays.fill(embedding.data, zeroCase.zeroToken() * dim, (zeroCase.zeroToken() + 1) * dim, 0f);
            KVCache cache = new KVCache(testCase.config());
            int[] tokens = testCase.tokens();

            FMatrixRMaj logits = Checks.feed(weights, cache, testCase);

            assertThat(cache.length()).as("length after %d tokens", tokens.length).isEqualTo(tokens.length);
            int zeroAt = indexOf(tokens, zeroCase.zeroToken());
            float largest = 0f;
            for (float element : Checks.row(cache.keys(0), zeroAt)) {
                largest = Math.max(largest, Math.abs(element));
            }
            assertThat(largest).as("largest |element| of the layer-0 key at position %d", zeroAt).isZero();
            Checks.assertMatchesFullRecomputation(weights, tokens, logits);
        });
    }

    @Test
    @DisplayName("A token outside the vocabulary is rejected and the cache unchanged")
    void badToken() {
        ModelWeights weights = ModelWeights.random(CONFIG, 5);
        KVCache cache = new KVCache(CONFIG);
        CachedDecoder.step(weights, cache, 1);

        assertThat(assertRejects(IllegalArgumentException.class, () -> CachedDecoder.step(weights, cache, 12)))
                .as("token 12 with a vocabulary of 12")
                .hasMessageContaining("12");
        assertThat(assertRejects(IllegalArgumentException.class, () -> CachedDecoder.step(weights, cache, -1)))
                .as("token -1")
                .hasMessageContaining("-1");
        assertThat(cache.length()).as("length after the rejected steps").isEqualTo(1);
    }

    @Test
    @DisplayName("A cache made for another model is rejected")
    void cacheOfAnotherModel() {
        ModelWeights weights = ModelWeights.random(CONFIG, 6);
        KVCache other = new KVCache(CONFIG.toBuilder().nLayers(2).build());

        assertThat(assertRejects(IllegalArgumentException.class, () -> CachedDecoder.step(weights, other, 1)))
                .as("a 2-layer cache with a 3-layer model")
                .hasMessageContaining("2")
                .hasMessageContaining("3");
    }

    @Test
    @DisplayName("n steps count the multiply-adds of one full pass over n tokens")
    void multiplyAddsOfSteps() {
        PropertyTests.qt(200).forAll(Cases.stepCases()).checkAssert(testCase -> {
            ModelWeights weights = testCase.weights();
            KVCache cache = new KVCache(testCase.config());
            MultiplyAddCounter counter = new MultiplyAddCounter();

            for (int token : testCase.tokens()) {
                CachedDecoder.step(weights, cache, token, counter);
            }

            // Step t does the per-token products once and attends over t + 1 keys. The full pass
            // does the per-token products for all n rows, and its row i attends over i + 1 keys.
            assertThat(counter.count()).as("multiply-adds of %d steps", testCase.tokens().length)
                    .isEqualTo(ForwardCost.multiplyAdds(testCase.config(), testCase.tokens().length));
        });
    }

    @Test
    @DisplayName("A false claim shrinks to a small case and prints its seed")
    void falseClaimShrinks() {
        // A deliberately false claim: "the logits at position 1 do not depend on the token at
        // position 0". QuickTheories must refute it, shrink the case and print the seed.
        Throwable failure = catchThrowable(() -> PropertyTests.qt(200).forAll(Cases.stepCases())
                .assuming(testCase -> testCase.tokens().length >= 2)
                .checkAssert(testCase -> {
                    ModelWeights weights = testCase.weights();
                    int[] tokens = testCase.tokens();
                    int[] changed = tokens.clone();
                    changed[0] = (tokens[0] + 1) % testCase.config().vocabSize();
                    float[] original = logitsAtPosition1(weights, tokens);
                    float[] afterChange = logitsAtPosition1(weights, changed);
                    assertThat(afterChange).as("logits at position 1").isEqualTo(original);
                }));

        Checks.rethrowIfNotImplemented(failure);
        assertThat(failure).as("the false claim's failure").isInstanceOf(AssertionError.class);
        assertThat(failure.getMessage()).as("failure message").contains("Seed was " + PropertyTests.seed());
        assertThat(failure.getMessage()).as("smallest case, shrunk to one layer").contains("Case[nLayers=1,");
    }

    @Nested
    @DisplayName("On stories260K")
    class Stories260K {

        @Test
        @DisplayName("Every decode step matches llama2.c's logits")
        void stepsMatchLlama2c() throws Exception {
            ModelWeights weights = Llama2cFixture.load().weights();
            int[] tokens = Llama2cFixture.load().tokens();
            FMatrixRMaj expectedLogits = Llama2cFixture.load().logits();
            KVCache cache = new KVCache(weights.config());

            for (int position = 0; position < tokens.length; position++) {
                float[] logits = CachedDecoder.step(weights, cache, tokens[position]);
                FloatAssertions.assertClose("logits[" + position + "]", Checks.row(expectedLogits, position),
                        logits, Llama2cFixture.LOGITS_TOLERANCE);
            }
        }
    }

    private static float[] logitsAtPosition1(ModelWeights weights, int[] tokens) {
        KVCache cache = new KVCache(weights.config());
        CachedDecoder.step(weights, cache, tokens[0]);
        return CachedDecoder.step(weights, cache, tokens[1]);
    }

    private static int indexOf(int[] tokens, int token) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == token) {
                return i;
            }
        }
        throw new IllegalArgumentException("token " + token + " is not in " + Arrays.toString(tokens));
    }
}
