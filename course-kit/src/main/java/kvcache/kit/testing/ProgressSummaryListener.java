package kvcache.kit.testing;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kvcache.kit.Lesson;
import kvcache.kit.Messages;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, after a lesson's test run, which exercises pass, which one is next and where to read.
 *
 * <p>The JUnit Platform loads this listener through {@code META-INF/services}, so every module
 * with the kit on its test classpath prints the summary. A test belongs to the exercise named
 * at the start of the display name of its nearest enclosing container, e.g. a class or
 * {@code @Nested} group shown as {@code "1.2 Scaled dot-product attention"}. A display name
 * that ends in {@code "(optional)"} marks a stretch exercise. Runs with no such tests print
 * nothing.
 *
 * <p>In a lesson module the summary is written to the file named by {@code course.progressFile},
 * and {@link ProgressReport} prints it as the last step of the run, below Maven's list of
 * failures, where a student looks first. Elsewhere, in an IDE for example, it is printed to
 * standard output when the test plan finishes.
 */
public final class ProgressSummaryListener implements TestExecutionListener {

    private static final Pattern EXERCISE_NAME = Pattern.compile("^(\\d+)\\.(\\d+)\\s+(.*)$");
    private static final Pattern NOT_IMPLEMENTED =
            Pattern.compile("Exercise (\\d+\\.\\d+) \\([^)]*\\) is not implemented yet");
    private static final String OPTIONAL_SUFFIX = "(optional)";
    private static final int MAX_FAILURES_SHOWN = 3;
    private static final int MAX_MESSAGE_LINES = 8;

    /**
     * The system property naming the file the summary is written to, for {@link ProgressReport}
     * to print after Maven's own test report; when empty the summary goes to standard output.
     */
    public static final String PROGRESS_FILE_PROPERTY = "course.progressFile";

    private final PrintStream out;
    private TestPlan testPlan;
    private int testCount;
    private int failedCount;
    private final Map<String, ExerciseProgress> exercises = new TreeMap<>(ProgressSummaryListener::compareIds);

    /** Creates the listener that the JUnit Platform loads; it prints to standard output. */
    public ProgressSummaryListener() {
        this(System.out);
    }

    ProgressSummaryListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        testPlan = plan;
        exercises.clear();
        testCount = 0;
        failedCount = 0;
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        exerciseOf(identifier).ifPresent(progress -> progress.skipped++);
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (!identifier.isTest()) {
            return;
        }
        testCount++;
        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            failedCount++;
        }
        exerciseOf(identifier).ifPresent(progress -> progress.record(identifier.getDisplayName(), result));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (testCount == 0) {
            return;
        }
        String text;
        try {
            text = render();
        } catch (RuntimeException | LinkageError e) {
            // The failing tests must still fail the run, whatever went wrong in the summary itself.
            text = "Could not print the progress summary: " + e + System.lineSeparator();
        }

        String file = System.getProperty(PROGRESS_FILE_PROPERTY, "").trim();
        if (file.isEmpty()) {
            out.print(text);
            out.flush();
            return;
        }
        ProgressReport.write(Path.of(file), failedCount, testCount, text);
    }

    private String render() {
        StringBuilder text = new StringBuilder();
        Messages messages;
        try {
            messages = Messages.current();
        } catch (IllegalArgumentException e) {
            messages = Messages.forLanguage("en");
            text.append(System.lineSeparator()).append(e.getMessage()).append(System.lineSeparator());
        }
        try {
            Seed.current();
        } catch (IllegalArgumentException e) {
            text.append(System.lineSeparator()).append(messages.format("progress.badSeed", e.getMessage()))
                    .append(System.lineSeparator());
        }

        Map<Lesson, List<ExerciseProgress>> byLesson = new LinkedHashMap<>();
        for (ExerciseProgress progress : exercises.values()) {
            byLesson.computeIfAbsent(Lesson.ofExercise(progress.id), lesson -> new ArrayList<>()).add(progress);
        }
        Messages chosen = messages;
        byLesson.forEach((lesson, list) -> appendLesson(text, chosen, lesson, list));
        return text.toString();
    }

    private void appendLesson(StringBuilder text, Messages messages, Lesson lesson, List<ExerciseProgress> list) {
        String readme = messages.isVietnamese() ? lesson.readmeVi() : lesson.readme();
        text.append(System.lineSeparator())
                .append(messages.format("progress.header", lesson.number()))
                .append(System.lineSeparator());

        int required = 0;
        int requiredDone = 0;
        ExerciseProgress next = null;
        for (ExerciseProgress progress : list) {
            boolean done = progress.isDone();
            if (!progress.optional) {
                required++;
                requiredDone += done ? 1 : 0;
            }
            if (!done && (next == null || (next.optional && !progress.optional))) {
                next = progress;
            }
            text.append(String.format("  [%s] %-4s %-42s %s%n", done ? "x" : " ", progress.id,
                    title(messages, progress), status(messages, progress)));
            for (String failure : progress.failures) {
                text.append(failure);
            }
        }

        text.append(messages.format("progress.done", requiredDone, required)).append(System.lineSeparator());
        if (list.stream().anyMatch(progress -> progress.failedOther > 0)) {
            text.append(messages.format("progress.reports", lesson.module())).append(System.lineSeparator());
        }
        if (next == null) {
            text.append(messages.format("progress.allDone", lesson.number(), nextLessonHint(messages, lesson)));
        } else {
            text.append(messages.format("progress.next", next.id, title(messages, next), readme,
                    messages.isVietnamese() ? "Bài tập " + next.id : "Exercise " + next.id));
        }
        text.append(System.lineSeparator());
    }

    private static String nextLessonHint(Messages messages, Lesson lesson) {
        if (lesson.number() == Lesson.values().length) {
            return messages.format("progress.courseDone");
        }
        Lesson following = Lesson.of(lesson.number() + 1);
        return messages.format("progress.nextLesson", following.number(),
                messages.isVietnamese() ? following.readmeVi() : following.readme(), following.module());
    }

    private static String title(Messages messages, ExerciseProgress progress) {
        String title = messages.getOrDefault("exercise." + progress.id, progress.title);
        return progress.optional ? title + " " + messages.format("progress.optional") : title;
    }

    private static String status(Messages messages, ExerciseProgress progress) {
        if (progress.isDone()) {
            return messages.format("progress.status.passing", progress.passed);
        }
        boolean started = progress.passed > 0 || progress.failedOther > 0;
        if (!started && progress.waiting == 0 && progress.notImplemented > 0) {
            return messages.format("progress.status.notStarted");
        }
        if (!started && progress.notImplemented == 0 && progress.waiting > 0) {
            return messages.format("progress.status.waiting", String.join(", ", progress.waitingFor));
        }
        if (!started && progress.notImplemented == 0 && progress.waiting == 0) {
            return messages.format("progress.status.skipped", progress.skipped);
        }
        // Some of the work is there: count every failing test, and say how many fail on a stub.
        List<String> reasons = new ArrayList<>();
        if (progress.notImplemented > 0) {
            reasons.add(messages.format("progress.status.reachStub", progress.notImplemented));
        }
        if (progress.waiting > 0) {
            reasons.add(messages.format("progress.status.waitingCount", progress.waiting,
                    String.join(", ", progress.waitingFor)));
        }
        String failing = messages.format("progress.status.failing",
                progress.failedOther + progress.notImplemented + progress.waiting, progress.total());
        return reasons.isEmpty() ? failing : failing + ": " + String.join(", ", reasons);
    }

    private Optional<ExerciseProgress> exerciseOf(TestIdentifier identifier) {
        for (TestIdentifier current = identifier; current != null;
                current = testPlan.getParent(current).orElse(null)) {
            Matcher matcher = EXERCISE_NAME.matcher(current.getDisplayName());
            if (matcher.matches()) {
                String id = matcher.group(1) + "." + matcher.group(2);
                String rest = matcher.group(3).trim();
                boolean optional = rest.endsWith(OPTIONAL_SUFFIX);
                String title = optional ? rest.substring(0, rest.length() - OPTIONAL_SUFFIX.length()).trim() : rest;
                return Optional.of(exercises.computeIfAbsent(id, key -> new ExerciseProgress(key, title, optional)));
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the id of the exercise whose stub caused a failure, read from the message of the
     * throwable and of each of its causes, or empty when no stub is involved. AssertJ's exception
     * assertions copy the stub's message into their own, which is why messages and not only
     * exception types are searched.
     */
    static Optional<String> notImplementedExercise(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            String message = current.getMessage();
            if (message != null) {
                Matcher matcher = NOT_IMPLEMENTED.matcher(message);
                if (matcher.find()) {
                    return Optional.of(matcher.group(1));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Formats one failing test for the summary: its display name, then the first lines of the
     * failure message, indented. The full report stays in target/surefire-reports.
     */
    private static String describe(String testName, Throwable failure) {
        StringBuilder text = new StringBuilder("         x ").append(testName).append(System.lineSeparator());
        String message = failure == null || failure.getMessage() == null
                ? String.valueOf(failure) : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        String[] lines = message.strip().split("\\R");
        for (int i = 0; i < Math.min(lines.length, MAX_MESSAGE_LINES); i++) {
            text.append("             ").append(lines[i]).append(System.lineSeparator());
        }
        if (lines.length > MAX_MESSAGE_LINES) {
            text.append("             ...").append(System.lineSeparator());
        }
        return text.toString();
    }

    private static int compareIds(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        int byLesson = Integer.compare(Integer.parseInt(a[0]), Integer.parseInt(b[0]));
        return byLesson != 0 ? byLesson : Integer.compare(Integer.parseInt(a[1]), Integer.parseInt(b[1]));
    }

    /** The results of one exercise's tests. */
    private static final class ExerciseProgress {
        private final String id;
        private final String title;
        private final boolean optional;
        private int passed;
        private int notImplemented;
        private int failedOther;
        private int skipped;
        private int waiting;
        private final List<String> waitingFor = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();

        ExerciseProgress(String id, String title, boolean optional) {
            this.id = id;
            this.title = title;
            this.optional = optional;
        }

        void record(String testName, TestExecutionResult result) {
            switch (result.getStatus()) {
                case SUCCESSFUL -> passed++;
                case ABORTED -> skipped++;
                case FAILED -> recordFailure(testName, result.getThrowable().orElse(null));
            }
        }

        private void recordFailure(String testName, Throwable failure) {
            Optional<String> stub = failure == null ? Optional.empty() : notImplementedExercise(failure);
            if (stub.isEmpty()) {
                failedOther++;
                if (failures.size() < MAX_FAILURES_SHOWN) {
                    failures.add(describe(testName, failure));
                }
            } else if (stub.get().equals(id)) {
                notImplemented++;
            } else {
                waiting++;
                if (!waitingFor.contains(stub.get())) {
                    waitingFor.add(stub.get());
                }
            }
        }

        int total() {
            return passed + notImplemented + failedOther + skipped + waiting;
        }

        boolean isDone() {
            return passed > 0 && notImplemented == 0 && failedOther == 0 && waitingFor.isEmpty();
        }
    }
}
