package kvcache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Sampler;
import kvcache.kit.testing.FloatAssertions;
import kvcache.kit.testing.PropertyTests;
import kvcache.nocache.FullForward;
import kvcache.nocache.RecomputeGenerator;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

@DisplayName("3.6 Speculative rollback (optional)")
class SpeculativeDecoderTest {

    /** 2 layers, 4 query heads sharing 2 kv heads of size 4, vocabulary 12, 10 positions. */
    private static final ModelConfig CONFIG = ModelConfig.builder()
            .dim(16).hiddenDim(24).nLayers(2).nHeads(4).nKvHeads(2).vocabSize(12).seqLen(10)
            .build();

    /** A sequence fed in full, rolled back to {@code keep} positions, then continued with other tokens. */
    private record RollbackCase(Cases.Case base, int keep, int[] continuation) {
        @Override
        public String toString() {
            return base + ", truncate to " + keep + ", then decode " + Arrays.toString(continuation);
        }
    }

    private static Gen<RollbackCase> rollbackCases() {
        Gen<RollbackCase> gen = in -> {
            Cases.Case base = Cases.prefillCases().generate(in);
            int keep = Generate.range(0, base.tokens().length).generate(in);
            int room = base.config().seqLen() - keep;
            int length = Generate.range(0, room).generate(in);
            return new RollbackCase(base, keep, Cases.tokens(base.config(), length).generate(in));
        };
        return gen.describedAs(RollbackCase::toString);
    }

    @Test
    @DisplayName("Truncate, then decode other tokens, equals a fresh decode")
    void truncateThenDecodeEqualsFresh() {
        PropertyTests.qt(200).forAll(rollbackCases()).checkAssert(rollback -> {
            Cases.Case base = rollback.base();
            ModelWeights weights = base.weights();
            KVCache cache = new KVCache(base.config());
            Checks.feed(weights, cache, base);

            cache.truncate(rollback.keep());
            int[] sequence = concat(Arrays.copyOf(base.tokens(), rollback.keep()), rollback.continuation());
            FMatrixRMaj logits = new FMatrixRMaj(rollback.continuation().length, base.config().vocabSize());
            for (int i = 0; i < rollback.continuation().length; i++) {
                float[] row = CachedDecoder.step(weights, cache, rollback.continuation()[i]);
                System.arraycopy(row, 0, logits.data, i * row.length, row.length);
            }

            assertThat(cache.length()).as("length after the rollback and the new tokens").isEqualTo(sequence.length);
            if (sequence.length > 0) {
                FMatrixRMaj full = FullForward.logits(weights, sequence);
                for (int i = 0; i < rollback.continuation().length; i++) {
                    int position = rollback.keep() + i;
                    FloatAssertions.assertClose("logits at position " + position, Checks.row(full, position),
                            Checks.row(logits, i), Checks.LOGITS_TOLERANCE);
                }
            }
        });
    }

    /** A prompt, a number of tokens to produce, and the plan for each draft: how many right tokens, how many guesses. */
    private record SpeculationCase(Cases.Case base, int promptLength, int newTokens, int[] drafts) {
        @Override
        public String toString() {
            return base + ", prompt = the first " + promptLength + " tokens, newTokens=" + newTokens
                    + ", draft seeds=" + Arrays.toString(drafts);
        }
    }

    private static Gen<SpeculationCase> speculationCases() {
        Gen<SpeculationCase> gen = in -> {
            Cases.Case base = Cases.stepCases().generate(in);
            int promptLength = Generate.range(1, base.tokens().length).generate(in);
            int newTokens = Generate.range(1, base.config().seqLen() - promptLength + 1).generate(in);
            int[] drafts = new int[newTokens];
            for (int i = 0; i < newTokens; i++) {
                drafts[i] = Generate.range(0, 1000).generate(in);
            }
            return new SpeculationCase(base, promptLength, newTokens, drafts);
        };
        return gen.describedAs(SpeculationCase::toString);
    }

