package kvcache.benchmark;

import static kvcache.kit.testing.Rejections.assertRejects;
import static org.assertj.core.api.Assertions.assertThat;

import kvcache.kit.model.ModelConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Exercise 4.2. The configurations are those published in each model's config.json; the
 * published cache sizes are quoted beside each test. All expected values were also computed by
 * solutions/lesson-04-benchmark/python/expected_values.py.
 */
@DisplayName("4.2 Cache memory")
class CacheMemoryTest {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long GIB = 1024 * MIB;

    /** OPT-13B: hidden size 5120, 40 layers, 40 heads (multi-head attention), context 2048. */
    static final ModelConfig OPT_13B = ModelConfig.builder()
            .dim(5120).hiddenDim(20480).nLayers(40).nHeads(40).nKvHeads(40).vocabSize(50272).seqLen(2048).build();

    /** Llama-2-7B: hidden size 4096, 32 layers, 32 heads (multi-head attention), context 4096. */
    static final ModelConfig LLAMA_2_7B = ModelConfig.builder()
            .dim(4096).hiddenDim(11008).nLayers(32).nHeads(32).nKvHeads(32).vocabSize(32000).seqLen(4096).build();

    /** Llama-3-8B: hidden size 4096, 32 layers, 32 query heads sharing 8 key/value heads, context 8192. */
    static final ModelConfig LLAMA_3_8B = ModelConfig.builder()
            .dim(4096).hiddenDim(14336).nLayers(32).nHeads(32).nKvHeads(8).vocabSize(128256).seqLen(8192).build();

    @Test
    @DisplayName("OPT-13B holds 800 KiB per token at 2 bytes a value, as the vLLM paper states")
    void opt13bPerToken() {
        // Kwon et al., "Efficient Memory Management for Large Language Model Serving with
        // PagedAttention" (2023): 2 (key and value) x 5120 x 40 layers x 2 bytes = 800 KB.
        assertThat(CacheMemory.bytesPerToken(OPT_13B, CacheMemory.FLOAT16_BYTES)).isEqualTo(800 * KIB);
    }

    @Test
    @DisplayName("OPT-13B's full context of 2048 tokens holds 1600 MiB, the paper's 1.6 GB")
    void opt13bFullContext() {
        assertThat(CacheMemory.bytesForContext(OPT_13B, 2048, CacheMemory.FLOAT16_BYTES)).isEqualTo(1600 * MIB);
    }

    @Test
    @DisplayName("Llama-2-7B holds 512 KiB per token at 2 bytes a value")
    void llama2PerToken() {
        assertThat(CacheMemory.bytesPerToken(LLAMA_2_7B, CacheMemory.FLOAT16_BYTES)).isEqualTo(512 * KIB);
    }

    @Test
    @DisplayName("Llama-2-7B's full context of 4096 tokens holds 2 GiB")
    void llama2FullContext() {
        assertThat(CacheMemory.bytesForContext(LLAMA_2_7B, 4096, CacheMemory.FLOAT16_BYTES)).isEqualTo(2 * GIB);
    }

    @Test
    @DisplayName("Llama-3-8B holds 128 KiB per token, because only its 8 key/value heads count")
    void llama3PerToken() {
        assertThat(CacheMemory.bytesPerToken(LLAMA_3_8B, CacheMemory.FLOAT16_BYTES)).isEqualTo(128 * KIB);
    }

    @Test
    @DisplayName("Counting Llama-3-8B's 32 query heads instead would give 4 times too much")
    void llama3QueryHeadsWouldOverestimate() {
        ModelConfig withQueryHeadsAsKvHeads = LLAMA_3_8B.toBuilder().nKvHeads(32).build();
        long wrong = CacheMemory.bytesPerToken(withQueryHeadsAsKvHeads, CacheMemory.FLOAT16_BYTES);
        long right = CacheMemory.bytesPerToken(LLAMA_3_8B, CacheMemory.FLOAT16_BYTES);

        assertThat(wrong).isEqualTo(4 * right);
    }

    @Test
    @DisplayName("Llama-3-8B's full context of 8192 tokens holds 1 GiB")
    void llama3FullContext() {
        assertThat(CacheMemory.bytesForContext(LLAMA_3_8B, 8192, CacheMemory.FLOAT16_BYTES)).isEqualTo(GIB);
    }

    @Test
    @DisplayName("stories260K holds 1280 bytes per token in float32: 2 x 5 layers x 4 kv heads x 8 x 4")
    void stories260KPerToken() {
        assertThat(CacheMemory.bytesPerToken(CostModelTest.STORIES_260K, CacheMemory.FLOAT32_BYTES)).isEqualTo(1280L);
    }

    @Test
    @DisplayName("stories260K's full context of 512 tokens holds 640 KiB in float32")
    void stories260KFullContext() {
        assertThat(CacheMemory.bytesForContext(CostModelTest.STORIES_260K, 512, CacheMemory.FLOAT32_BYTES))
                .isEqualTo(640 * KIB);
    }

    @Test
    @DisplayName("stories15M holds 13.5 KiB per token in float32")
    void stories15MPerToken() {
        assertThat(CacheMemory.bytesPerToken(CostModelTest.STORIES_15M, CacheMemory.FLOAT32_BYTES)).isEqualTo(13_824L);
    }

    @Test
    @DisplayName("Halving the bytes per value halves the cache")
    void halfPrecisionHalvesTheCache() {
        long float32 = CacheMemory.bytesPerToken(CostModelTest.STORIES_260K, CacheMemory.FLOAT32_BYTES);
        long float16 = CacheMemory.bytesPerToken(CostModelTest.STORIES_260K, CacheMemory.FLOAT16_BYTES);

        assertThat(float16 * 2).isEqualTo(float32);
    }

    @Test
    @DisplayName("An empty cache holds 0 bytes")
    void emptyCache() {
        assertThat(CacheMemory.bytesForContext(LLAMA_2_7B, 0, CacheMemory.FLOAT16_BYTES)).isZero();
    }

    @Test
    @DisplayName("More tokens than seqLen are rejected with the limit in the message")
    void tokensBeyondContext() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> CacheMemory.bytesForContext(CostModelTest.STORIES_260K, 513, 4)))
                .hasMessageContaining("513")
                .hasMessageContaining("512");
    }

    @Test
    @DisplayName("A negative token count is rejected")
    void negativeTokens() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> CacheMemory.bytesForContext(CostModelTest.STORIES_260K, -1, 4)))
                .hasMessageContaining("-1");
    }

    @Test
    @DisplayName("Zero bytes per value is rejected")
    void zeroBytesPerValue() {
        assertThat(assertRejects(IllegalArgumentException.class, () -> CacheMemory.bytesPerToken(CostModelTest.STORIES_260K, 0)))
                .hasMessageContaining("bytesPerValue 0");
    }
}
