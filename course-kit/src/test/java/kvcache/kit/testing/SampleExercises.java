package kvcache.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import kvcache.kit.ExerciseNotImplemented;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A lesson in miniature for {@link ProgressSummaryListenerTest}, which runs it through its own
 * JUnit launcher. Its name does not end in "Test", so Surefire does not run it on its own.
 */
class SampleExercises {

    @Nested
    @DisplayName("1.1 Done exercise")
    class Done {
        @Test
        void passes() {
            assertThat(1 + 1).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("1.2 Started exercise")
    class Started {
        @Test
        void passes() {
            assertThat(2 * 2).isEqualTo(4);
        }

        @Test
        @DisplayName("a wrong result")
        void fails() {
            assertThat(2 * 2).as("product").isEqualTo(5);
        }

        @Test
        void reachesStub() {
            throw new ExerciseNotImplemented("1.2", "Sample.part");
        }
    }

    @Nested
    @DisplayName("1.3 Not started exercise")
    class NotStarted {
        @Test
        void reachesOwnStub() {
            throw new ExerciseNotImplemented("1.3", "Sample.method");
        }
    }

    @Nested
    @DisplayName("1.4 Waiting exercise (optional)")
    class Waiting {
        @Test
        void reachesEarlierStub() {
            throw new ExerciseNotImplemented("1.3", "Sample.method");
        }
    }
}
