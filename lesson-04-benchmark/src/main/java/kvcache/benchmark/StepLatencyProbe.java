package kvcache.benchmark;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import kvcache.kit.ExerciseNotImplemented;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Sampler;

/**
 * Exercise 4.3: a probe that measures how long each decoding step takes, position by position,
 * with and without a KV cache.
 *
 * <p>Both strategies are driven through one {@link Decoder} interface, one token per step, so
 * the probe times exactly one step at a time. A prompt of {@code P} tokens occupies positions
 * {@code 0..P-1}; the first step feeds the prompt's last token at position {@code P - 1} and
 * returns the first new token, and step {@code s} runs at position {@code P - 1 + s}. Warm-up
 * rounds run the whole generation first and are thrown away, so that the JIT compiler has
 * compiled the hot loops before anything is timed. Each position's latency is the median over
 * the measured rounds, so one slow round (a garbage collection, another process) does not move it.
 *
 * <p>See lesson-04-benchmark/README.md, section "Exercise 4.3".
 */
public final class StepLatencyProbe {

    private StepLatencyProbe() {
    }

    /** One way of generating text, driven one step at a time. Implementations are not thread-safe. */
    public interface Decoder {

        /**
         * Starts a new generation: discards every earlier token and takes the prompt, so that the
         * next {@link #step()} feeds the prompt's last token at position {@code prompt.length - 1}.
         *
         * @param prompt the prompt's token ids, at least one; not modified
         */
        void start(int[] prompt);

        /**
         * Feeds the newest token at the next position and returns the token chosen from its logits,
         * which the following step feeds.
         */
        int step();
    }

    /**
     * How much to measure.
     *
     * @param newTokens the number of steps of one round, each generating one token
     * @param warmupRounds the number of whole generations run before timing, not measured
     * @param measuredRounds the number of timed generations; each position reports the median
     */
    public record Settings(int newTokens, int warmupRounds, int measuredRounds) {
    }

    /**
     * The latency of each step of one strategy.
     *
     * @param firstPosition the position of the first step, {@code prompt.length - 1}
     * @param nanos {@code nanos[s]} is the median latency, in nanoseconds, of the step at position
     *     {@code firstPosition + s}
     * @param tokens {@code tokens[s]} is the token that step {@code s} returned
     */
    public record StepLatencies(int firstPosition, long[] nanos, int[] tokens) {

        /** Copies both arrays, so that the record cannot change after it is made. */
        public StepLatencies {
            nanos = nanos.clone();
            tokens = tokens.clone();
        }

        /** Returns a copy of the latencies in nanoseconds, one per step. */
        @Override
        public long[] nanos() {
            return nanos.clone();
        }

        /** Returns a copy of the generated tokens, one per step. */
        @Override
        public int[] tokens() {
            return tokens.clone();
        }
    }

    /**
     * The latencies of both strategies on the same prompt and settings.
     *
     * @param withoutCache the full forward pass over every position at every step
     * @param withCache one cached decode step per position
     */
    public record Comparison(StepLatencies withoutCache, StepLatencies withCache) {
    }

    /**
     * Creates the decoder without a cache: each step runs lesson 2's full forward pass over every
     * token so far and samples from the last row of the logits.
     *
     * @param weights the model; not modified
     * @param samplers makes a new sampler at each {@link Decoder#start}, so that every round
     *     draws the same random numbers, e.g. {@code Sampler::greedy}
     */
    public static Decoder withoutCache(ModelWeights weights, Supplier<Sampler> samplers) {
        throw new ExerciseNotImplemented("4.3", "StepLatencyProbe.withoutCache");
    }

    /**
     * Creates the decoder with a cache: {@link Decoder#start} prefills every prompt token but the
     * last into a new cache (lesson 3's prefill), and each step feeds one token with lesson 3's
     * cached decode step and samples from its logits.
     *
     * @param weights the model; not modified
     * @param samplers makes a new sampler at each {@link Decoder#start}
     */
    public static Decoder withCache(ModelWeights weights, Supplier<Sampler> samplers) {
        throw new ExerciseNotImplemented("4.3", "StepLatencyProbe.withCache");
    }

    /**
     * Measures one decoder: runs {@code warmupRounds + measuredRounds} generations of
     * {@code newTokens} steps from the same prompt, reads {@code clock} just before and just
     * after each step of a measured round, and reports, per step, the median over the measured
     * rounds of {@code after - before}. For an even number of rounds the median is the mean of
     * the two middle values, rounded down.
     *
     * @param decoder the strategy; each round calls {@link Decoder#start} once, then
     *     {@link Decoder#step} {@code newTokens} times
     * @param prompt the prompt's token ids, at least one; not modified
     * @param settings the number of steps and rounds
     * @param clock the time in nanoseconds, e.g. {@code System::nanoTime}
     * @return the latency of each step and the tokens of the last round
     * @throws IllegalArgumentException if the prompt is empty, {@code newTokens < 1},
     *     {@code warmupRounds < 0} or {@code measuredRounds < 1}; the message names the value
     * @throws IllegalStateException if two rounds generate different tokens, because the rounds
     *     then did different work and their timings cannot be compared (a sampler shared between
     *     rounds does this)
     */
    public static StepLatencies measure(Decoder decoder, int[] prompt, Settings settings, LongSupplier clock) {
        throw new ExerciseNotImplemented("4.3", "StepLatencyProbe.measure");
    }

    /**
     * Measures both strategies on the same prompt with {@link System#nanoTime}: first without a
     * cache, then with one.
     *
     * @param weights the model; not modified
     * @param prompt the prompt's token ids, at least one; not modified
     * @param settings the number of steps and rounds
     * @param samplers makes a new sampler for each generation, e.g. {@code Sampler::greedy}
     * @return the latencies of both strategies
     * @throws IllegalArgumentException as {@link #measure}, or if
     *     {@code prompt.length + newTokens - 1 > seqLen}; the message names the value, the limit
     *     and the largest {@code newTokens} that fits
     */
    public static Comparison compare(ModelWeights weights, int[] prompt, Settings settings,
            Supplier<Sampler> samplers) {
        throw new ExerciseNotImplemented("4.3", "StepLatencyProbe.compare");
    }
}

