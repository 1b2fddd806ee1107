package kvcache.benchmark.demo;

import kvcache.kit.Messages;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The demo's command-line options.
 *
 * @param checkpoint a llama2.c checkpoint, or empty for the built-in model
 * @param tokenizer the checkpoint's llama2.c tokenizer; present exactly when {@code checkpoint} is
 * @param prompt the text that generation starts from
 * @param tokens the number of new tokens, or empty for {@link #DEFAULT_TOKENS}
 * @param temperature the sampling temperature, or empty for the model's default: 0 (greedy) for a
 *     checkpoint, {@link BuiltInModel#TEMPERATURE} for the built-in model
 * @param help whether to print the usage and exit
 */
record DemoOptions(Optional<Path> checkpoint, Optional<Path> tokenizer, String prompt, Optional<Integer> tokens,
        Optional<Float> temperature, boolean help) {

    /**
     * The default number of new tokens: with stories260K and the prompt "Once upon a time" (5
     * positions with BOS), 60 new tokens fill the 64 positions of llama2.c's {@code run -n 64}.
     */
    static final int DEFAULT_TOKENS = 60;

    /** The resource bundle of the demo's console text, in English and Vietnamese. */
    static final String BUNDLE = "kvcache.benchmark.demo.messages";

    /** The default prompt. */
    static final String DEFAULT_PROMPT = "Once upon a time";

    /**
     * Returns the console language that {@code --lang} chooses, or the system locale's without it.
     *
     * @throws DemoException if {@code --lang} is neither {@code en} nor {@code vi}
     */
    static Messages language(String[] args) throws DemoException {
        String language = valueOf(args, "--lang");
        if (language == null) {
            return Messages.forLanguage(DemoOptions.BUNDLE, "");
        }
        return switch (language) {
            case "en" -> Messages.forLanguage(BUNDLE, "en");
            case "vi" -> Messages.forLanguage(BUNDLE, "vi");
            default -> throw new DemoException("error.lang", language);
        };
    }

    /**
     * Parses the arguments. Options take their value as the next argument or after {@code =},
     * as in {@code --tokens 100} or {@code --tokens=100}.
     *
     * @throws DemoException for an unknown option, a missing or invalid value, or a checkpoint
     *     without a tokenizer or the reverse
     */
    static DemoOptions parse(String[] args) throws DemoException {
        Path checkpoint = null;
        Path tokenizer = null;
        String prompt = DEFAULT_PROMPT;
        Integer tokens = null;
        Float temperature = null;
        boolean help = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inlineValue = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            if (name.equals("--help") || name.equals("-h")) {
                help = true;
                continue;
            }
            if (!name.equals("--checkpoint") && !name.equals("--tokenizer") && !name.equals("--prompt")
                    && !name.equals("--tokens") && !name.equals("--temperature") && !name.equals("--lang")) {
                throw new DemoException("error.unknownOption", arg);
            }
            String value = inlineValue;
            if (value == null) {
                // A value that looks like an option means the value itself was left out, e.g.
                // an empty --prompt '' that the shell or Maven dropped.
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new DemoException("error.missingValue", name);
                }
                value = args[++i];
            }
            switch (name) {
                case "--checkpoint" -> checkpoint = Path.of(value);
                case "--tokenizer" -> tokenizer = Path.of(value);
                case "--prompt" -> prompt = value;
                case "--tokens" -> tokens = parseTokens(value);
                case "--temperature" -> temperature = parseTemperature(value);
                default -> {
                    // --lang is read by language(String[]).
                }
            }
        }

        if (checkpoint != null && tokenizer == null) {
            throw new DemoException("error.checkpointWithoutTokenizer", checkpoint);
        }
        if (tokenizer != null && checkpoint == null) {
            throw new DemoException("error.tokenizerWithoutCheckpoint", tokenizer);
        }
        return new DemoOptions(Optional.ofNullable(checkpoint), Optional.ofNullable(tokenizer), prompt,
                Optional.ofNullable(tokens), Optional.ofNullable(temperature), help);
    }

    private static int parseTokens(String value) throws DemoException {
        int tokens;
        try {
            tokens = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new DemoException("error.tokensNotANumber", value);
        }
        if (tokens < 1) {
            throw new DemoException("error.tokensTooFew", tokens);
        }
        return tokens;
    }

    private static float parseTemperature(String value) throws DemoException {
        float temperature;
        try {
            temperature = Float.parseFloat(value.trim());
        } catch (NumberFormatException e) {
            throw new DemoException("error.temperatureNotANumber", value);
        }
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new DemoException("error.temperatureNotANumber", value);
        }
        return temperature;
    }

    /** Returns the value of the last occurrence of {@code option}, or null when it is absent. */
    private static String valueOf(String[] args, String option) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(option) && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith(option + "=")) {
                value = args[i].substring(option.length() + 1);
            }
        }
        return value;
    }
}
