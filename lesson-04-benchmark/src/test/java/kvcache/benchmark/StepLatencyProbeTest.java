package kvcache.benchmark;

import static kvcache.kit.testing.Rejections.assertRejects;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import kvcache.benchmark.StepLatencyProbe.Comparison;
import kvcache.benchmark.StepLatencyProbe.Decoder;
import kvcache.benchmark.StepLatencyProbe.Settings;
import kvcache.benchmark.StepLatencyProbe.StepLatencies;
import kvcache.cache.CachedGenerator;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Sampler;
import kvcache.nocache.RecomputeGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Exercise 4.3. No test here measures time: a fake clock and a fake decoder check what the probe
 * times and which rounds it keeps, and a small random model checks that both real strategies are
 * driven step by step and agree.
 */
@DisplayName("4.3 Step latency probe")
class StepLatencyProbeTest {

    private static final int[] PROMPT = {1, 7, 3};

    /** A small model with grouped-query attention: 4 query heads share 2 key/value heads. */
    private static final ModelConfig SMALL = ModelConfig.builder()
            .dim(16).hiddenDim(24).nLayers(2).nHeads(4).nKvHeads(2).vocabSize(40).seqLen(16).build();

    private static final ModelWeights WEIGHTS = ModelWeights.random(SMALL, 4_2024L);

    /**
     * A clock that only the fake decoder moves: each step at position p in round r advances it by
     * 100 * (p + 1) + ROUND_OFFSETS[r] nanoseconds, so every expected latency is known exactly.
     */
    private static final class FakeClock {
        long now = 1_000_000L;

        long read() {
            return now;
        }
    }

    /** Round 0 is the warm-up, far slower as a cold JIT would be; rounds 1 to 3 are measured. */
    private static final long[] ROUND_OFFSETS = {50_000, 30, 10, 20};

    private static final class FakeDecoder implements Decoder {
        private final FakeClock clock;
        private final List<Integer> roundsStarted = new ArrayList<>();
        private int round = -1;
        private int position;
        private int steps;

        FakeDecoder(FakeClock clock) {
            this.clock = clock;
        }

        @Override
        public void start(int[] prompt) {
            round++;
            roundsStarted.add(round);
            position = prompt.length - 1;
        }

        @Override
        public int step() {
            clock.now += 100L * (position + 1) + ROUND_OFFSETS[round];
            steps++;
            return 10 + position++;
        }
    }

    @Nested
    @DisplayName("measure, with a fake clock")
    class Measure {

        private final FakeClock clock = new FakeClock();
        private final FakeDecoder decoder = new FakeDecoder(clock);
        private final Settings settings = new Settings(5, 1, 3);

        @Test
        @DisplayName("One sample per step: newTokens latencies")
        void oneSamplePerStep() {
            StepLatencies latencies = StepLatencyProbe.measure(decoder, PROMPT, settings, clock::read);

            assertThat(latencies.nanos()).hasSize(5);
        }

        @Test
        @DisplayName("The first step runs at position prompt.length - 1")
        void firstPosition() {
            StepLatencies latencies = StepLatencyProbe.measure(decoder, PROMPT, settings, clock::read);

            assertThat(latencies.firstPosition()).isEqualTo(2);
        }

        @Test
        @DisplayName("The warm-up round runs first: the decoder is started once per round")
        void warmUpRoundRuns() {
            StepLatencyProbe.measure(decoder, PROMPT, settings, clock::read);

            assertThat(decoder.roundsStarted).containsExactly(0, 1, 2, 3);
            assertThat(decoder.steps).isEqualTo(4 * 5);
        }

        @Test
        @DisplayName("Each latency is the median of the measured rounds, the warm-up left out")
        void medianOfMeasuredRounds() {
            StepLatencies latencies = StepLatencyProbe.measure(decoder, PROMPT, settings, clock::read);

            // Position p takes 100 (p + 1) plus 30, 10 and 20 in the measured rounds: median 20.
            assertThat(latencies.nanos()).containsExactly(320, 420, 520, 620, 720);
        }

        @Test
        @DisplayName("With two measured rounds the median is the mean of both")
        void medianOfTwoRounds() {
            FakeClock otherClock = new FakeClock();
            FakeDecoder otherDecoder = new FakeDecoder(otherClock);

            StepLatencies latencies = StepLatencyProbe.measure(otherDecoder, PROMPT, new Settings(2, 2, 2),
                    otherClock::read);

            // Rounds 0 and 1 warm up; rounds 2 and 3 add 10 and 20: mean 15.
            assertThat(latencies.nanos()).containsExactly(315, 415);
        }

        @Test
        @DisplayName("Without warm-up, every round is measured")
        void noWarmUp() {
            FakeClock otherClock = new FakeClock();
            FakeDecoder otherDecoder = new FakeDecoder(otherClock);

            StepLatencies latencies = StepLatencyProbe.measure(otherDecoder, PROMPT, new Settings(1, 0, 1),
                    otherClock::read);

            assertThat(latencies.nanos()).containsExactly(50_300);
        }

        @Test
        @DisplayName("The tokens are those the steps returned")
        void tokensOfTheSteps() {
            StepLatencies latencies = StepLatencyProbe.measure(decoder, PROMPT, settings, clock::read);

            assertThat(latencies.tokens()).containsExactly(12, 13, 14, 15, 16);
        }

