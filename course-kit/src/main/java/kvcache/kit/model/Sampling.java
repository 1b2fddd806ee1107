package kvcache.kit.model;

import java.util.Arrays;

/** The implementations behind {@link Sampler}'s factories, following llama2.c's {@code run.c}. */
final class Sampling {

    private Sampling() {
    }

    /** Returns the index of the largest logit, the lowest index on ties. */
    static int argmax(float[] logits) {
        checkLogits(logits);
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void checkLogits(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("Cannot sample from empty logits: expected one value per vocabulary token");
        }
        for (int i = 0; i < logits.length; i++) {
            if (Float.isNaN(logits[i])) {
                throw new IllegalArgumentException("Cannot sample: logit " + i + " is NaN; check the forward pass");
            }
        }
    }

    /** Temperature and top-p sampling with llama2.c's xorshift generator. Not thread-safe. */
    static final class TemperatureSampler implements Sampler {

        private final float temperature;
        private final float topP;
        private long state;

        TemperatureSampler(float temperature, float topP, long seed) {
            if (!(temperature >= 0f) || Float.isInfinite(temperature)) {
                throw new IllegalArgumentException("Invalid temperature " + temperature
                        + ": it must be finite and at least 0 (0 means greedy)");
            }
            if (!(topP >= 0f && topP <= 1f)) {
                throw new IllegalArgumentException("Invalid topP " + topP
                        + ": it must be between 0 and 1 (0 or 1 turns top-p off)");
            }
            if (seed == 0) {
                throw new IllegalArgumentException("Invalid seed 0: the xorshift generator never leaves state 0, "
                        + "so use any other value");
            }
            this.temperature = temperature;
            this.topP = topP;
            this.state = seed;
        }

        @Override
        public int sample(float[] logits) {
            checkLogits(logits);
            if (temperature == 0f) {
                return argmax(logits);
            }
            float[] probabilities = new float[logits.length];
            for (int i = 0; i < logits.length; i++) {
                probabilities[i] = logits[i] / temperature;
            }
            softmaxInPlace(probabilities);
            float coin = nextFloat();
            if (topP <= 0f || topP >= 1f) {
                return sampleMultinomial(probabilities, coin);
            }
            return sampleTopP(probabilities, coin);
        }

        /** Returns llama2.c's {@code random_u32}: one xorshift* step, the upper 32 bits of the product. */
        private int nextInt() {
            state ^= state >>> 12;
            state ^= state << 25;
            state ^= state >>> 27;
            return (int) ((state * 0x2545F4914F6CDD1DL) >>> 32);
        }

        /** Returns llama2.c's {@code random_f32}: a float in [0, 1) from the upper 24 bits of {@link #nextInt()}. */
        private float nextFloat() {
            return (nextInt() >>> 8) / 16777216.0f;
        }

        private static void softmaxInPlace(float[] values) {
            float max = values[0];
            for (float value : values) {
                max = Math.max(max, value);
            }
            float sum = 0f;
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) Math.exp(values[i] - max);
                sum += values[i];
            }
            for (int i = 0; i < values.length; i++) {
                values[i] /= sum;
            }
        }

        /** Returns the first index whose cumulative probability exceeds {@code coin}. */
        private static int sampleMultinomial(float[] probabilities, float coin) {
            float cdf = 0f;
            for (int i = 0; i < probabilities.length; i++) {
                cdf += probabilities[i];
                if (coin < cdf) {
                    return i;
                }
            }
            return probabilities.length - 1; // rounding left the total just below coin
        }

        /**
         * Samples from the smallest set of most probable tokens whose probabilities sum to more
         * than {@code topP}. Tokens below {@code (1 - topP) / (n - 1)} cannot be in that set and
         * are dropped before sorting, as in llama2.c. Equal probabilities are ordered by token id;
         * llama2.c's {@code qsort} leaves their order unspecified.
         */
        private int sampleTopP(float[] probabilities, float coin) {
            int n = probabilities.length;
            float cutoff = n == 1 ? 0f : (1f - topP) / (n - 1);
            Integer[] candidates = new Integer[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (probabilities[i] >= cutoff) {
                    candidates[count++] = i;
                }
            }
            if (count == 0) {
                // Possible only when topP < 1/n and no token reaches the cutoff; llama2.c then
                // reads before its array. The nucleus of so small a topP is the top token.
                return argmax(probabilities);
            }
            Integer[] sorted = Arrays.copyOf(candidates, count);
            Arrays.sort(sorted, (a, b) -> Float.compare(probabilities[b], probabilities[a]));

            float cumulative = 0f;
            int last = sorted.length - 1;
            for (int i = 0; i < sorted.length; i++) {
                cumulative += probabilities[sorted[i]];
                if (cumulative > topP) {
                    last = i;
                    break;
                }
            }

            float r = coin * cumulative;
            float cdf = 0f;
            for (int i = 0; i <= last; i++) {
                cdf += probabilities[sorted[i]];
                if (r < cdf) {
                    return sorted[i];
                }
            }
            return sorted[last];
        }
    }
}
