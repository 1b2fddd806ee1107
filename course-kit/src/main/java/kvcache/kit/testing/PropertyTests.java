package kvcache.kit.testing;

import java.util.List;
import kvcache.kit.ExerciseNotImplemented;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.ExceptionReporter;
import org.quicktheories.core.Reporter;

/**
 * The entry point of every property test in the course: QuickTheories with a fixed seed.
 *
 * <p>A fixed seed makes a run repeatable, in CI and on a student's machine alike. When a
 * property fails, QuickTheories prints the smallest failing example it found and
 * {@code Seed was N}. To try other cases, or to replay a failure, run Maven with
 * {@code -Dcourse.seed=N}.
 */
public final class PropertyTests {

    /** The system property that overrides the seed. */
    public static final String SEED_PROPERTY = Seed.PROPERTY;

    /** The seed used when {@code course.seed} is not set. */
    public static final long DEFAULT_SEED = Seed.DEFAULT;

    private PropertyTests() {
    }

    /**
     * Returns a QuickTheories builder seeded with {@link #seed()} that tries the given number
     * of generated cases.
     */
    public static QuickTheory qt(int examples) {
        return QuickTheory.qt()
                .withFixedSeed(seed())
                .withExamples(examples)
                .withReporter(new StubAwareReporter());
    }

    /**
     * Reports failures as QuickTheories does, except that a property that failed only because
     * an exercise stub threw {@link ExerciseNotImplemented} rethrows that exception as it is: a
     * student then sees one line naming the exercise instead of a falsified example.
     */
    private static final class StubAwareReporter implements Reporter {
        private final Reporter standard = new ExceptionReporter();

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause,
                List<Object> otherExamples, AsString<Object> toString) {
            if (cause instanceof ExerciseNotImplemented notImplemented) {
                throw notImplemented;
            }
            standard.falisification(seed, examplesUsed, smallest, cause, otherExamples, toString);
        }

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, List<Object> otherExamples,
                AsString<Object> toString) {
            standard.falisification(seed, examplesUsed, smallest, otherExamples, toString);
        }

        @Override
        public void valuesExhausted(int examplesFound) {
            standard.valuesExhausted(examplesFound);
        }
    }

    /**
     * Returns the seed: {@code course.seed} when set and not empty, {@link #DEFAULT_SEED} otherwise.
     *
     * @throws IllegalArgumentException if {@code course.seed} is not a whole number
     */
    public static long seed() {
        return Seed.current();
    }
}
