package kvcache.nocache;

import static kvcache.kit.testing.PropertyTests.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.util.Arrays;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.testing.FloatAssertions;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("2.2 Full forward pass")
class FullForwardTest {

    /**
     * Causality is exact, not approximate: the masked attention weights are exactly 0, so later
     * positions add exact zeros to earlier rows, and every other step works row by row.
     */
    private static final float CAUSALITY_TOLERANCE = 0f;

    private static final ModelConfig SMALL = ModelConfig.builder()
            .dim(8).hiddenDim(12).nLayers(2).nHeads(4).nKvHeads(2).vocabSize(10).seqLen(6).build();

    @Test
    @DisplayName("stories260K: the logits of all 64 positions match llama2.c's within 1e-4")
    void stories260kLogits() throws IOException {
        Llama2cFixture fixture = Llama2cFixture.load();

        FMatrixRMaj logits = FullForward.logits(fixture.weights, fixture.tokens);

        FloatAssertions.assertClose("logits", fixture.logits, logits, Llama2cFixture.LOGITS_TOLERANCE);
    }

    @Test
    @DisplayName("stories260K: the argmax of each row after the prompt is llama2.c's next token")
    void stories260kGreedyTokens() throws IOException {
        Llama2cFixture fixture = Llama2cFixture.load();
        int[] expected = fixture.allTokens();

        FMatrixRMaj logits = FullForward.logits(fixture.weights, fixture.tokens);

        // Positions 0-3 are followed by prompt tokens, so greedy choices start at position 4.
        for (int position = 4; position < Llama2cFixture.POSITIONS; position++) {
            assertThat(Llama2cFixture.argmax(logits, position))
                    .as("greedy token after position %d", position)
                    .isEqualTo(expected[position + 1]);
        }
    }

    @Test
    @DisplayName("logits have one row per token and one column per vocabulary entry")
    void logitsShape() {
        FMatrixRMaj logits = FullForward.logits(ModelWeights.random(SMALL, 1), new int[] {1, 2, 3});

        assertThat(logits.numRows).isEqualTo(3);
        assertThat(logits.numCols).isEqualTo(SMALL.vocabSize());
    }

    @Test
    @DisplayName("the logits at position i do not change when tokens after i change (property)")
    void causality() {
        qt(150).forAll(TinyModels.cases(), integers().between(0, TinyModels.SEQ_LEN - 1), longs().all())
                .checkAssert((testCase, cut, otherSeed) -> {
                    int[] tokens = testCase.tokens();
                    int last = Math.min(cut, tokens.length - 1);
                    int[] changed = tokens.clone();
                    int[] replacement = TinyModels.randomTokens(testCase.config().vocabSize(), tokens.length, otherSeed);
                    System.arraycopy(replacement, last + 1, changed, last + 1, tokens.length - last - 1);
                    ModelWeights weights = testCase.weights();

                    FMatrixRMaj original = FullForward.logits(weights, tokens);
                    FMatrixRMaj modified = FullForward.logits(weights, changed);

                    FloatAssertions.assertClose("logits of positions 0.." + last,
                            rows(original, last + 1), rows(modified, last + 1), CAUSALITY_TOLERANCE);
                });
    }

    @Test
    @DisplayName("a prefix of the sequence gives the first rows of the whole sequence's logits (property)")
    void prefixGivesFirstRows() {
        qt(100).forAll(TinyModels.cases(), integers().between(1, TinyModels.SEQ_LEN))
                .checkAssert((testCase, prefixLength) -> {
                    int[] tokens = testCase.tokens();
                    int length = Math.min(prefixLength, tokens.length);
                    ModelWeights weights = testCase.weights();

                    FMatrixRMaj whole = FullForward.logits(weights, tokens);
                    FMatrixRMaj prefix = FullForward.logits(weights, Arrays.copyOf(tokens, length));

                    FloatAssertions.assertClose("logits of the first " + length + " positions",
                            rows(whole, length), prefix, CAUSALITY_TOLERANCE);
                });
    }

    @Test
    @DisplayName("a token id outside the vocabulary is rejected, naming the id and the limit")
    void tokenOutsideVocabulary() {
        ModelWeights weights = ModelWeights.random(SMALL, 2);

        // The vocabulary has 10 tokens: the limit may be named as the size (10) or the last id (9).
        assertThatThrownBy(() -> FullForward.logits(weights, new int[] {1, 12}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12")
                .hasMessageMatching("(?s).*\\b(9|10)\\b.*");
    }

    @Test
    @DisplayName("a token id equal to the vocabulary size is rejected")
    void tokenAtVocabSize() {
        ModelWeights weights = ModelWeights.random(SMALL, 2);

        assertThatThrownBy(() -> FullForward.logits(weights, new int[] {1, 10}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a negative token id is rejected, naming the id")
    void negativeToken() {
        ModelWeights weights = ModelWeights.random(SMALL, 2);

        assertThatThrownBy(() -> FullForward.logits(weights, new int[] {-1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    @DisplayName("an empty sequence is rejected")
    void emptySequence() {
        ModelWeights weights = ModelWeights.random(SMALL, 2);

        assertThatThrownBy(() -> FullForward.logits(weights, new int[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    @DisplayName("a sequence longer than seqLen is rejected, naming the length and seqLen")
    void sequenceLongerThanSeqLen() {
        ModelWeights weights = ModelWeights.random(SMALL, 2);

        assertThatThrownBy(() -> FullForward.logits(weights, new int[7]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7")
                .hasMessageContaining("6");
    }

    @Test
    @DisplayName("a sequence of exactly seqLen tokens is accepted")
    void sequenceOfSeqLen() {
        FMatrixRMaj logits = FullForward.logits(ModelWeights.random(SMALL, 2), new int[6]);

        assertThat(logits.numRows).isEqualTo(6);
    }

    @Test
    @DisplayName("the weights and the tokens are not modified")
    void inputsUnchanged() {
        ModelWeights weights = ModelWeights.random(SMALL, 3);
        float[] embedding = weights.tokenEmbedding().data.clone();
        float[] wq = weights.wq(0).data.clone();
        int[] tokens = {4, 5, 6};

        FullForward.logits(weights, tokens);

        assertThat(weights.tokenEmbedding().data).isEqualTo(embedding);
        assertThat(weights.wq(0).data).isEqualTo(wq);
        assertThat(tokens).containsExactly(4, 5, 6);
    }

    private static FMatrixRMaj rows(FMatrixRMaj matrix, int count) {
        FMatrixRMaj first = new FMatrixRMaj(count, matrix.numCols);
        System.arraycopy(matrix.data, 0, first.data, 0, first.data.length);
        return first;
    }
}
