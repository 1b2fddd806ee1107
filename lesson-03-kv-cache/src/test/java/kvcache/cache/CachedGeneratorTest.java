package kvcache.cache;

import static kvcache.kit.testing.Rejections.assertRejects;
import static org.assertj.core.api.Assertions.assertThat;

import kvcache.kit.testing.Llama2cFixture;
import java.util.Arrays;
import kvcache.kit.model.Generation;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Sampler;
import kvcache.kit.model.Tokenizer;
import kvcache.kit.testing.FloatAssertions;
import kvcache.kit.testing.PropertyTests;
import kvcache.nocache.FullForward;
import kvcache.nocache.RecomputeGenerator;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

@DisplayName("3.4 Cached generation")
class CachedGeneratorTest {

    /** 2 layers, 4 query heads sharing 2 kv heads of size 4, vocabulary 12, 10 positions. */
    private static final ModelConfig CONFIG = ModelConfig.builder()
            .dim(16).hiddenDim(24).nLayers(2).nHeads(4).nKvHeads(2).vocabSize(12).seqLen(10)
            .build();

    /** A case split into a prompt and a number of tokens to generate that fit in seqLen. */
    private record GenerationCase(Cases.Case base, int promptLength, int newTokens) {
        int[] prompt() {
            return Arrays.copyOf(base.tokens(), promptLength);
        }

        @Override
        public String toString() {
            return base + ", prompt = the first " + promptLength + " tokens, newTokens=" + newTokens;
        }
    }

    private static Gen<GenerationCase> generationCases() {
        Gen<GenerationCase> gen = in -> {
            Cases.Case base = Cases.stepCases().generate(in);
            int promptLength = Generate.range(1, base.tokens().length).generate(in);
            int newTokens = Generate.range(1, base.config().seqLen() - promptLength + 1).generate(in);
            return new GenerationCase(base, promptLength, newTokens);
        };
        return gen.describedAs(GenerationCase::toString);
    }

    @Test
    @DisplayName("Greedy generation equals generation without a cache")
    void greedyEqualsRecompute() {
        PropertyTests.qt(200).forAll(generationCases()).checkAssert(generationCase -> {
            ModelWeights weights = generationCase.base().weights();

            Generation cached = CachedGenerator.generate(weights, generationCase.prompt(),
                    generationCase.newTokens(), Sampler.greedy());

            // Every generated token must be the greedy choice of full recomputation over the
            // tokens before it (up to a tie under rounding), and the logits must match.
            int[] tokens = cached.tokens();
            FMatrixRMaj full = FullForward.logits(weights, Arrays.copyOf(tokens, tokens.length - 1));
            FMatrixRMaj logits = cached.logits();
            for (int r = 0; r < generationCase.newTokens(); r++) {
                int position = generationCase.promptLength() + r;
                FloatAssertions.assertClose("logits the token at position " + position + " was sampled from",
                        Checks.row(full, position - 1), Checks.row(logits, r), Checks.LOGITS_TOLERANCE);
                Checks.assertGreedyChoice("token at position " + position, Checks.row(full, position - 1),
                        tokens[position]);
            }
            assertThat(cached.promptTokens()).as("prompt tokens").isEqualTo(generationCase.prompt());
        });
    }

    @Test
    @DisplayName("Greedy generation returns the tokens of lesson 2's generator")
    void sameTokensAsLesson2() {
        ModelWeights weights = ModelWeights.random(CONFIG, 21);
        int[] prompt = {1, 4, 4, 9};

        Generation cached = CachedGenerator.generate(weights, prompt, 7, Sampler.greedy());
        Generation recomputed = RecomputeGenerator.generate(weights, prompt, 7, Sampler.greedy());

        assertThat(cached.tokens()).as("tokens with and without a cache").isEqualTo(recomputed.tokens());
        FloatAssertions.assertClose("logits with and without a cache", recomputed.logits(), cached.logits(),
                Checks.LOGITS_TOLERANCE);
    }

    /** A first generation and the prompt of a second one, for the same model. */
    private record TwoGenerations(GenerationCase first, int[] secondPrompt) {
        @Override
        public String toString() {
            return first + ", then a second prompt " + Arrays.toString(secondPrompt);
        }
    }

    private static Gen<TwoGenerations> twoGenerations() {
        Gen<TwoGenerations> gen = in -> {
            GenerationCase first = generationCases().generate(in);
            ModelConfig config = first.base().config();
            int length = Generate.range(1, config.seqLen()).generate(in);
            return new TwoGenerations(first, Cases.tokens(config, length).generate(in));
        };
        return gen.describedAs(TwoGenerations::toString);
    }

