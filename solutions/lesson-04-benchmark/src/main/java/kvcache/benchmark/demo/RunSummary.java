package kvcache.benchmark.demo;

import java.util.Arrays;
import kvcache.benchmark.CacheMemory;
import kvcache.benchmark.CostModel;
import kvcache.benchmark.GrowthFit;
import kvcache.benchmark.GrowthFit.PowerLawFit;
import kvcache.benchmark.StepLatencyProbe.Comparison;
import kvcache.benchmark.StepLatencyProbe.Settings;
import kvcache.benchmark.StepLatencyProbe.StepLatencies;
import kvcache.kit.model.ModelConfig;

/**
 * The figures the demo prints and reports, computed from one comparison of both strategies.
 *
 * @param config the model's sizes
 * @param comparison the measured step latencies and tokens of both strategies
 * @param withoutCacheSettings the rounds measured without a cache
 * @param withCacheSettings the rounds measured with a cache
 * @param withoutCache totals of the strategy without a cache
 * @param withCache totals of the strategy with a cache
 * @param speedup the measured total time without a cache divided by the total with one
 * @param predictedSpeedup the same ratio in multiply-adds, from the cost model, over the same positions
 * @param positions the number of positions the cache contains at the end: prompt plus new tokens, minus the last
 *     token, which is generated but never fed
 */
record RunSummary(ModelConfig config, Comparison comparison, Settings withoutCacheSettings,
        Settings withCacheSettings, StrategyTotals withoutCache, StrategyTotals withCache, double speedup,
        double predictedSpeedup, int positions) {

    /** Computes every figure of a comparison. */
    static RunSummary of(ModelConfig config, Comparison comparison, Settings withoutCacheSettings,
            Settings withCacheSettings) {
        StrategyTotals without = StrategyTotals.of(comparison.withoutCache());
        StrategyTotals with = StrategyTotals.of(comparison.withCache());

        int first = comparison.withCache().firstPosition();
        int steps = comparison.withCache().nanos().length;
        long multiplyAddsWithout = 0;
        long multiplyAddsWith = 0;
        for (int position = first; position < first + steps; position++) {
            multiplyAddsWithout += CostModel.stepWithoutCache(config, position);
            multiplyAddsWith += CostModel.stepWithCache(config, position);
        }

        return new RunSummary(config, comparison, withoutCacheSettings, withCacheSettings, without, with,
                (double) without.totalNanos() / with.totalNanos(),
                (double) multiplyAddsWithout / multiplyAddsWith,
                first + steps);
    }

    /** Returns whether both strategies generated the same tokens. */
    boolean sameTokens() {
        return Arrays.equals(comparison.withoutCache().tokens(), comparison.withCache().tokens());
    }

    /** Returns the first step at which the strategies chose different tokens, or -1 when none did. */
    int firstDifference() {
        return Arrays.mismatch(comparison.withoutCache().tokens(), comparison.withCache().tokens());
    }

    /** Returns the cache's bytes per position in float32. */
    long cacheBytesPerToken() {
        return CacheMemory.bytesPerToken(config, CacheMemory.FLOAT32_BYTES);
    }

    /** Returns the cache's bytes at the end of this run, in float32. */
    long cacheBytesUsed() {
        return CacheMemory.bytesForContext(config, positions, CacheMemory.FLOAT32_BYTES);
    }

    /** Returns the cache's bytes for the model's full context, in float32. */
    long cacheBytesFullContext() {
        return CacheMemory.bytesForContext(config, config.seqLen(), CacheMemory.FLOAT32_BYTES);
    }

    /**
     * Totals of one strategy.
     *
     * @param steps the number of steps
     * @param totalNanos the sum of the step latencies
     * @param firstStepNanos the latency of the first step
     * @param lastStepNanos the latency of the last step
     * @param growth the power law fitted to the running total after 1, 2, ... steps, or null when
     *     there are fewer than two steps
     */
    record StrategyTotals(int steps, long totalNanos, long firstStepNanos, long lastStepNanos, PowerLawFit growth) {

        static StrategyTotals of(StepLatencies latencies) {
            long[] nanos = latencies.nanos();
            int[] lengths = new int[nanos.length];
            double[] runningTotals = new double[nanos.length];
            long total = 0;
            for (int s = 0; s < nanos.length; s++) {
                // A step faster than the clock's resolution reads 0 ns; count it as 1 ns so that
                // the logarithm in the fit stays finite.
                total += Math.max(nanos[s], 1);
                lengths[s] = s + 1;
                runningTotals[s] = total;
            }
            PowerLawFit growth = nanos.length < 2 ? null : GrowthFit.fit(lengths, runningTotals);
            return new StrategyTotals(nanos.length, total, nanos[0], nanos[nanos.length - 1], growth);
        }

        /** Returns the mean latency of one step, in nanoseconds. */
        double meanNanos() {
            return (double) totalNanos / steps;
        }
    }
}
