package kvcache.nocache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import kvcache.kit.model.Checkpoint;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Tokenizer;
import kvcache.kit.testing.SharedFiles;
import org.ejml.data.FMatrixRMaj;

/**
 * The stories260K checkpoint, its tokenizer and what llama2.c's {@code run.c} computed on them:
 * {@code run stories260K.bin -z tok512.bin -t 0 -n 64 -i "Once upon a time"} (greedy, 64 positions).
 *
 * <p>The files live in the shared folder beside the repository; when it is absent, the calling
 * test is skipped (and fails under {@code CI=true}).
 */
final class Llama2cFixture {

    /** The prompt given to llama2.c. */
    static final String PROMPT = "Once upon a time";

    /** The number of positions llama2.c ran: BOS, 4 prompt tokens and 59 generated ones. */
    static final int POSITIONS = 64;

    /**
     * The tolerance for our logits against llama2.c's. Both compute in float32, but the results
     * differ in the last bits: summation order may differ, and Java computes exp, pow, sin, cos
     * and sqrt in double and rounds to float, while C calls the float functions. The reference
     * solutions of lessons 1 and 2 differ from llama2.c by at most 2e-5 on logits of up to 22 in
     * magnitude (measured with OpenJDK 17 on x86-64). 1e-4 leaves room for another summation
     * order and is still 700 times smaller than the smallest gap, 0.07, between the two largest
     * logits of a greedy step in this run.
     */
    static final float LOGITS_TOLERANCE = 1e-4f;

    final ModelWeights weights;
    final Tokenizer tokenizer;
    /** The 64 tokens fed to the model, position i at index i; position 0 is BOS. */
    final int[] tokens;
    /** (64, 512): row i is the logits llama2.c computed at position i. */
    final FMatrixRMaj logits;
    /** The printed text, prompt included, with run.c's final newline. */
    final String text;

    private Llama2cFixture() throws IOException {
        weights = Checkpoint.read(SharedFiles.require("models/stories260K.bin"));
        tokenizer = Tokenizer.load(SharedFiles.require("models/tok512.bin"), weights.config().vocabSize());
        tokens = Arrays.stream(Files.readString(SharedFiles.require("fixtures/llama2c/once-greedy-64.tokens.txt"))
                .trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        logits = readLogits(SharedFiles.require("fixtures/llama2c/once-greedy-64.logits.f32"),
                weights.config().vocabSize());
        text = Files.readString(SharedFiles.require("fixtures/llama2c/once-greedy-64.text.txt"));
    }

    /** Loads the fixture, or skips the calling test when the shared folder is absent. */
    static Llama2cFixture load() throws IOException {
        return new Llama2cFixture();
    }

    /**
     * Returns the 65 tokens of the run: the 64 fed to the model and the one llama2.c chose from
     * the last row and printed without feeding it back.
     */
    int[] allTokens() {
        int[] all = Arrays.copyOf(tokens, POSITIONS + 1);
        all[POSITIONS] = argmax(logits, POSITIONS - 1);
        return all;
    }

    /** Returns rows {@code from .. to - 1} of the fixture's logits. */
    FMatrixRMaj logitRows(int from, int to) {
        FMatrixRMaj rows = new FMatrixRMaj(to - from, logits.numCols);
        System.arraycopy(logits.data, from * logits.numCols, rows.data, 0, rows.data.length);
        return rows;
    }

    /** Returns the lowest index of the largest value of a row, as llama2.c's greedy sampler. */
    static int argmax(FMatrixRMaj matrix, int row) {
        int best = 0;
        for (int col = 1; col < matrix.numCols; col++) {
            if (matrix.get(row, col) > matrix.get(row, best)) {
                best = col;
            }
        }
        return best;
    }

    private static FMatrixRMaj readLogits(Path file, int vocab) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        FMatrixRMaj logits = new FMatrixRMaj(POSITIONS, vocab);
        if (bytes.remaining() != logits.data.length * Float.BYTES) {
            throw new IllegalStateException(file + " has " + bytes.remaining() + " bytes; expected "
                    + POSITIONS + " x " + vocab + " float32 values");
        }
        bytes.asFloatBuffer().get(logits.data);
        return logits;
    }
}
