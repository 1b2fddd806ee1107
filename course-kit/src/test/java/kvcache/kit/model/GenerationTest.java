package kvcache.kit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Generation")
class GenerationTest {

    @Test
    @DisplayName("splits the tokens into prompt and generated ones")
    void promptAndGenerated() {
        Generation generation = new Generation(new int[] {1, 5, 6, 7}, 2, new FMatrixRMaj(2, 10));

        assertThat(generation.promptTokens()).containsExactly(1, 5);
        assertThat(generation.generatedTokens()).containsExactly(6, 7);
    }

    @Test
    @DisplayName("copies its arguments and its results")
    void defensiveCopies() {
        int[] tokens = {1, 5, 6};
        FMatrixRMaj logits = new FMatrixRMaj(1, 3);
        Generation generation = new Generation(tokens, 2, logits);

        tokens[0] = 99;
        logits.set(0, 0, 99f);
        generation.tokens()[1] = 99;
        generation.logits().set(0, 1, 99f);

        assertThat(generation.tokens()).containsExactly(1, 5, 6);
        assertThat(generation.logits().get(0, 0)).isZero();
        assertThat(generation.logits().get(0, 1)).isZero();
    }

    @Test
    @DisplayName("logits with the wrong number of rows are rejected, naming both counts")
    void wrongRows() {
        assertThatThrownBy(() -> new Generation(new int[] {1, 5, 6}, 1, new FMatrixRMaj(3, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 rows")
                .hasMessageContaining("2");
    }

    @Test
    @DisplayName("a prompt length of 0 is rejected")
    void emptyPrompt() {
        assertThatThrownBy(() -> new Generation(new int[] {1}, 0, new FMatrixRMaj(1, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prompt length 0");
    }
}
