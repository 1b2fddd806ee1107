package kvcache.kit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kvcache.kit.Messages;

/**
 * Prints the progress summary as the last lines of a lesson's test run, and ends a red run.
 *
 * <p>Each lesson's pom runs Surefire with {@code testFailureIgnore}, so that Maven lists the
 * failures and carries on; then, in the same {@code test} phase, exec-maven-plugin runs this
 * class inside Maven's JVM. It prints the summary and, when a test failed, one closing line, and
 * exits with status 1. So the summary is what a student sees last, and the command still fails
 * (Maven's own BUILD FAILURE banner is not printed in that case).
 *
 * <p>The summary file is written by {@link ProgressSummaryListener}; its first line is
 * {@code failed=F total=T}, the rest is the text to print. It is deleted once printed, so a later
 * run with the tests skipped cannot print a stale summary.
 */
public final class ProgressReport {

    private ProgressReport() {
    }

    /**
     * Prints the summary file and deletes it; exits with status 1 when a test failed.
     *
     * @param args one argument, the summary file written by the listener; a missing file prints nothing
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: ProgressReport SUMMARY_FILE (got " + args.length + " arguments)");
        }
        Path summary = Path.of(args[0]);
        if (!Files.isRegularFile(summary)) {
            return;
        }
        String content = Files.readString(summary, StandardCharsets.UTF_8);
        Files.delete(summary);

        int newline = content.indexOf('\n');
        String header = newline < 0 ? content : content.substring(0, newline);
        System.out.print(newline < 0 ? "" : content.substring(newline + 1));

        // Maven's -Dtest=... is a system property here, in Maven's own JVM.
        String filter = System.getProperty("test", "").trim();
        if (!filter.isEmpty()) {
            System.out.println(messages().format("progress.filtered", filter));
        }

        int failed = Integer.parseInt(header.replaceAll("^failed=(\\d+) total=\\d+$", "$1"));
        int total = Integer.parseInt(header.replaceAll("^failed=\\d+ total=(\\d+)$", "$1"));
        if (failed > 0) {
            System.out.println(closingLine(failed, total));
            System.out.flush();
            System.exit(1);
        }
        System.out.flush();
    }

    private static String closingLine(int failed, int total) {
        return messages().format("progress.failed", failed, total);
    }

    private static Messages messages() {
        try {
            return Messages.current();
        } catch (IllegalArgumentException unsupportedLanguage) {
            return Messages.forLanguage("en");
        }
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
