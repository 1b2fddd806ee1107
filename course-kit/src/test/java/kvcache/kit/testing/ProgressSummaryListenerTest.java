package kvcache.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import kvcache.kit.ExerciseNotImplemented;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Progress summary")
class ProgressSummaryListenerTest {

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
}
