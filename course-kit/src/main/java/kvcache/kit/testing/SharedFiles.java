package kvcache.kit.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the files that integration tests read from the {@code shared} folder beside the
 * repository: the stories260K checkpoint, its tokenizer and the outputs of llama2.c.
 *
 * <p>These files are not part of the repository. The folder is the system property
 * {@code course.shared}, which the parent pom sets to {@code ../shared} next to the repository
 * root. When a file is missing the test is skipped with a message naming it, unless the
 * environment variable {@code CI} is {@code true}: there a missing file fails the test, so that
 * CI cannot pass by skipping the real-checkpoint tests.
 */
public final class SharedFiles {

    /** The system property that names the shared folder. */
    public static final String SHARED_PROPERTY = "course.shared";

    private SharedFiles() {
    }

    /**
     * Returns the path of a file in the shared folder, or skips the calling test when it is missing.
     *
     * @param relativePath the path inside the shared folder, e.g. {@code "models/stories260K.bin"}
     */
    public static Path require(String relativePath) {
        Path file = folder().resolve(relativePath).normalize();
        if (Files.isRegularFile(file)) {
            return file;
        }
        String message = "Missing " + file + ": this test needs the shared folder beside the "
                + "repository (set -D" + SHARED_PROPERTY + "=DIR to use another folder).";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message + " CI=true, so the test fails instead of skipping.");
        }
        Assumptions.abort("Skipped. " + message);
        throw new AssertionError("unreachable: Assumptions.abort always throws");
    }

    /** Returns the shared folder: {@code course.shared}, or {@code ../shared} from the working directory. */
    public static Path folder() {
        String configured = System.getProperty(SHARED_PROPERTY, "").trim();
        return configured.isEmpty() ? Paths.get("..", "shared").toAbsolutePath() : Paths.get(configured);
    }
}
