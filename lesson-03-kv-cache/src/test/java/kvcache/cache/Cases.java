package kvcache.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators for the lesson's properties: small seeded models, token sequences
 * and ways to feed them.
 *
 * <p>Every size is drawn with {@link Generate#range(int, int)}, which shrinks toward its lower
 * bound, so a failing case shrinks toward one layer, one head of size 2, a vocabulary of 2, a
 * short sequence and a feeding plan of few chunks. Token ids shrink toward 0.
 */
final class Cases {

    /** The largest sequence length the properties use. */
    static final int MAX_SEQ_LEN = 64;

    private Cases() {
    }

    /**
     * One generated case: a model, the tokens of one sequence and how to feed them.
     *
     * @param config the model's sizes
     * @param weightSeed the seed of {@link ModelWeights#random(ModelConfig, long)}
     * @param tokens the sequence, {@code 1 .. seqLen} tokens
     * @param chunks the sizes of the prefill passes, fed first and in order; the tokens after them
     *     are fed one decode step each
     */
    record Case(ModelConfig config, long weightSeed, int[] tokens, int[] chunks) {

        ModelWeights weights() {
            return ModelWeights.random(config, weightSeed);
        }

        /** Returns the number of tokens fed by prefill passes; the rest are decode steps. */
        int prefilled() {
            return Arrays.stream(chunks).sum();
        }

        @Override
        public String toString() {
            return "Case[" + describe(config) + ", weightSeed=" + weightSeed + ", tokens="
                    + Arrays.toString(tokens) + ", prefill chunks=" + Arrays.toString(chunks) + ", then "
                    + (tokens.length - prefilled()) + " decode step(s)]";
        }
    }

    /** Returns the config sizes on one line, shortest first. */
    static String describe(ModelConfig config) {
        return "nLayers=" + config.nLayers() + ", nHeads=" + config.nHeads() + ", nKvHeads=" + config.nKvHeads()
                + ", headSize=" + config.headSize() + ", hiddenDim=" + config.hiddenDim() + ", vocabSize="
                + config.vocabSize() + ", seqLen=" + config.seqLen() + ", sharedClassifier="
                + config.sharedClassifier();
    }

    /**
     * Returns arbitrary small configs: 1-3 layers, 1-4 kv heads, 1-3 query heads per kv head,
     * an even head size of 2-16, a hidden size of 1-32, a vocabulary of 2-64 and a seqLen of
     * {@code minSeqLen .. 64}.
     */
    static Gen<ModelConfig> configs(int minSeqLen) {
        return in -> {
            int nLayers = Generate.range(1, 3).generate(in);
            int nKvHeads = Generate.range(1, 4).generate(in);
            int kvMul = Generate.range(1, 3).generate(in);
            int headSize = 2 * Generate.range(1, 8).generate(in);
            int hiddenDim = Generate.range(1, 32).generate(in);
            int vocabSize = Generate.range(2, 64).generate(in);
            int seqLen = Generate.range(minSeqLen, MAX_SEQ_LEN).generate(in);
            boolean shared = Generate.range(0, 1).generate(in) == 0;
            int nHeads = nKvHeads * kvMul;
            return ModelConfig.builder()
                    .dim(nHeads * headSize).hiddenDim(hiddenDim).nLayers(nLayers)
                    .nHeads(nHeads).nKvHeads(nKvHeads).vocabSize(vocabSize).seqLen(seqLen)
                    .sharedClassifier(shared)
                    .build();
        };
    }

    /** Returns {@code length} arbitrary token ids of the config's vocabulary. */
    static Gen<int[]> tokens(ModelConfig config, int length) {
        return in -> {
            int[] tokens = new int[length];
            for (int i = 0; i < length; i++) {
                tokens[i] = Generate.range(0, config.vocabSize() - 1).generate(in);
            }
            return tokens;
        };
    }

    /** Returns cases fed by decode steps only: an empty cache, then one step per token. */
    static Gen<Case> stepCases() {
        return cases(1, false);
    }

    /**
     * Returns cases that start with a prefill of 1 .. n tokens, continue with 0 to 3 more
     * prefill chunks of arbitrary sizes, and feed the remaining tokens one decode step each.
     */
    static Gen<Case> prefillCases() {
        return cases(1, true);
    }

    /** Returns cases whose sequence fills the whole seqLen, fed by decode steps only. */
    static Gen<Case> fullLengthCases() {
        return in -> {
            ModelConfig config = configs(1).generate(in);
            long seed = Generate.longRange(0, Long.MAX_VALUE).generate(in);
            int[] tokens = tokens(config, config.seqLen()).generate(in);
            return new Case(config, seed, tokens, new int[0]);
        };
    }

    private static Gen<Case> cases(int minSeqLen, boolean withPrefill) {
        Gen<Case> gen = in -> {
            ModelConfig config = configs(minSeqLen).generate(in);
            long seed = Generate.longRange(0, Long.MAX_VALUE).generate(in);
            int length = Generate.range(1, config.seqLen()).generate(in);
            int[] tokens = tokens(config, length).generate(in);
            int[] chunks = withPrefill ? chunks(length).generate(in) : new int[0];
            return new Case(config, seed, tokens, chunks);
        };
        return gen.describedAs(Case::toString);
    }

    /** Returns a first prefill of 1 .. length tokens and up to 3 further chunks within {@code length}. */
    private static Gen<int[]> chunks(int length) {
        return in -> {
            List<Integer> sizes = new ArrayList<>();
            int first = Generate.range(1, length).generate(in);
            sizes.add(first);
            int fed = first;
            int extra = Generate.range(0, 3).generate(in);
            for (int c = 0; c < extra && fed < length; c++) {
                int size = Generate.range(1, length - fed).generate(in);
                sizes.add(size);
                fed += size;
            }
            return sizes.stream().mapToInt(Integer::intValue).toArray();
        };
    }
}
