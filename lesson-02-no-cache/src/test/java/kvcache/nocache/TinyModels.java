package kvcache.nocache;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Random;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import org.quicktheories.core.Gen;

/**
 * Generators of small seeded models and token sequences for property tests. Models have up to
 * 3 layers, 9 query heads, head sizes 2 to 8 and vocabularies of 3 to 20 tokens, and sequences
 * have up to 12 tokens, so that a hundred cases take well under a second.
 */
final class TinyModels {

    /** The context length of every generated model. */
    static final int SEQ_LEN = 12;

    private TinyModels() {
    }

    /** A seeded model and a token sequence for it. */
    record Case(ModelConfig config, long seed, int[] tokens) {

        ModelWeights weights() {
            return ModelWeights.random(config, seed);
        }

        @Override
        public String toString() {
            return config + ", weight seed " + seed + ", tokens " + Arrays.toString(tokens);
        }
    }

    /**
     * Generates small configs: nKvHeads 1 to 3, 1 to 3 query heads per key/value head (so MHA,
     * GQA and MQA all occur), even head sizes 2 to 8, shared or separate classifier.
     */
    static Gen<ModelConfig> configs() {
        Gen<int[]> heads = integers().between(1, 3).zip(integers().between(1, 3), integers().between(1, 4),
                (nKvHeads, groupSize, halfHeadSize) -> new int[] {nKvHeads, groupSize, halfHeadSize});
        return heads.zip(integers().between(1, 3), integers().between(1, 12), integers().between(3, 20),
                integers().between(0, 1), (shape, layers, hiddenDim, vocab, shared) -> {
                    int nHeads = shape[0] * shape[1];
                    return ModelConfig.builder()
                            .dim(nHeads * 2 * shape[2]).hiddenDim(hiddenDim).nLayers(layers)
                            .nHeads(nHeads).nKvHeads(shape[0]).vocabSize(vocab).seqLen(SEQ_LEN)
                            .sharedClassifier(shared == 1).build();
                });
    }

    /** Generates a config, a weight seed and a sequence of 1 to {@link #SEQ_LEN} tokens. */
    static Gen<Case> cases() {
        return configs().zip(longs().all(), longs().all(), integers().between(1, SEQ_LEN),
                (config, seed, tokenSeed, length) -> new Case(config, seed,
                        randomTokens(config.vocabSize(), length, tokenSeed)));
    }

    /** Returns {@code length} token ids in {@code [0, vocab)} drawn from a seeded generator. */
    static int[] randomTokens(int vocab, int length, long seed) {
        Random random = new Random(seed);
        int[] tokens = new int[length];
        for (int i = 0; i < length; i++) {
            tokens[i] = random.nextInt(vocab);
        }
        return tokens;
    }
}
