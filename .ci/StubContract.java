import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks the exercise contract of one lesson from the Surefire reports of two runs: every test
 * fails on the stubs because an exercise of this lesson is not implemented yet, and the same
 * tests all pass on the reference solution.
 *
 * <p>Usage, from the repository root after both runs: {@code java .ci/StubContract.java
 * lesson-01-attention solutions/lesson-01-attention}. Prints one summary line on standard output
 * and each violation on standard error; exits with status 1 when the contract does not hold.
 */
public final class StubContract {

    private static final Pattern NOT_IMPLEMENTED =
            Pattern.compile("Exercise (\\d+)\\.(\\d+) \\([^)]*\\) is not implemented yet");

    /** Outcome of one test case in one run. */
    private record Outcome(String kind, String text) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("Usage: java .ci/StubContract.java LESSON_DIR SOLUTION_DIR");
            System.exit(2);
        }
        String lesson = args[0];
        int lessonNumber = Integer.parseInt(lesson.replaceAll("^lesson-0*(\\d+)-.*$", "$1"));
        Map<String, Outcome> stubRun = read(Path.of(args[0], "target", "surefire-reports"));
        Map<String, Outcome> solutionRun = read(Path.of(args[1], "target", "surefire-reports"));

        List<String> violations = new ArrayList<>();
        if (stubRun.isEmpty()) {
            violations.add("no test ran against the stubs (a compile error, or no tests at all)");
        }
        int failingOnStubs = 0;
        for (Map.Entry<String, Outcome> entry : stubRun.entrySet()) {
            Outcome outcome = entry.getValue();
            Matcher matcher = NOT_IMPLEMENTED.matcher(outcome.text());
            boolean failed = outcome.kind().equals("failure") || outcome.kind().equals("error");
            if (!failed) {
                violations.add(entry.getKey() + ": " + outcome.kind() + " on the stubs; it must fail until the exercise is done");
            } else if (!matcher.find()) {
                violations.add(entry.getKey() + ": fails on the stubs for another reason than a missing exercise: "
                        + firstLine(outcome.text()));
            } else if (Integer.parseInt(matcher.group(1)) != lessonNumber) {
                violations.add(entry.getKey() + ": fails on exercise " + matcher.group(1) + "." + matcher.group(2)
                        + ", which is not an exercise of " + lesson);
            } else {
                failingOnStubs++;
            }
        }

        int passingOnSolution = 0;
        for (Map.Entry<String, Outcome> entry : solutionRun.entrySet()) {
            if (entry.getValue().kind().equals("passed")) {
                passingOnSolution++;
            } else {
                violations.add(entry.getKey() + ": " + entry.getValue().kind() + " on the solution: "
                        + firstLine(entry.getValue().text()));
            }
        }
        for (String test : stubRun.keySet()) {
            if (!solutionRun.containsKey(test)) {
                violations.add(test + ": ran on the stubs but not on the solution");
            }
        }
        for (String test : solutionRun.keySet()) {
            if (!stubRun.containsKey(test)) {
                violations.add(test + ": ran on the solution but not on the stubs");
            }
        }

        for (String violation : violations) {
            System.err.println(lesson + ": " + violation);
        }
        System.out.printf("%s: %d tests, %d failing on stubs, %d passing on the solution%s%n", lesson,
                stubRun.size(), failingOnStubs, passingOnSolution,
                violations.isEmpty() ? "" : " -- " + violations.size() + " violations");
        System.exit(violations.isEmpty() ? 0 : 1);
    }

    private static Map<String, Outcome> read(Path reports) throws Exception {
        Map<String, Outcome> outcomes = new TreeMap<>();
        if (!Files.isDirectory(reports)) {
            return outcomes;
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(reports, "TEST-*.xml")) {
            for (Path file : files) {
                Document document = factory.newDocumentBuilder().parse(file.toFile());
                NodeList cases = document.getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    Element testCase = (Element) cases.item(i);
                    String id = testCase.getAttribute("classname") + "#" + testCase.getAttribute("name");
                    outcomes.put(id, outcome(testCase));
                }
            }
        } catch (IOException e) {
            throw new IOException("Could not read the Surefire reports in " + reports, e);
        }
        return outcomes;
    }

    private static Outcome outcome(Element testCase) {
        for (String kind : List.of("failure", "error", "skipped")) {
            NodeList nodes = testCase.getElementsByTagName(kind);
            if (nodes.getLength() > 0) {
                Element node = (Element) nodes.item(0);
                return new Outcome(kind.equals("skipped") ? "skipped" : kind,
                        node.getAttribute("message") + "\n" + node.getTextContent());
            }
        }
        return new Outcome("passed", "");
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }
}
