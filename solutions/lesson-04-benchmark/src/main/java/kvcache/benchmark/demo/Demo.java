package kvcache.benchmark.demo;

import kvcache.kit.Messages;
import java.awt.AWTError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import kvcache.benchmark.StepLatencyProbe;
import kvcache.benchmark.StepLatencyProbe.Comparison;
import kvcache.benchmark.StepLatencyProbe.Decoder;
import kvcache.benchmark.StepLatencyProbe.Settings;
import kvcache.benchmark.StepLatencyProbe.StepLatencies;
import kvcache.kit.model.Checkpoint;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Sampler;
import kvcache.kit.model.Tokenizer;

/**
 * The course's demo: generates the same text without and with a KV cache, checks that both are
 * identical, and reports how long each step took, the speedup and the memory of the cache.
 *
 * <p>Run it from the repository root:
 * {@code mvn -q compile exec:java -pl solutions/lesson-04-benchmark -Dexec.args="--help"}.
 * Without options it uses the built-in model ({@link BuiltInModel}); {@code --checkpoint} and
 * {@code --tokenizer} load llama2.c files instead. It writes {@code report.md} and
 * {@code step-latency.png} to the folder named by the system property
 * {@code demo.outputDirectory} ({@code target/demo} of this module when run by Maven).
 *
 * <p>Exit status: 0 when both strategies generate the same tokens, 1 when they differ, 2 for
 * invalid input (the message names the value, the limit and the fix).
 */
public final class Demo {

    /** The system property that names the output folder. */
    static final String OUTPUT_PROPERTY = "demo.outputDirectory";

    /** The seed of the sampler's random numbers; both strategies use it, so they draw the same ones. */
    static final long SAMPLER_SEED = 42L;

    /**
     * The slow strategy's rounds: one warm-up round is enough, because each of its steps runs long
     * loops that the JIT compiles early, and three measured rounds keep the wait short.
     */
    private static final int WITHOUT_CACHE_WARMUP_ROUNDS = 1;
    private static final int WITHOUT_CACHE_MEASURED_ROUNDS = 3;

    /**
     * The fast strategy warms up for at least this many steps, in whole rounds: a cached step of
     * a small model takes well under a millisecond, so one round is too short for the JIT.
     */
    private static final int WITH_CACHE_WARMUP_STEPS = 2000;
    private static final int WITH_CACHE_MEASURED_ROUNDS = 5;

    private final PrintStream out;
    private final Messages messages;

    private Demo(PrintStream out, Messages messages) {
        this.out = out;
        this.messages = messages;
    }

