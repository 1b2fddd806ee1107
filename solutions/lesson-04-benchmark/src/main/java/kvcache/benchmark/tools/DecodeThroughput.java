package kvcache.benchmark.tools;

import java.io.IOException;
import java.nio.file.Path;
import kvcache.cache.CachedGenerator;
import kvcache.kit.model.Checkpoint;
import kvcache.kit.model.Generation;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Sampler;
import kvcache.kit.model.Tokenizer;

/**
 * Measures cached decoding throughput the way llama2.c's {@code run} reports it, for a side-by-side
 * comparison: greedy generation from {@code [BOS]} filling {@code steps} positions, in tokens per
 * second.
 *
 * <p>Usage: {@code java -cp benchmarks.jar kvcache.benchmark.tools.DecodeThroughput CHECKPOINT STEPS [ROUNDS]}.
 * It runs {@code ROUNDS} generations (default 1) in one JVM and prints each round's tokens per
 * second, then the first token ids of the last round. The first round includes the JIT's warm-up,
 * as a single run of llama2.c includes its cold start; later rounds show the steady state.
 */
public final class DecodeThroughput {

    private DecodeThroughput() {
    }

    /**
     * Runs the measurement; see the class comment for the arguments.
     *
     * @throws IOException if the checkpoint cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("Usage: java -cp benchmarks.jar kvcache.benchmark.tools.DecodeThroughput CHECKPOINT STEPS [ROUNDS]");
            System.exit(2);
        }
        ModelWeights weights = Checkpoint.read(Path.of(args[0]));
        int steps = Integer.parseInt(args[1]);
        int rounds = args.length == 3 ? Integer.parseInt(args[2]) : 1;
        if (steps < 1 || steps > weights.config().seqLen() || rounds < 1) {
            System.err.println("Invalid STEPS " + steps + " or ROUNDS " + rounds + ": STEPS must be from 1 to seq_len "
                    + weights.config().seqLen() + " and ROUNDS at least 1");
            System.exit(2);
        }

        Generation generation = null;
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            // Positions 0..steps-1: BOS is prefilled, then steps - 1 decode steps, as run.c's loop.
            generation = CachedGenerator.generate(weights, new int[] {Tokenizer.BOS}, steps, Sampler.greedy());
            long elapsed = System.nanoTime() - start;
            System.out.printf("round %d: %d positions in %.3f s, %.1f tokens/s%n", round, steps, elapsed / 1e9,
                    steps / (elapsed / 1e9));
        }
        int[] tokens = generation.generatedTokens();
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < Math.min(10, tokens.length); i++) {
            first.append(i == 0 ? "" : " ").append(tokens[i]);
        }
        System.out.println("first tokens: " + first);
    }
}
