package kvcache.kit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sampler")
class SamplerTest {

    @Test
    @DisplayName("greedy takes the largest logit")
    void greedyArgmax() {
        assertThat(Sampler.greedy().sample(new float[] {0.5f, 3f, -1f, 2.9f})).isEqualTo(1);
    }

    @Test
    @DisplayName("greedy takes the lowest index on ties")
    void greedyTies() {
        assertThat(Sampler.greedy().sample(new float[] {1f, 4f, 4f, 4f})).isEqualTo(1);
    }

    @Test
    @DisplayName("greedy reads the requested row of a logits matrix")
    void greedyRow() {
        FMatrixRMaj logits = new FMatrixRMaj(new float[][] {{9, 0, 0}, {0, 0, 9}});

        assertThat(Sampler.greedy().sample(logits, 1)).isEqualTo(2);
    }

    @Test
    @DisplayName("temperature 0 is greedy")
    void temperatureZero() {
        assertThat(Sampler.temperature(0f, 0.9f, 5).sample(new float[] {0.5f, 3f, -1f})).isEqualTo(1);
    }

    @Test
    @DisplayName("seed 42 draws the tokens llama2.c's xorshift generator gives")
    void xorshiftDraws() {
        // Four equal logits: token floor(4 * coin). The coins of seed 42 come from the port of
        // run.c's random_u32 / random_f32 in course-kit/python/expected_values.py.
        Sampler sampler = Sampler.temperature(1f, 1f, 42);
        int[] drawn = new int[12];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = sampler.sample(new float[4]);
        }

        assertThat(drawn).containsExactly(1, 3, 3, 3, 3, 3, 0, 1, 1, 2, 1, 1);
    }

    @Test
    @DisplayName("draws follow softmax(logits / temperature): 0.25 and 0.75 within 0.03 over 4000 draws")
    void frequencies() {
        Sampler sampler = Sampler.temperature(1f, 0f, 7);
        float[] logits = {0f, (float) Math.log(3)};
        int ones = 0;
        for (int i = 0; i < 4000; i++) {
            ones += sampler.sample(logits);
        }

        assertThat(ones / 4000.0).isBetween(0.72, 0.78);
    }

    @Test
    @DisplayName("top-p 0.5 keeps only a token of probability 0.6")
    void topPKeepsNucleus() {
        Sampler sampler = Sampler.temperature(1f, 0.5f, 3);
        // Probabilities 0.6, 0.2, 0.2: the nucleus of 0.5 is token 0 alone.
        float[] logits = {(float) Math.log(0.6), (float) Math.log(0.2), (float) Math.log(0.2)};
        for (int i = 0; i < 200; i++) {
            assertThat(sampler.sample(logits)).as("draw %d", i).isZero();
        }
    }

    @Test
    @DisplayName("the logits passed in are not modified")
    void logitsUnchanged() {
        float[] logits = {1f, 2f, 3f};

        Sampler.temperature(0.5f, 0.9f, 9).sample(logits);

        assertThat(logits).containsExactly(1f, 2f, 3f);
    }

    @Test
    @DisplayName("a negative temperature is rejected, naming it")
    void negativeTemperature() {
        assertThatThrownBy(() -> Sampler.temperature(-0.5f, 0.9f, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.5");
    }

    @Test
    @DisplayName("a top-p above 1 is rejected, naming it")
    void topPAboveOne() {
        assertThatThrownBy(() -> Sampler.temperature(1f, 1.5f, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
    }

    @Test
    @DisplayName("seed 0 is rejected")
    void seedZero() {
        assertThatThrownBy(() -> Sampler.temperature(1f, 0.9f, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed 0");
    }

    @Test
    @DisplayName("NaN logits are rejected, naming the index")
    void nanLogits() {
        assertThatThrownBy(() -> Sampler.greedy().sample(new float[] {0f, Float.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logit 1");
    }
}
