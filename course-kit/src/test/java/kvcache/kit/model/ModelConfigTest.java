package kvcache.kit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ModelConfig")
class ModelConfigTest {

    private static ModelConfig.Builder stories260k() {
        return ModelConfig.builder().dim(64).hiddenDim(172).nLayers(5).nHeads(8).nKvHeads(4)
                .vocabSize(512).seqLen(512);
    }

    @Test
    @DisplayName("derived sizes of stories260K: head size 8, kvDim 32, two query heads per kv head")
    void derivedSizes() {
        ModelConfig config = stories260k().build();

        assertThat(config.headSize()).isEqualTo(8);
        assertThat(config.kvDim()).isEqualTo(32);
        assertThat(config.kvMul()).isEqualTo(2);
        assertThat(config.sharedClassifier()).isTrue();
    }

    @Test
    @DisplayName("toBuilder copies every value")
    void toBuilderCopies() {
        ModelConfig config = stories260k().sharedClassifier(false).build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    @DisplayName("a size of 0 is rejected, naming the field and the value")
    void zeroSize() {
        assertThatThrownBy(() -> stories260k().hiddenDim(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hiddenDim 0");
    }

    @Test
    @DisplayName("a negative seqLen is rejected, naming the value")
    void negativeSeqLen() {
        assertThatThrownBy(() -> stories260k().seqLen(-3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seqLen -3");
    }

    @Test
    @DisplayName("nKvHeads that does not divide nHeads is rejected, naming both")
    void kvHeadsNotDividing() {
        assertThatThrownBy(() -> stories260k().nKvHeads(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nKvHeads 3")
                .hasMessageContaining("nHeads 8");
    }

    @Test
    @DisplayName("nHeads that does not divide dim is rejected, naming both")
    void headsNotDividingDim() {
        assertThatThrownBy(() -> stories260k().dim(60).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nHeads 8")
                .hasMessageContaining("dim 60");
    }

    @Test
    @DisplayName("an odd head size is rejected, naming it")
    void oddHeadSize() {
        assertThatThrownBy(() -> stories260k().dim(24).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("head size 3");
    }
}
