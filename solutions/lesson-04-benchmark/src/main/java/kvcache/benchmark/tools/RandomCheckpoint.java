package kvcache.benchmark.tools;

import java.io.IOException;
import java.nio.file.Path;
import kvcache.benchmark.jmh.Stories15MShapeBenchmark;
import kvcache.kit.model.Checkpoint;
import kvcache.kit.model.ModelWeights;

/**
 * Writes the random stories15M-shaped model of {@link Stories15MShapeBenchmark} as a llama2.c
 * checkpoint, so that llama2.c's {@code run} can decode the very weights the Java benchmark uses.
 *
 * <p>Usage: {@code java -cp benchmarks.jar kvcache.benchmark.tools.RandomCheckpoint FILE}
 */
public final class RandomCheckpoint {

    private RandomCheckpoint() {
    }

    /**
     * Writes the checkpoint to the file named by the only argument.
     *
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("Usage: java -cp benchmarks.jar kvcache.benchmark.tools.RandomCheckpoint FILE");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Checkpoint.write(ModelWeights.random(Stories15MShapeBenchmark.STORIES_15M_SHAPE, Stories15MShapeBenchmark.SEED),
                file);
        System.out.println("Wrote " + file + ": " + Stories15MShapeBenchmark.STORIES_15M_SHAPE + ", seed "
                + Stories15MShapeBenchmark.SEED);
    }
}
