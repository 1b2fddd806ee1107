package kvcache.kit.testing;

import org.quicktheories.QuickTheory;

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
    public static final String SEED_PROPERTY = "course.seed";

    /** The seed used when {@code course.seed} is not set. */
    public static final long DEFAULT_SEED = 20_261_204L;

    private PropertyTests() {
    }

    /**
     * Returns a QuickTheories builder seeded with {@link #seed()} that tries the given number
     * of generated cases.
     */
    public static QuickTheory qt(int examples) {
        return QuickTheory.qt().withFixedSeed(seed()).withExamples(examples);
    }

    /**
     * Returns the seed: {@code course.seed} when set and not empty, {@link #DEFAULT_SEED} otherwise.
     *
     * @throws IllegalArgumentException if {@code course.seed} is not a whole number
     */
    public static long seed() {
        String value = System.getProperty(SEED_PROPERTY, "").trim();
        if (value.isEmpty()) {
            return DEFAULT_SEED;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid -D" + SEED_PROPERTY + "=" + value
                    + ": the seed must be a whole number, e.g. -D" + SEED_PROPERTY + "=42", e);
        }
    }
}
