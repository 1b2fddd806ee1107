package kvcache.kit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ModelWeights")
class ModelWeightsTest {

    private static final ModelConfig CONFIG = ModelConfig.builder()
            .dim(8).hiddenDim(12).nLayers(2).nHeads(4).nKvHeads(2).vocabSize(10).seqLen(16).build();

    @Test
    @DisplayName("matrices have the llama2.c shapes, output dimension first")
    void shapes() {
        ModelWeights weights = ModelWeights.random(CONFIG, 1);

        assertShape(weights.tokenEmbedding(), 10, 8);
        assertShape(weights.wq(1), 8, 8);
        assertShape(weights.wk(1), 4, 8);
        assertShape(weights.wv(1), 4, 8);
        assertShape(weights.wo(1), 8, 8);
        assertShape(weights.w1(1), 12, 8);
        assertShape(weights.w2(1), 8, 12);
        assertShape(weights.w3(1), 12, 8);
        assertShape(weights.classifier(), 10, 8);
        assertThat(weights.rmsAttention(1)).hasSize(8);
        assertThat(weights.rmsFeedForward(1)).hasSize(8);
        assertThat(weights.rmsFinal()).hasSize(8);
    }

    @Test
    @DisplayName("the same seed gives the same weights")
    void sameSeed() {
        ModelWeights first = ModelWeights.random(CONFIG, 7);
        ModelWeights second = ModelWeights.random(CONFIG, 7);

        assertThat(second.w2(1).data).isEqualTo(first.w2(1).data);
        assertThat(second.rmsFinal()).isEqualTo(first.rmsFinal());
    }

    @Test
    @DisplayName("another seed gives other weights")
    void otherSeed() {
        assertThat(ModelWeights.random(CONFIG, 8).wq(0).data).isNotEqualTo(ModelWeights.random(CONFIG, 7).wq(0).data);
    }

    @Test
    @DisplayName("a shared classifier is the embedding table; a separate one is not")
    void sharedClassifier() {
        ModelWeights shared = ModelWeights.random(CONFIG, 1);
        ModelWeights separate = ModelWeights.random(CONFIG.toBuilder().sharedClassifier(false).build(), 1);

        assertThat(shared.classifier()).isSameAs(shared.tokenEmbedding());
        assertThat(separate.classifier()).isNotSameAs(separate.tokenEmbedding());
        assertThat(separate.classifier().data).isNotEqualTo(separate.tokenEmbedding().data);
    }

    @Test
    @DisplayName("random RMSNorm weights lie near 1 and matrix entries near 1/sqrt(fan_in)")
    void randomScale() {
        ModelWeights weights = ModelWeights.random(CONFIG, 3);

        for (float value : weights.rmsAttention(0)) {
            assertThat(value).isBetween(0.5f, 1.5f);
        }
        // Entries of w2 (fan_in 12) are normal with standard deviation 1/sqrt(12) = 0.289.
        double sumOfSquares = 0;
        for (float value : weights.w2(0).data) {
            sumOfSquares += value * value;
        }
        double rms = Math.sqrt(sumOfSquares / weights.w2(0).data.length);
        assertThat(rms).isBetween(0.2, 0.4);
    }

    @Test
    @DisplayName("a layer index outside the model is rejected, naming it and the range")
    void layerOutOfRange() {
        ModelWeights weights = ModelWeights.random(CONFIG, 1);

        assertThatThrownBy(() -> weights.wq(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 2")
                .hasMessageContaining("0 to 1");
    }

    private static void assertShape(org.ejml.data.FMatrixRMaj matrix, int rows, int cols) {
        assertThat(matrix.numRows).isEqualTo(rows);
        assertThat(matrix.numCols).isEqualTo(cols);
    }
}
