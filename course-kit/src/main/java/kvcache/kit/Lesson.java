package kvcache.kit;

import java.util.Arrays;

/** The lessons of the course, each one Maven module at the repository root. */
public enum Lesson {
    ATTENTION(1, "lesson-01-attention"),
    NO_CACHE(2, "lesson-02-no-cache"),
    KV_CACHE(3, "lesson-03-kv-cache"),
    BENCHMARK(4, "lesson-04-benchmark");

    private final int number;
    private final String module;

    Lesson(int number, String module) {
        this.number = number;
        this.module = module;
    }

    /** Returns the lesson number, 1 to 4. */
    public int number() {
        return number;
    }

    /** Returns the module folder, relative to the repository root, e.g. {@code lesson-01-attention}. */
    public String module() {
        return module;
    }

    /** Returns the path of the English README, relative to the repository root. */
    public String readme() {
        return module + "/README.md";
    }

    /** Returns the path of the Vietnamese README, relative to the repository root. */
    public String readmeVi() {
        return module + "/README.vi.md";
    }

    /**
     * Returns the lesson with the given number.
     *
     * @throws IllegalArgumentException if no lesson has that number
     */
    public static Lesson of(int number) {
        return Arrays.stream(values())
                .filter(lesson -> lesson.number == number)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "No lesson " + number + ": the course has lessons 1 to " + values().length));
    }

    /**
     * Returns the lesson an exercise id belongs to: the part before the dot.
     *
     * @throws IllegalArgumentException if the id is not of the form {@code lesson.number}
     */
    public static Lesson ofExercise(String exerciseId) {
        if (exerciseId == null || !exerciseId.matches("\\d+\\.\\d+")) {
            throw new IllegalArgumentException("Invalid exercise id \"" + exerciseId
                    + "\": expected lesson.number, e.g. \"1.1\"");
        }
        return of(Integer.parseInt(exerciseId.substring(0, exerciseId.indexOf('.'))));
    }
}
