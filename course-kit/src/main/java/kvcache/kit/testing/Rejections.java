package kvcache.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import kvcache.kit.ExerciseNotImplemented;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Checks that bad input is rejected with the expected exception type.
 *
 * <p>Unlike AssertJ's {@code assertThatThrownBy(...).isInstanceOf(...)}, a stub's
 * {@link ExerciseNotImplemented} is rethrown as it is, so an unfinished exercise fails with its
 * own one-line message instead of a type mismatch.
 */
public final class Rejections {

    private Rejections() {
    }

    /**
     * Runs {@code call} and asserts that it throws an exception of type {@code type}.
     *
     * @return the exception, for further checks of its message
     * @throws ExerciseNotImplemented when {@code call} reaches an exercise stub
     */
    public static <T extends Throwable> T assertRejects(Class<T> type, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        if (thrown instanceof ExerciseNotImplemented notImplemented) {
            throw notImplemented;
        }
        if (thrown == null) {
            throw new AssertionError("Expected " + type.getSimpleName() + ", but the call returned normally");
        }
        assertThat(thrown).as("exception thrown").isInstanceOf(type);
        return type.cast(thrown);
    }
}
