package kvcache.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kvcache.kit.ExerciseNotImplemented;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

@DisplayName("Progress summary")
class ProgressSummaryListenerTest {

    @TempDir
    Path folder;

    private final String originalLanguage = System.getProperty("course.lang");
    private final String originalFile = System.getProperty(ProgressSummaryListener.PROGRESS_FILE_PROPERTY);

    @AfterEach
    void restoreProperties() {
        restore("course.lang", originalLanguage);
        restore(ProgressSummaryListener.PROGRESS_FILE_PROPERTY, originalFile);
    }

    @Test
    @DisplayName("a stub's exception is recognised by its message")
    void stubRecognised() {
        Throwable failure = new ExerciseNotImplemented("2.3", "RecomputeGenerator.generate");

        assertThat(ProgressSummaryListener.notImplementedExercise(failure)).contains("2.3");
    }

    @Test
    @DisplayName("a stub's exception wrapped as a cause is recognised")
    void wrappedStubRecognised() {
        Throwable failure = new AssertionError("property failed",
                new ExerciseNotImplemented("3.1", "KVCache.append"));

        assertThat(ProgressSummaryListener.notImplementedExercise(failure)).contains("3.1");
    }

    @Test
    @DisplayName("an ordinary assertion failure names no exercise")
    void ordinaryFailure() {
        Throwable failure = new AssertionError("expected 1.0 but was 2.0");

        assertThat(ProgressSummaryListener.notImplementedExercise(failure)).isEmpty();
    }

    @Test
    @DisplayName("the summary file records the counts and one line per exercise")
    void summaryOfSampleLesson() throws IOException {
        System.setProperty("course.lang", "en");

        String summary = runSampleLesson();

        assertThat(summary).startsWith("failed=4 total=6\n");
        assertThat(summary).contains("[x] 1.1  Done exercise");
        assertThat(summary).containsPattern("1\\.2  Started exercise +2 of 3 tests failing: 1 on this exercise's stub");
        assertThat(summary).contains("x a wrong result");
        assertThat(summary).contains("[product]");
        assertThat(summary).containsPattern("1\\.3  Not started exercise +not implemented yet");
        assertThat(summary).containsPattern("1\\.4  Waiting exercise \\(optional\\) +waits for exercise 1\\.3");
        assertThat(summary).contains("Done: 1 of 3 exercises.");
        assertThat(summary).contains("Next: exercise 1.2 (Started exercise)");
    }

    @Test
    @DisplayName("an unsupported language still records the failing tests")
    void unsupportedLanguageKeepsCounts() throws IOException {
        System.setProperty("course.lang", "fr");

        String summary = runSampleLesson();

        assertThat(summary).startsWith("failed=4 total=6\n");
        assertThat(summary).contains("Unsupported language \"fr\"");
        assertThat(summary).contains("Done: 1 of 3 exercises.");
    }

    private String runSampleLesson() throws IOException {
        Path file = folder.resolve("course-progress.txt");
        System.setProperty(ProgressSummaryListener.PROGRESS_FILE_PROPERTY, file.toString());

        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new ProgressSummaryListener())
                .build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(SampleExercises.class)).build());

        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
