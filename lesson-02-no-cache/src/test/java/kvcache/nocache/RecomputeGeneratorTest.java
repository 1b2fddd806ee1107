package kvcache.nocache;

import static kvcache.kit.testing.PropertyTests.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.IOException;
import java.util.Arrays;
import kvcache.kit.model.Generation;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Sampler;
import kvcache.kit.model.Tokenizer;
import kvcache.kit.testing.FloatAssertions;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("2.3 Generation without a cache")
class RecomputeGeneratorTest {

    /** The generator must hand the sampler the forward pass's last row unchanged. */
    private static final float SAME_ROW_TOLERANCE = 0f;

    private static final ModelConfig SMALL = ModelConfig.builder()
            .dim(8).hiddenDim(12).nLayers(2).nHeads(4).nKvHeads(2).vocabSize(10).seqLen(6).build();

    /** The 60 new tokens llama2.c generated after BOS and the 4 prompt tokens. */
    private static final int STORIES_NEW_TOKENS = Llama2cFixture.POSITIONS + 1 - 5;

    @Test
    @DisplayName("stories260K greedy: the same 65 tokens as llama2.c")
    void stories260kTokens() throws IOException {
        Llama2cFixture fixture = Llama2cFixture.load();
        int[] prompt = fixture.tokenizer.encode(Llama2cFixture.PROMPT, true, false);

        Generation generation = RecomputeGenerator.generate(fixture.weights, prompt, STORIES_NEW_TOKENS,
                Sampler.greedy());

        assertThat(generation.tokens()).containsExactly(fixture.allTokens());
    }

    @Test
    @DisplayName("stories260K greedy: the same text as llama2.c")
    void stories260kText() throws IOException {
        Llama2cFixture fixture = Llama2cFixture.load();
        int[] prompt = fixture.tokenizer.encode(Llama2cFixture.PROMPT, true, false);

        Generation generation = RecomputeGenerator.generate(fixture.weights, prompt, STORIES_NEW_TOKENS,
                Sampler.greedy());

        // llama2.c prints every token after BOS and a newline at the end.
        assertThat(fixture.tokenizer.decodeAll(generation.tokens()) + "\n").isEqualTo(fixture.text);
    }

    @Test
    @DisplayName("stories260K greedy: each token's logits match llama2.c's within 1e-4")
    void stories260kLogits() throws IOException {
        Llama2cFixture fixture = Llama2cFixture.load();
        int[] prompt = fixture.tokenizer.encode(Llama2cFixture.PROMPT, true, false);

        Generation generation = RecomputeGenerator.generate(fixture.weights, prompt, STORIES_NEW_TOKENS,
                Sampler.greedy());

        // The first new token was sampled from position 4, the last prompt position.
        FloatAssertions.assertClose("logits", fixture.logitRows(prompt.length - 1, Llama2cFixture.POSITIONS),
                generation.logits(), Llama2cFixture.LOGITS_TOLERANCE);
    }

    @Test
    @DisplayName("the generation starts with the prompt and has one logits row per new token")
    void generationLayout() {
        int[] prompt = {Tokenizer.BOS, 4, 5};

        Generation generation = RecomputeGenerator.generate(ModelWeights.random(SMALL, 5), prompt, 3, Sampler.greedy());

        assertThat(generation.promptLength()).isEqualTo(3);
        assertThat(generation.tokens()).hasSize(6);
        assertThat(generation.tokens()).startsWith(prompt);
        assertThat(generation.logits().numRows).isEqualTo(3);
        assertThat(generation.logits().numCols).isEqualTo(SMALL.vocabSize());
    }

