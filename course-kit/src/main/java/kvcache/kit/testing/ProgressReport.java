package kvcache.kit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kvcache.kit.Messages;

/**
 * Prints the progress summary as the last step of a lesson's test run.
 *
 * <p>Each lesson's pom runs Surefire with {@code testFailureIgnore}, so that Maven lists the
 * failures and carries on; then, in the same {@code test} phase, exec-maven-plugin runs this
 * class, and maven-enforcer-plugin fails the build if the marker file this class leaves exists.
 * That order puts the summary below Maven's list of failures, where a student looks first, and
 * the build still fails without a stack trace.
 *
 * <p>The summary file is written by {@link ProgressSummaryListener}; its first line is
 * {@code failed=F total=T}, the rest is the text to print. Both files are fresh for every run:
 * the summary is deleted once printed, and the marker is deleted unless this run failed, so a
 * later run with the tests skipped neither prints nor fails on old results.
 */
public final class ProgressReport {

    private ProgressReport() {
    }

    /**
     * Prints the summary file and deletes it, then writes the failure marker when a test failed.
     *
     * @param args the summary file, written by the listener (a missing file prints nothing), and
     *     the failure marker file, created when tests failed and deleted otherwise
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException(
                    "Usage: ProgressReport SUMMARY_FILE FAILURE_MARKER (got " + args.length + " arguments)");
        }
        Path summary = Path.of(args[0]);
        Path marker = Path.of(args[1]);
        Files.deleteIfExists(marker);
        if (!Files.isRegularFile(summary)) {
            return;
        }
        String content = Files.readString(summary, StandardCharsets.UTF_8);
        Files.delete(summary);

        int newline = content.indexOf('\n');
        String header = newline < 0 ? content : content.substring(0, newline);
        System.out.print(newline < 0 ? "" : content.substring(newline + 1));

        int failed = Integer.parseInt(header.replaceAll("^failed=(\\d+) total=\\d+$", "$1"));
        int total = Integer.parseInt(header.replaceAll("^failed=\\d+ total=(\\d+)$", "$1"));
        if (failed > 0) {
            String message = Messages.current().format("progress.failed", failed, total);
            System.out.println(message);
            Files.writeString(marker, message + "\n", StandardCharsets.UTF_8);
        }
        System.out.flush();
    }

    static void write(Path file, int failed, int total, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "failed=" + failed + " total=" + total + "\n" + text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the progress summary to " + file, e);
        }
    }
}