    /**
     * Runs the demo; see the class comment for the options and the exit status.
     *
     * @param args the command-line options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);

        Messages messages = Messages.forLanguage(DemoOptions.BUNDLE, "");
        int status;
        try {
            messages = DemoOptions.language(args);
            DemoOptions options = DemoOptions.parse(args);
            status = new Demo(out, messages).run(options);
        } catch (DemoException e) {
            err.println(e.localizedMessage(messages));
            err.println(messages.format("error.seeHelp"));
            status = 2;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    private int run(DemoOptions options) throws DemoException {
        if (options.help()) {
            out.println(messages.format("usage"));
            return 0;
        }
        Path outputDirectory = Path.of(System.getProperty(OUTPUT_PROPERTY, "target/demo"));
        out.println(messages.format("intro"));
        out.println();

        // Model and tokenizer: the files given, or the built-in model written to the output folder.
        LoadedModel model = load(options, outputDirectory);
        ModelConfig config = model.weights().config();
        out.println(messages.format("model.config", config.dim(), config.hiddenDim(), config.nLayers(),
                config.nHeads(), config.nKvHeads(), config.vocabSize(), config.seqLen()));

        // Prompt and number of new tokens, checked against the context length.
        int[] prompt = model.tokenizer().encode(options.prompt(), true, false);
        int newTokens = options.tokens().orElse(DemoOptions.DEFAULT_TOKENS);
        checkFits(config, prompt.length, newTokens, options.tokens().isPresent());
        out.println(messages.format("prompt", options.prompt(), prompt.length, newTokens));
        out.println(model.temperature() == 0f
                ? messages.format("sampling.greedy")
                : messages.format("sampling.temperature", messages.number(model.temperature(), 2), SAMPLER_SEED));
        out.println();

        // The two runs, slow one first, each with warm-up rounds before the measured ones.
        Settings slow = new Settings(newTokens, WITHOUT_CACHE_WARMUP_ROUNDS, WITHOUT_CACHE_MEASURED_ROUNDS);
        int fastWarmupRounds = Math.max(1, (WITH_CACHE_WARMUP_STEPS + newTokens - 1) / newTokens);
        Settings fast = new Settings(newTokens, fastWarmupRounds, WITH_CACHE_MEASURED_ROUNDS);
        Comparison comparison = measure(model, prompt, slow, fast);
        RunSummary summary = RunSummary.of(config, comparison, slow, fast);

        // What both generated, whether it is the same, and the figures.
        int[] sequence = concat(prompt, comparison.withCache().tokens());
        out.println();
        out.println(model.tokenizer().decodeAll(sequence));
        out.println();
        printVerdict(summary);
        printTimings(summary);

        writeReport(summary, model, options, model.tokenizer().decodeAll(sequence), outputDirectory);
        return summary.sameTokens() ? 0 : 1;
    }

    private LoadedModel load(DemoOptions options, Path outputDirectory) throws DemoException {
        if (options.checkpoint().isEmpty()) {
            return loadBuiltIn(options, outputDirectory);
        }
        Path checkpoint = options.checkpoint().get();
        Path tokenizerFile = options.tokenizer().orElseThrow();
        requireFile(checkpoint, "--checkpoint");
        requireFile(tokenizerFile, "--tokenizer");

        ModelWeights weights;
        try {
            weights = Checkpoint.read(checkpoint);
        } catch (IllegalArgumentException e) {
            throw new DemoException("error.invalidCheckpoint", checkpoint, e.getMessage());
        } catch (IOException e) {
            throw new DemoException("error.cannotRead", checkpoint, e.getMessage());
        }
        Tokenizer tokenizer;
        try {
            tokenizer = Tokenizer.load(tokenizerFile, weights.config().vocabSize());
        } catch (IllegalArgumentException e) {
            throw new DemoException("error.invalidTokenizer", tokenizerFile, e.getMessage());
        } catch (IOException e) {
            throw new DemoException("error.cannotRead", tokenizerFile, e.getMessage());
        }
        out.println(messages.format("model.file", checkpoint, tokenizerFile));

        float temperature = options.temperature().orElse(0f);
        Supplier<Sampler> samplers = () -> Sampler.temperature(temperature, 0f, SAMPLER_SEED);
        return new LoadedModel(weights, tokenizer, checkpoint.toString(), samplers, temperature);
    }

    private LoadedModel loadBuiltIn(DemoOptions options, Path outputDirectory) throws DemoException {
        BuiltInModel builtIn = BuiltInModel.create();
        Path directory = outputDirectory.resolve("built-in");
        Tokenizer tokenizer;
        try {
            tokenizer = builtIn.tokenizer(directory);
        } catch (IOException e) {
            throw new DemoException("error.cannotWrite", directory, e.getMessage());
        }
        out.println(messages.format("model.builtIn", BuiltInModel.WEIGHTS_SEED));

        float temperature = options.temperature().orElse(BuiltInModel.TEMPERATURE);
        Supplier<Sampler> samplers = () -> builtIn.wordSampler(Sampler.temperature(temperature, 0f, SAMPLER_SEED));
        return new LoadedModel(builtIn.weights(), tokenizer, messages.format("model.builtInName"), samplers,
                temperature);
    }

    private static void requireFile(Path file, String option) throws DemoException {
        if (Files.isDirectory(file)) {
            throw new DemoException("error.notAFile", option, file.toAbsolutePath().normalize());
        }
        if (!Files.isRegularFile(file)) {
            throw new DemoException("error.fileNotFound", option, file.toAbsolutePath().normalize());
        }
    }

    private void checkFits(ModelConfig config, int promptLength, int newTokens, boolean given) throws DemoException {
        if (promptLength > config.seqLen()) {
            throw new DemoException("error.promptTooLong", promptLength, config.seqLen());
        }
        int maxNewTokens = config.seqLen() - promptLength + 1;
        if (newTokens > maxNewTokens) {
            throw new DemoException(given ? "error.tokensTooMany" : "error.defaultTokensTooMany", newTokens,
                    promptLength, config.seqLen(), maxNewTokens);
        }
    }

    private Comparison measure(LoadedModel model, int[] prompt, Settings slow, Settings fast) {
        out.println(messages.format("run.withoutCache", slow.warmupRounds(), slow.measuredRounds()));
        StepLatencies withoutCache;
        int totalSteps = (slow.warmupRounds() + slow.measuredRounds()) * slow.newTokens();
        try (ProgressBar bar = new ProgressBar(out, "  ", totalSteps, System.console() != null)) {
            Decoder decoder = bar.counting(StepLatencyProbe.withoutCache(model.weights(), model.samplers()));
            withoutCache = StepLatencyProbe.measure(decoder, prompt, slow, System::nanoTime);
        }

        out.println(messages.format("run.withCache", fast.warmupRounds(), fast.measuredRounds()));
        StepLatencies withCache = StepLatencyProbe.measure(StepLatencyProbe.withCache(model.weights(), model.samplers()),
                prompt, fast, System::nanoTime);
        return new Comparison(withoutCache, withCache);
    }

    private void printVerdict(RunSummary summary) {
        int steps = summary.withCache().steps();
        if (summary.sameTokens()) {
            out.println(messages.format("verdict.same", steps));
            return;
        }
        int step = summary.firstDifference();
        out.println(messages.format("verdict.different", step, summary.comparison().withoutCache().tokens()[step],
                summary.comparison().withCache().tokens()[step]));
    }

    private void printTimings(RunSummary summary) {
        out.println();
        out.println(messages.format("table.header"));
        printRow(messages.format("table.withoutCache"), summary.withoutCache());
        printRow(messages.format("table.withCache"), summary.withCache());
        out.println();
        out.println(messages.format("growth.note"));
        out.println(messages.format("speedup", messages.number(summary.speedup(), 1),
                messages.number(summary.predictedSpeedup(), 1)));
        double agreement = summary.speedup() / summary.predictedSpeedup();
        if (agreement < 0.75) {
            out.println(messages.format("speedup.below"));
        } else if (agreement > 1.25) {
            out.println(messages.format("speedup.above"));
        }
        out.println(messages.format("memory", summary.cacheBytesPerToken(), summary.cacheBytesUsed(),
                summary.positions(), kib(summary.cacheBytesUsed()), kib(summary.cacheBytesFullContext()),
                summary.config().seqLen()));
    }

    private void printRow(String label, RunSummary.StrategyTotals totals) {
        String growth = totals.growth() == null ? "-" : "n^" + messages.number(totals.growth().exponent(), 2);
        out.println(String.format("  %-16s %12s %12s %12s %12s %8s", label,
                millis(totals.totalNanos()), millis(totals.meanNanos()), millis(totals.firstStepNanos()),
                millis(totals.lastStepNanos()), growth));
    }

    private void writeReport(RunSummary summary, LoadedModel model, DemoOptions options, String text,
            Path outputDirectory) throws DemoException {
        Path report = outputDirectory.resolve("report.md");
        Path chart = outputDirectory.resolve("step-latency.png");
        try {
            Files.createDirectories(outputDirectory);
            Files.writeString(report, MarkdownReport.render(summary, model, options.prompt(), text, chart.getFileName(),
                    messages), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DemoException("error.cannotWrite", report, e.getMessage());
        }
        out.println(messages.format("written.report", report.toAbsolutePath().normalize()));
        try {
            LatencyChart.write(summary.comparison(), messages, chart);
            out.println(messages.format("written.chart", chart.toAbsolutePath().normalize()));
        } catch (IOException | RuntimeException | AWTError e) {
            // A Java runtime without fonts or image support cannot draw, and the report is complete without the chart.
            out.println(messages.format("error.chart", chart, e.toString()));
        }
    }

    private String millis(double nanos) {
        return messages.number(nanos / 1e6, 3) + " ms";
    }

    private String kib(long bytes) {
        return messages.number(bytes / 1024.0, 1);
    }

    private static int[] concat(int[] first, int[] second) {
        int[] all = new int[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /**
     * A model ready to run.
     *
     * @param weights the weights
     * @param tokenizer the vocabulary
     * @param name the checkpoint's path, or a name for the built-in model
     * @param samplers makes the sampler of each generation, so that every run draws the same numbers
     * @param temperature the sampling temperature, 0 for greedy
     */
    record LoadedModel(ModelWeights weights, Tokenizer tokenizer, String name, Supplier<Sampler> samplers,
            float temperature) {
    }
}
