package kvcache.benchmark.jmh;

import java.util.concurrent.TimeUnit;
import kvcache.cache.CachedGenerator;
import kvcache.kit.model.Generation;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Sampler;
import kvcache.kit.model.Tokenizer;
import kvcache.nocache.RecomputeGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Generates {@code length} tokens greedily from the prompt {@code [BOS]}, without and with a KV
 * cache: lesson 2's {@code RecomputeGenerator} against lesson 3's {@code CachedGenerator}. The
 * generation fills positions {@code 0..length-1}, so {@code length} may be the model's whole
 * context. A subclass chooses the model and the lengths.
 *
 * <p>Each benchmark returns the generation, so that the JIT cannot drop the work. The defaults
 * (one fork, two warm-up and three measured iterations of two seconds) can be changed on the
 * command line, e.g. {@code -f 2 -wi 3 -i 5}; see docs/benchmarks.md for the runs recorded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public abstract class GenerationBenchmark {

    private static final int[] PROMPT = {Tokenizer.BOS};

    /** Returns the model, loaded or created in the subclass's setup. */
    protected abstract ModelWeights weights();

    /** Returns the number of tokens to generate, the subclass's {@code @Param}. */
    protected abstract int length();

    /** Generates {@code length} tokens, running the full forward pass over the whole sequence at every step. */
    @Benchmark
    public Generation withoutCache() {
        return RecomputeGenerator.generate(weights(), PROMPT, length(), Sampler.greedy());
    }

    /** Generates {@code length} tokens, one cached decode step per token. */
    @Benchmark
    public Generation withCache() {
        return CachedGenerator.generate(weights(), PROMPT, length(), Sampler.greedy());
    }
}
