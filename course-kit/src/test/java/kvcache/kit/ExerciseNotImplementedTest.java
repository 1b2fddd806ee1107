package kvcache.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Exercise marker")
class ExerciseNotImplementedTest {

    @Test
    @DisplayName("the message names the exercise, the method and the README section")
    void messageNamesExerciseAndReadme() {
        ExerciseNotImplemented exception = new ExerciseNotImplemented("3.2", "CachedDecoder.step");

        assertThat(exception).hasMessage("Exercise 3.2 (CachedDecoder.step) is not implemented yet: "
                + "see lesson-03-kv-cache/README.md, section \"Exercise 3.2\"");
    }

    @Test
    @DisplayName("the exception is an UnsupportedOperationException and keeps its id")
    void typeAndId() {
        ExerciseNotImplemented exception = new ExerciseNotImplemented("1.1", "Softmax.softmaxInPlace");

        assertThat(exception).isInstanceOf(UnsupportedOperationException.class);
        assertThat(exception.exerciseId()).isEqualTo("1.1");
    }

    @Test
    @DisplayName("an id of no lesson is rejected with the valid range")
    void unknownLessonRejected() {
        assertThatThrownBy(() -> new ExerciseNotImplemented("9.1", "X.y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No lesson 9")
                .hasMessageContaining("1 to 4");
    }

    @Test
    @DisplayName("a malformed id is rejected with the expected form")
    void malformedIdRejected() {
        assertThatThrownBy(() -> new ExerciseNotImplemented("one", "X.y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"one\"")
                .hasMessageContaining("lesson.number");
    }
}
