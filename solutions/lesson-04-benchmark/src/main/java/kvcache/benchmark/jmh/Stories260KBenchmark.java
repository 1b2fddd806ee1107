package kvcache.benchmark.jmh;

import java.io.IOException;
import java.nio.file.Path;
import kvcache.kit.model.Checkpoint;
import kvcache.kit.model.ModelWeights;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link GenerationBenchmark} on llama2.c's stories260K checkpoint (dim 64, 5 layers, 8 heads, 4
 * key/value heads, vocabulary 512, context 512). The default path is relative to the repository
 * root, where the benchmarks are run; {@code -p checkpoint=FILE} names another.
 */
public class Stories260KBenchmark extends GenerationBenchmark {

    /** The number of tokens to generate, up to the context of 512. */
    @Param({"32", "64", "128", "256", "512"})
    public int length;

    /** The checkpoint file. */
    @Param("../shared/models/stories260K.bin")
    public String checkpoint;

    private ModelWeights weights;

    /**
     * Reads the checkpoint once per fork.
     *
     * @throws IOException if the file cannot be read; run from the repository root or pass
     *     {@code -p checkpoint=FILE}
     */
    @Setup
    public void load() throws IOException {
        weights = Checkpoint.read(Path.of(checkpoint));
    }

    @Override
    protected ModelWeights weights() {
        return weights;
    }

    @Override
    protected int length() {
        return length;
    }
}
