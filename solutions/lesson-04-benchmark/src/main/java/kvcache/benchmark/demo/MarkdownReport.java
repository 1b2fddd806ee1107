package kvcache.benchmark.demo;

import kvcache.kit.Messages;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import kvcache.benchmark.StepLatencyProbe.StepLatencies;
import kvcache.kit.model.ModelConfig;

/** Renders the demo's results as a markdown page: the run, the figures and every step's latency. */
final class MarkdownReport {

    private static final String NL = "\n";

    private MarkdownReport() {
    }

    /**
     * Returns the report.
     *
     * @param prompt the prompt as the user wrote it
     * @param text the decoded prompt and generated tokens
     * @param chart the chart's file name, linked from the report, which sits in the same folder
     */
    static String render(RunSummary summary, Demo.LoadedModel model, String prompt, String text, Path chart,
            Messages messages) {
        ModelConfig config = summary.config();
        StepLatencies without = summary.comparison().withoutCache();
        StepLatencies with = summary.comparison().withCache();
        StringBuilder md = new StringBuilder();

        md.append("# ").append(messages.format("report.title")).append(NL).append(NL);
        md.append(messages.format("report.environment",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors())).append(NL).append(NL);

        md.append("## ").append(messages.format("report.model")).append(NL).append(NL);
        md.append(messages.format("report.source", model.name())).append(NL).append(NL);
        md.append("| dim | hidden_dim | n_layers | n_heads | n_kv_heads | vocab_size | seq_len |").append(NL);
        md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |").append(NL);
        md.append("| ").append(config.dim()).append(" | ").append(config.hiddenDim()).append(" | ")
                .append(config.nLayers()).append(" | ").append(config.nHeads()).append(" | ")
                .append(config.nKvHeads()).append(" | ").append(config.vocabSize()).append(" | ")
                .append(config.seqLen()).append(" |").append(NL).append(NL);

        md.append("## ").append(messages.format("report.generation")).append(NL).append(NL);
        md.append(messages.format("prompt", prompt, with.firstPosition() + 1, with.nanos().length)).append(" ");
        md.append(model.temperature() == 0f
                ? messages.format("sampling.greedy")
                : messages.format("sampling.temperature", messages.number(model.temperature(), 2), Demo.SAMPLER_SEED))
                .append(NL).append(NL);
        md.append("> ").append(text.strip().replace("\n", "\n> ")).append(NL).append(NL);
        md.append(summary.sameTokens()
                ? messages.format("verdict.same", with.nanos().length)
                : messages.format("verdict.different", summary.firstDifference(),
                        without.tokens()[summary.firstDifference()], with.tokens()[summary.firstDifference()]))
                .append(NL).append(NL);

        md.append("## ").append(messages.format("report.timing")).append(NL).append(NL);
        md.append(messages.format("report.method", summary.withoutCacheSettings().warmupRounds(),
                summary.withoutCacheSettings().measuredRounds(), summary.withCacheSettings().warmupRounds(),
                summary.withCacheSettings().measuredRounds())).append(NL).append(NL);
        md.append("| ").append(messages.format("report.column.strategy"))
                .append(" | ").append(messages.format("report.column.total"))
                .append(" | ").append(messages.format("report.column.mean"))
                .append(" | ").append(messages.format("report.column.first"))
                .append(" | ").append(messages.format("report.column.last"))
                .append(" | ").append(messages.format("report.column.growth")).append(" |").append(NL);
        md.append("| --- | ---: | ---: | ---: | ---: | ---: |").append(NL);
        row(md, messages.format("table.withoutCache"), summary.withoutCache(), messages);
        row(md, messages.format("table.withCache"), summary.withCache(), messages);
        md.append(NL);
        md.append(messages.format("speedup", messages.number(summary.speedup(), 1),
                messages.number(summary.predictedSpeedup(), 1))).append(NL).append(NL);

        md.append("## ").append(messages.format("report.memory")).append(NL).append(NL);
        md.append(messages.format("memory", summary.cacheBytesPerToken(), summary.cacheBytesUsed(),
                summary.positions(), messages.number(summary.cacheBytesUsed() / 1024.0, 1),
                messages.number(summary.cacheBytesFullContext() / 1024.0, 1), config.seqLen())).append(NL).append(NL);

        md.append("## ").append(messages.format("report.steps")).append(NL).append(NL);
        md.append("![").append(messages.format("chart.title")).append("](").append(chart).append(")").append(NL)
                .append(NL);
        md.append("| ").append(messages.format("report.column.position"))
                .append(" | ").append(messages.format("table.withoutCache")).append(" (ms)")
                .append(" | ").append(messages.format("table.withCache")).append(" (ms)")
                .append(" | ").append(messages.format("report.column.token")).append(" |").append(NL);
        md.append("| ---: | ---: | ---: | ---: |").append(NL);
        long[] withoutNanos = without.nanos();
        long[] withNanos = with.nanos();
        int[] tokens = with.tokens();
        for (int s = 0; s < withNanos.length; s++) {
            md.append("| ").append(with.firstPosition() + s)
                    .append(" | ").append(messages.number(withoutNanos[s] / 1e6, 3))
                    .append(" | ").append(messages.number(withNanos[s] / 1e6, 3))
                    .append(" | ").append(tokens[s]).append(" |").append(NL);
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String label, RunSummary.StrategyTotals totals, Messages messages) {
        String growth = totals.growth() == null ? "-" : "n^" + messages.number(totals.growth().exponent(), 2);
        md.append("| ").append(label)
                .append(" | ").append(messages.number(totals.totalNanos() / 1e6, 3)).append(" ms")
                .append(" | ").append(messages.number(totals.meanNanos() / 1e6, 3)).append(" ms")
                .append(" | ").append(messages.number(totals.firstStepNanos() / 1e6, 3)).append(" ms")
                .append(" | ").append(messages.number(totals.lastStepNanos() / 1e6, 3)).append(" ms")
                .append(" | ").append(growth).append(" |").append(NL);
    }
}