        @Test
        @DisplayName("Rounds that generate different tokens are rejected")
        void roundsMustAgree() {
            Decoder drifting = new Decoder() {
                private int round;

                @Override
                public void start(int[] prompt) {
                    round++;
                }

                @Override
                public int step() {
                    return round;
                }
            };

            assertThat(assertRejects(IllegalStateException.class, () -> StepLatencyProbe.measure(drifting, PROMPT, new Settings(2, 1, 1), System::nanoTime)))
                    .hasMessageContaining("sampler");
        }

        @Test
        @DisplayName("Invalid settings are rejected with the value in the message")
        void invalidSettings() {
            assertThat(assertRejects(IllegalArgumentException.class, () -> StepLatencyProbe.measure(decoder, PROMPT, new Settings(0, 1, 1), clock::read)))
                    .hasMessageContaining("newTokens 0");
            assertThat(assertRejects(IllegalArgumentException.class, () -> StepLatencyProbe.measure(decoder, PROMPT, new Settings(3, -1, 1), clock::read)))
                    .hasMessageContaining("warmupRounds -1");
            assertThat(assertRejects(IllegalArgumentException.class, () -> StepLatencyProbe.measure(decoder, PROMPT, new Settings(3, 1, 0), clock::read)))
                    .hasMessageContaining("measuredRounds 0");
        }

        @Test
        @DisplayName("An empty prompt is rejected")
        void emptyPrompt() {
            assertThat(assertRejects(IllegalArgumentException.class, () -> StepLatencyProbe.measure(decoder, new int[0], settings, clock::read)))
                    .hasMessageContaining("empty prompt");
        }
    }

    @Nested
    @DisplayName("the two decoders, on a small random model")
    class Decoders {

        @Test
        @DisplayName("Without a cache, the steps generate the tokens of lesson 2's generator")
        void withoutCacheMatchesLesson2() {
            Decoder decoder = StepLatencyProbe.withoutCache(WEIGHTS, Sampler::greedy);
            int[] expected = RecomputeGenerator.generate(WEIGHTS, PROMPT, 8, Sampler.greedy()).generatedTokens();

            decoder.start(PROMPT);
            int[] actual = new int[8];
            for (int s = 0; s < actual.length; s++) {
                actual[s] = decoder.step();
            }

            assertThat(actual).containsExactly(expected);
        }

        @Test
        @DisplayName("With a cache, the steps generate the tokens of lesson 3's generator")
        void withCacheMatchesLesson3() {
            Decoder decoder = StepLatencyProbe.withCache(WEIGHTS, Sampler::greedy);
            int[] expected = CachedGenerator.generate(WEIGHTS, PROMPT, 8, Sampler.greedy()).generatedTokens();

            decoder.start(PROMPT);
            int[] actual = new int[8];
            for (int s = 0; s < actual.length; s++) {
                actual[s] = decoder.step();
            }

            assertThat(actual).containsExactly(expected);
        }

        @Test
        @DisplayName("start() begins a new generation: a second run repeats the first")
        void startForgetsEarlierTokens() {
            Decoder decoder = StepLatencyProbe.withCache(WEIGHTS, Sampler::greedy);
            int[] first = new int[5];
            int[] second = new int[5];

            decoder.start(PROMPT);
            for (int s = 0; s < first.length; s++) {
                first[s] = decoder.step();
            }
            decoder.start(PROMPT);
            for (int s = 0; s < second.length; s++) {
                second[s] = decoder.step();
            }

            assertThat(second).containsExactly(first);
        }

        @Test
        @DisplayName("A one-token prompt works: the first step feeds it at position 0")
        void oneTokenPrompt() {
            Decoder decoder = StepLatencyProbe.withCache(WEIGHTS, Sampler::greedy);
            int[] expected = CachedGenerator.generate(WEIGHTS, new int[] {1}, 3, Sampler.greedy()).generatedTokens();

            decoder.start(new int[] {1});
            int[] actual = {decoder.step(), decoder.step(), decoder.step()};

            assertThat(actual).containsExactly(expected);
        }
    }

    @Nested
    @DisplayName("compare, on a small random model")
    class Compare {

        private final Settings settings = new Settings(6, 1, 2);

        @Test
        @DisplayName("Both strategies are measured, one sample per position")
        void bothStrategies() {
            Comparison comparison = StepLatencyProbe.compare(WEIGHTS, PROMPT, settings, Sampler::greedy);

            assertThat(comparison.withoutCache().nanos()).hasSize(6);
            assertThat(comparison.withCache().nanos()).hasSize(6);
        }

        @Test
        @DisplayName("Both strategies start at position prompt.length - 1")
        void samePositions() {
            Comparison comparison = StepLatencyProbe.compare(WEIGHTS, PROMPT, settings, Sampler::greedy);

            assertThat(comparison.withoutCache().firstPosition()).isEqualTo(2);
            assertThat(comparison.withCache().firstPosition()).isEqualTo(2);
        }

        @Test
        @DisplayName("Both strategies generate the same tokens")
        void sameTokens() {
            Comparison comparison = StepLatencyProbe.compare(WEIGHTS, PROMPT, settings, Sampler::greedy);

            assertThat(comparison.withCache().tokens()).containsExactly(comparison.withoutCache().tokens());
        }

        @Test
        @DisplayName("A generation that does not fit in seqLen is rejected with the largest count that fits")
        void beyondSeqLen() {
            // 3 prompt positions + 15 new tokens - 1 = 17 positions > seqLen 16; 14 would fit.
            assertThat(assertRejects(IllegalArgumentException.class, () -> StepLatencyProbe.compare(WEIGHTS, PROMPT, new Settings(15, 0, 1), Sampler::greedy)))
                    .hasMessageContaining("16")
                    .hasMessageContaining("14");
        }
    }
}