    @Test
    @DisplayName("each step samples from the last row of a full forward pass over the sequence so far (property)")
    void eachStepUsesLastRow() {
        qt(100).forAll(TinyModels.cases(), integers().between(1, 4)).checkAssert((testCase, requested) -> {
            int[] prompt = testCase.tokens();
            int newTokens = Math.min(requested, TinyModels.SEQ_LEN - prompt.length + 1);
            ModelWeights weights = testCase.weights();

            Generation generation = RecomputeGenerator.generate(weights, prompt, newTokens, Sampler.greedy());

            int[] tokens = generation.tokens();
            FMatrixRMaj logits = generation.logits();
            for (int step = 0; step < newTokens; step++) {
                int length = prompt.length + step;
                FMatrixRMaj forward = FullForward.logits(weights, Arrays.copyOf(tokens, length));
                FloatAssertions.assertClose("logits of step " + step, lastRow(forward), row(logits, step),
                        SAME_ROW_TOLERANCE);
                assertThat(tokens[length]).as("token of step %d", step)
                        .isEqualTo(Llama2cFixture.argmax(forward, length - 1));
            }
        });
    }

    @Test
    @DisplayName("a seeded temperature sampler gives the same generation twice")
    void seededSamplingRepeats() {
        ModelWeights weights = ModelWeights.random(SMALL, 6);
        int[] prompt = {Tokenizer.BOS};

        Generation first = RecomputeGenerator.generate(weights, prompt, 5, Sampler.temperature(1f, 0.9f, 42));
        Generation second = RecomputeGenerator.generate(weights, prompt, 5, Sampler.temperature(1f, 0.9f, 42));

        assertThat(second.tokens()).containsExactly(first.tokens());
    }

    @Test
    @DisplayName("prompt plus new tokens may reach exactly seqLen + 1 tokens")
    void fillsContext() {
        // seqLen 6: a prompt of 2 and 5 new tokens process 2 + 5 - 1 = 6 positions.
        Generation generation = RecomputeGenerator.generate(ModelWeights.random(SMALL, 7), new int[] {1, 2}, 5,
                Sampler.greedy());

        assertThat(generation.tokens()).hasSize(7);
    }

    @Test
    @DisplayName("more positions than seqLen are rejected, naming the count and seqLen")
    void beyondSeqLen() {
        ModelWeights weights = ModelWeights.random(SMALL, 7);

        // 2 + 6 - 1 = 7 positions, one more than seqLen 6.
        assertThatThrownBy(() -> RecomputeGenerator.generate(weights, new int[] {1, 2}, 6, Sampler.greedy()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7")
                .hasMessageContaining("6");
    }

    @Test
    @DisplayName("an empty prompt is rejected")
    void emptyPrompt() {
        ModelWeights weights = ModelWeights.random(SMALL, 7);

        assertThatThrownBy(() -> RecomputeGenerator.generate(weights, new int[0], 3, Sampler.greedy()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    @DisplayName("zero new tokens are rejected, naming the count")
    void zeroNewTokens() {
        ModelWeights weights = ModelWeights.random(SMALL, 7);

        assertThatThrownBy(() -> RecomputeGenerator.generate(weights, new int[] {1}, 0, Sampler.greedy()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    @DisplayName("a prompt token outside the vocabulary is rejected, naming it")
    void promptTokenOutsideVocabulary() {
        ModelWeights weights = ModelWeights.random(SMALL, 7);

        assertThatThrownBy(() -> RecomputeGenerator.generate(weights, new int[] {1, 42}, 2, Sampler.greedy()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("42");
    }

    @Test
    @DisplayName("the prompt array is not modified")
    void promptUnchanged() {
        int[] prompt = {1, 2, 3};

        RecomputeGenerator.generate(ModelWeights.random(SMALL, 8), prompt, 2, Sampler.greedy());

        assertThat(prompt).containsExactly(1, 2, 3);
    }

    private static float[] lastRow(FMatrixRMaj matrix) {
        return row(matrix, matrix.numRows - 1);
    }

    private static float[] row(FMatrixRMaj matrix, int row) {
        float[] values = new float[matrix.numCols];
        System.arraycopy(matrix.data, row * matrix.numCols, values, 0, values.length);
        return values;
    }
}
