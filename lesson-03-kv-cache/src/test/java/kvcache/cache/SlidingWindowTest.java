package kvcache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.testing.FloatAssertions;
import kvcache.kit.testing.PropertyTests;
import kvcache.nocache.FullForward;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

@DisplayName("3.5 Sliding-window cache (optional)")
class SlidingWindowTest {

    /** 2 layers, 4 query heads sharing 2 kv heads of size 4, vocabulary 12, 10 positions. */
    private static final ModelConfig CONFIG = ModelConfig.builder()
            .dim(16).hiddenDim(24).nLayers(2).nHeads(4).nKvHeads(2).vocabSize(12).seqLen(10)
            .build();

    /** A model, a window and a sequence that may run past seqLen. */
    private record WindowCase(ModelConfig config, long weightSeed, int window, int[] tokens) {
        @Override
        public String toString() {
            return "WindowCase[" + Cases.describe(config) + ", weightSeed=" + weightSeed + ", window=" + window
                    + ", tokens=" + Arrays.toString(tokens) + "]";
        }
    }

    private static Gen<WindowCase> windowCases() {
        Gen<WindowCase> gen = in -> {
            ModelConfig config = Cases.configs(1).generate(in);
            long seed = Generate.longRange(0, Long.MAX_VALUE).generate(in);
            int window = Generate.range(1, 8).generate(in);
            int length = Generate.range(1, config.seqLen() + 16).generate(in);
            return new WindowCase(config, seed, window, Cases.tokens(config, length).generate(in));
        };
        return gen.describedAs(WindowCase::toString);
    }

    @Test
    @DisplayName("Logits equal full recomputation under a window-limited mask")
    void equalsWindowedRecomputation() {
        PropertyTests.qt(200).forAll(windowCases()).checkAssert(windowCase -> {
            ModelWeights weights = ModelWeights.random(windowCase.config(), windowCase.weightSeed());
            SlidingWindowCache cache = new SlidingWindowCache(windowCase.config(), windowCase.window());
            int[] tokens = windowCase.tokens();

            FMatrixRMaj expected = WindowedForward.logits(weights, tokens, windowCase.window());
            for (int position = 0; position < tokens.length; position++) {
                float[] logits = SlidingWindowDecoder.step(weights, cache, tokens[position]);
                FloatAssertions.assertClose("logits at position " + position, Checks.row(expected, position),
                        logits, Checks.LOGITS_TOLERANCE);
            }
            assertThat(cache.length()).as("length after every token").isEqualTo(tokens.length);
        });
    }

    @Test
    @DisplayName("A window as long as the sequence equals the full cache")
    void wideWindowEqualsFullCache() {
        ModelWeights weights = ModelWeights.random(CONFIG, 31);
        int[] tokens = {1, 7, 3, 3, 0, 11, 5, 2, 8, 4};
        SlidingWindowCache cache = new SlidingWindowCache(CONFIG, tokens.length);

        FMatrixRMaj full = FullForward.logits(weights, tokens);
        for (int position = 0; position < tokens.length; position++) {
            float[] logits = SlidingWindowDecoder.step(weights, cache, tokens[position]);
            FloatAssertions.assertClose("logits at position " + position, Checks.row(full, position), logits,
                    Checks.LOGITS_TOLERANCE);
        }
    }

    @Test
    @DisplayName("Memory stays at the window, however long the sequence")
    void boundedMemory() {
        ModelWeights weights = ModelWeights.random(CONFIG, 32);
        SlidingWindowCache cache = new SlidingWindowCache(CONFIG, 4);

        for (int position = 0; position < 25; position++) {
            SlidingWindowDecoder.step(weights, cache, position % 12);
        }

        assertThat(cache.length()).as("length after 25 steps, past seqLen 10").isEqualTo(25);
        // By hand: 2 (key and value) x 2 layers x 4 positions x 8 floats x 4 bytes = 512.
        assertThat(cache.bytes()).as("bytes of a 4-position window").isEqualTo(512L);
        assertThat(cache.firstVisible()).as("oldest position the next query sees: 25 - 4 + 1").isEqualTo(22);
    }

    @Test
    @DisplayName("A position that left the window can no longer be read")
    void evictedPositionRejected() {
        ModelWeights weights = ModelWeights.random(CONFIG, 33);
        SlidingWindowCache cache = new SlidingWindowCache(CONFIG, 3);
        for (int position = 0; position < 5; position++) {
            SlidingWindowDecoder.step(weights, cache, 1);
        }

        assertThatThrownBy(() -> cache.key(0, 2, 0))
                .as("position 2 after 5 steps with a window of 3")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2");
        assertThatCode(() -> cache.value(1, 4, 0)).as("reading position 4, still in the window")
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("A window below 1 is rejected")
    void invalidWindow() {
        assertThatThrownBy(() -> new SlidingWindowCache(CONFIG, 0))
                .as("window 0")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