    @Test
    @DisplayName("Speculative decoding produces the greedy tokens")
    void speculativeEqualsGreedy() {
        PropertyTests.qt(200).forAll(speculationCases()).checkAssert(speculation -> {
            Cases.Case base = speculation.base();
            ModelWeights weights = base.weights();
            int vocab = base.config().vocabSize();
            int[] prompt = Arrays.copyOf(base.tokens(), speculation.promptLength());
            int[] greedy = RecomputeGenerator.generate(weights, prompt, speculation.newTokens(), Sampler.greedy())
                    .tokens();

            // Prefill all of the prompt but its last token, which becomes the first lastToken.
            KVCache cache = new KVCache(base.config());
            if (prompt.length > 1) {
                Prefill.prefill(weights, cache, Arrays.copyOf(prompt, prompt.length - 1));
            }
            List<Integer> produced = new ArrayList<>();
            int lastToken = prompt[prompt.length - 1];
            int round = 0;
            while (produced.size() < speculation.newTokens()) {
                // A draft of up to 3 tokens: some of the greedy continuation, then guesses.
                int seed = speculation.drafts()[round++];
                int room = Math.min(3, Math.min(speculation.newTokens() - produced.size() - 1,
                        cache.capacity() - cache.length() - 1));
                int length = seed % (room + 1);
                int right = (seed / 4) % (length + 1);
                int[] draft = new int[length];
                for (int i = 0; i < length; i++) {
                    int position = prompt.length + produced.size() + i;
                    draft[i] = i < right && position < greedy.length ? greedy[position] : (seed + i) % vocab;
                }

                int[] accepted = SpeculativeDecoder.verify(weights, cache, lastToken, draft);

                assertThat(accepted.length).as("tokens returned for a draft of %d", length)
                        .isBetween(1, length + 1);
                assertThat(cache.length()).as("cache length: the prompt and every token fed")
                        .isEqualTo(prompt.length + produced.size() + accepted.length - 1);
                for (int token : accepted) {
                    produced.add(token);
                }
                lastToken = accepted[accepted.length - 1];
            }

            // Each produced token must be the greedy choice of full recomputation over the tokens
            // before it (up to a tie under rounding).
            int[] sequence = concat(prompt, produced.stream().mapToInt(Integer::intValue).toArray());
            FMatrixRMaj full = FullForward.logits(weights, Arrays.copyOf(sequence, sequence.length - 1));
            for (int position = prompt.length; position < sequence.length; position++) {
                Checks.assertGreedyChoice("token at position " + position, Checks.row(full, position - 1),
                        sequence[position]);
            }
        });
    }

    @Test
    @DisplayName("After a rejected draft the cache is that of the accepted tokens")
    void rejectedDraftRolledBack() {
        ModelWeights weights = ModelWeights.random(CONFIG, 41);
        int[] prompt = {1, 6, 2};
        int[] greedy = RecomputeGenerator.generate(weights, prompt, 6, Sampler.greedy()).tokens();
        int wrong = (greedy[4] + 1) % 12;
        KVCache cache = new KVCache(CONFIG);
        Prefill.prefill(weights, cache, new int[] {1, 6});

        // The first draft token is right, the second is wrong, the third does not matter.
        int[] accepted = SpeculativeDecoder.verify(weights, cache, 2, new int[] {greedy[3], wrong, 0});

        assertThat(accepted).as("accepted draft token and the model's correction")
                .containsExactly(greedy[3], greedy[4]);
        assertThat(cache.length()).as("positions of 1, 6, 2 and the accepted token").isEqualTo(4);
        KVCache fresh = new KVCache(CONFIG);
        Prefill.prefill(weights, fresh, new int[] {1, 6, 2, greedy[3]});
        float[] next = CachedDecoder.step(weights, cache, greedy[4]);
        float[] nextFresh = CachedDecoder.step(weights, fresh, greedy[4]);
        FloatAssertions.assertClose("logits after the rollback against a fresh cache", nextFresh, next,
                Checks.LOGITS_TOLERANCE);
    }

    @Test
    @DisplayName("A draft that does not fit is rejected and the cache unchanged")
    void draftPastCapacity() {
        ModelWeights weights = ModelWeights.random(CONFIG, 42);
        KVCache cache = new KVCache(CONFIG);
        Prefill.prefill(weights, cache, new int[] {1, 2, 3, 4, 5, 6, 7});

        assertThatThrownBy(() -> SpeculativeDecoder.verify(weights, cache, 8, new int[] {1, 2, 3}))
                .as("1 + 3 positions on top of 7 with seqLen 10")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("10");
        assertThat(cache.length()).as("length after the rejected draft").isEqualTo(7);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
