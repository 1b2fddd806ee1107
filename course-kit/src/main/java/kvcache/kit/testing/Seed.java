package kvcache.kit.testing;

/**
 * The seed of the property tests, read from {@code -Dcourse.seed}. Kept apart from
 * {@link PropertyTests} so that the progress summary can check it in a lesson whose tests do not
 * have QuickTheories on their classpath.
 */
final class Seed {

    static final String PROPERTY = "course.seed";
    static final long DEFAULT = 20_261_204L;

    private Seed() {
    }

    /**
     * Returns {@code course.seed} when set and not empty, {@link #DEFAULT} otherwise.
     *
     * @throws IllegalArgumentException if {@code course.seed} is not a whole number
     */
    static long current() {
        String value = System.getProperty(PROPERTY, "").trim();
        if (value.isEmpty()) {
            return DEFAULT;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid -D" + PROPERTY + "=" + value
                    + ": the seed must be a whole number, e.g. -D" + PROPERTY + "=42", e);
        }
    }
}
