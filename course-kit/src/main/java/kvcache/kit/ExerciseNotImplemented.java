package kvcache.kit;

/**
 * Thrown by an exercise stub until the student replaces its body.
 *
 * <p>The message names the exercise id, the method and the README section to read, for example
 * {@code Exercise 3.2 (CachedDecoder.step) is not implemented yet: see
 * lesson-03-kv-cache/README.md, section "Exercise 3.2"}. The progress summary and the CI stub
 * check recognise an unfinished exercise by this message, so keep its wording stable.
 */
public final class ExerciseNotImplemented extends UnsupportedOperationException {

    private static final long serialVersionUID = 1L;

    private final String exerciseId;

    /**
     * Creates the exception for one exercise.
     *
     * @param exerciseId the exercise id, {@code lesson.number}, e.g. {@code "1.1"}
     * @param member the class and method the student writes, e.g. {@code "Softmax.softmaxInPlace"}
     * @throws IllegalArgumentException if {@code exerciseId} does not name a lesson of the course
     */
    public ExerciseNotImplemented(String exerciseId, String member) {
        super(message(exerciseId, member));
        this.exerciseId = exerciseId;
    }

    /** Returns the exercise id, e.g. {@code "1.1"}. */
    public String exerciseId() {
        return exerciseId;
    }

    private static String message(String exerciseId, String member) {
        Lesson lesson = Lesson.ofExercise(exerciseId);
        return "Exercise " + exerciseId + " (" + member + ") is not implemented yet: see "
                + lesson.readme() + ", section \"Exercise " + exerciseId + "\"";
    }
}