    @Test
    @DisplayName("Two generations on one cache, with reset, equal two on fresh caches")
    void reuseWithReset() {
        PropertyTests.qt(200).forAll(twoGenerations()).checkAssert(two -> {
            GenerationCase first = two.first();
            ModelWeights weights = first.base().weights();
            ModelConfig config = first.base().config();
            int[] secondPrompt = two.secondPrompt();
            int secondNewTokens = config.seqLen() - secondPrompt.length + 1;
            KVCache shared = new KVCache(config);

            Generation firstShared = CachedGenerator.generate(weights, shared, first.prompt(), first.newTokens(),
                    Sampler.greedy());
            shared.reset();
            Generation secondShared = CachedGenerator.generate(weights, shared, secondPrompt, secondNewTokens,
                    Sampler.greedy());

            Generation firstFresh = CachedGenerator.generate(weights, new KVCache(config), first.prompt(),
                    first.newTokens(), Sampler.greedy());
            Generation secondFresh = CachedGenerator.generate(weights, new KVCache(config), secondPrompt,
                    secondNewTokens, Sampler.greedy());

            assertThat(firstShared.tokens()).as("first generation's tokens").isEqualTo(firstFresh.tokens());
            assertThat(secondShared.tokens()).as("second generation's tokens").isEqualTo(secondFresh.tokens());
            assertThat(secondShared.logits().data).as("second generation's logits, bit for bit")
                    .isEqualTo(secondFresh.logits().data);
        });
    }

    @Test
    @DisplayName("A cache still holding another sequence is rejected")
    void staleCacheRejected() {
        ModelWeights weights = ModelWeights.random(CONFIG, 22);
        KVCache cache = new KVCache(CONFIG);
        CachedGenerator.generate(weights, cache, new int[] {1, 2}, 3, Sampler.greedy());

        assertThat(assertRejects(IllegalStateException.class, () -> CachedGenerator.generate(weights, cache, new int[] {1, 2}, 3, Sampler.greedy())))
                .as("a second generation without reset")
                .hasMessageContaining("reset");
    }

    @Test
    @DisplayName("The cache ends with the prompt and all but the last new token")
    void cacheLengthAfterGeneration() {
        ModelWeights weights = ModelWeights.random(CONFIG, 23);
        KVCache cache = new KVCache(CONFIG);

        CachedGenerator.generate(weights, cache, new int[] {1, 2, 3}, 4, Sampler.greedy());

        assertThat(cache.length()).as("positions fed: 3 prompt tokens + 4 new - 1").isEqualTo(6);
    }

    @Test
    @DisplayName("Bad arguments are rejected as lesson 2 rejects them")
    void badArguments() {
        ModelWeights weights = ModelWeights.random(CONFIG, 24);

        assertRejects(IllegalArgumentException.class, () -> CachedGenerator.generate(weights, new int[0], 3, Sampler.greedy()));
        assertThat(assertRejects(IllegalArgumentException.class, () -> CachedGenerator.generate(weights, new int[] {1}, 0, Sampler.greedy())))
                .as("newTokens 0")
                .hasMessageContaining("0");
        assertThat(assertRejects(IllegalArgumentException.class, () -> CachedGenerator.generate(weights, new int[] {1, 13}, 2, Sampler.greedy())))
                .as("token 13 with a vocabulary of 12")
                .hasMessageContaining("13");
        assertThat(assertRejects(IllegalArgumentException.class, () -> CachedGenerator.generate(weights, new int[] {1, 2, 3}, 9, Sampler.greedy())))
                .as("3 + 9 - 1 = 11 positions with seqLen 10")
                .hasMessageContaining("10");
        Generation longest = CachedGenerator.generate(weights, new int[] {1, 2, 3}, 8, Sampler.greedy());
        assertThat(longest.generatedTokens()).as("3 + 8 - 1 = 10 positions, exactly seqLen").hasSize(8);
    }

    @Nested
    @DisplayName("On stories260K")
    class Stories260K {

        @Test
        @DisplayName("Greedy decoding reproduces llama2.c's tokens and logits")
        void reproducesLlama2c() throws Exception {
            ModelWeights weights = Llama2cFixture.load().weights();
            int[] expected = Llama2cFixture.load().tokens();
            FMatrixRMaj expectedLogits = Llama2cFixture.load().logits();
            int[] prompt = Tokenizer.load(Llama2cFixture.load().tokenizerFile(), weights.config().vocabSize())
                    .encode("Once upon a time", true, false);
            assertThat(prompt).as("encoded prompt").isEqualTo(Arrays.copyOf(expected, Llama2cFixture.PROMPT_LENGTH));

            int newTokens = Llama2cFixture.POSITIONS - prompt.length;
            Generation generation = CachedGenerator.generate(weights, prompt, newTokens, Sampler.greedy());

            assertThat(generation.tokens()).as("tokens at the 64 positions").isEqualTo(expected);
            FMatrixRMaj logits = generation.logits();
            for (int r = 0; r < newTokens; r++) {
                int position = prompt.length - 1 + r;
                FloatAssertions.assertClose("logits[" + position + "]", Checks.row(expectedLogits, position),
                        Checks.row(logits, r), Llama2cFixture.LOGITS_TOLERANCE);
            }
        }
    }
}
