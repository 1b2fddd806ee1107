package kvcache.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kvcache.kit.model.Checkpoint;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.testing.SharedFiles;
import org.ejml.data.FMatrixRMaj;

/**
 * The stories260K checkpoint and what llama2.c's {@code run.c} computed on it: greedy decoding
 * of "Once upon a time" for 64 positions ({@code run stories260K.bin -z tok512.bin -t 0 -n 64 -i
 * "Once upon a time"}). The files live in the shared folder beside the repository; a test that
 * reads them is skipped when they are missing, and fails instead under {@code CI=true}.
 */
final class Llama2cFixture {

    /** The number of positions llama2.c fed. */
    static final int POSITIONS = 64;

    /** BOS followed by the 4 tokens of "Once upon a time". */
    static final int PROMPT_LENGTH = 5;

    /**
     * The tolerance, absolute, against llama2.c's logits. The fixture's notes state that an
     * implementation computing in another order matches them to about 1e-4; C and Java round
     * the same float32 operations, but sum them in different orders.
     */
    static final float LOGITS_TOLERANCE = 1e-4f;

    private Llama2cFixture() {
    }

    static ModelWeights weights() throws IOException {
        return Checkpoint.read(SharedFiles.require("models/stories260K.bin"));
    }

    static Path tokenizer() {
        return SharedFiles.require("models/tok512.bin");
    }

    /** Returns the token fed at each of the 64 positions: BOS, the prompt, then greedy choices. */
    static int[] tokens() throws IOException {
        List<String> lines = Files.readAllLines(SharedFiles.require("fixtures/llama2c/once-greedy-64.tokens.txt"));
        return lines.stream().map(String::trim).filter(line -> !line.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    /** Returns llama2.c's logits, (64, 512): row p is computed at position p. */
    static FMatrixRMaj logits() throws IOException {
        byte[] bytes = Files.readAllBytes(SharedFiles.require("fixtures/llama2c/once-greedy-64.logits.f32"));
        int vocab = 512;
        FMatrixRMaj logits = new FMatrixRMaj(POSITIONS, vocab);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(logits.data);
        return logits;
    }
}
