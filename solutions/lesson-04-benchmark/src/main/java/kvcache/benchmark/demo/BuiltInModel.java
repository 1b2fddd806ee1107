package kvcache.benchmark.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import kvcache.kit.model.ModelConfig;
import kvcache.kit.model.ModelWeights;
import kvcache.kit.model.Sampler;
import kvcache.kit.model.Tokenizer;

/**
 * The demo's default model, which a fresh clone has without any download: random weights from a
 * fixed seed and a small vocabulary of English words in llama2.c's tokenizer format.
 *
 * <p>A random model writes nonsense, and this one writes readable nonsense: its sampler
 * ({@link #wordSampler}) draws only whole words and punctuation marks. The vocabulary also contains
 * what llama2.c's encoder needs to encode any prompt (the special tokens, the 256 byte
 * fallbacks, every printable ASCII character and every prefix of each word, which merging builds
 * words from), but those tokens are never generated. Greedy decoding of a random model soon
 * repeats one or two words, so the built-in model samples with a temperature and a fixed seed.
 */
final class BuiltInModel {

    /** The seed of the weights. */
    static final long WEIGHTS_SEED = 2024L;

    /** The sampling temperature: at 1 the words come out varied, and the fixed seed makes every run the same. */
    static final float TEMPERATURE = 1.0f;

    /** The seed of the sampler's random numbers. */
    static final long SAMPLER_SEED = 42L;

    /** The words the model writes, each stored with a leading space, as SentencePiece stores words. */
    private static final String[] WORDS = {
        "once", "upon", "a", "time", "there", "was", "little", "girl", "boy", "named", "lily", "tom",
        "ben", "mia", "she", "he", "they", "it", "loved", "liked", "wanted", "saw", "found", "had",
        "to", "play", "with", "in", "on", "the", "park", "garden", "house", "tree", "sun", "moon",
        "sky", "big", "small", "red", "blue", "green", "happy", "sad", "kind", "brave", "ball",
        "cat", "dog", "bird", "fish", "toy", "car", "boat", "box", "cake", "apple", "flower", "friend",
        "mom", "dad", "day", "night", "one", "two", "and", "but", "so", "then", "very", "too", "not",
        "could", "would", "said", "asked", "ran", "jumped", "looked", "smiled", "laughed", "cried",
        "helped", "shared", "made", "went", "came", "home", "out", "up", "down", "over", "under", "near",
        "far", "all", "every", "new", "old", "good", "bad", "fun", "nice", "soft", "warm", "cold", "water",
        "rain", "snow", "hat", "shoe", "book", "song", "sing", "dance", "walk", "run", "fly", "swim",
        "eat", "drink", "sleep", "dream", "hug", "love", "be", "is", "are", "of", "for", "from", "her",
        "his", "their", "together", "again", "after", "that", "this", "what", "how", "why", "yes", "no",
    };

    /** Words that prompts often start with: in the vocabulary, so they encode as one token, but never generated. */
    private static final String[] PROMPT_WORDS = {"Once", "One", "The", "She", "He", "Lily", "Tom"};

    /** Punctuation marks the model writes, each a token of its own. */
    private static final String[] PUNCTUATION = {".", ",", "!", "?"};

    /** The number of special tokens (unknown, BOS, EOS) and byte fallbacks, which get merge score 0. */
    private static final int FIRST_PIECE = 3 + 256;

    private final List<String> pieces;
    private final boolean[] writable;

    private BuiltInModel() {
        Set<String> ordered = new LinkedHashSet<>();
        ordered.add("<unk>");
        ordered.add("\n<s>\n");
        ordered.add("\n</s>\n");
        for (int b = 0; b < 256; b++) {
            ordered.add(String.format("<0x%02X>", b));
        }
        for (char c = ' '; c <= '~'; c++) {
            ordered.add(String.valueOf(c));
        }
        // Every prefix of " word" is a token, so that merging adjacent pairs builds each word.
        for (String[] list : new String[][] {PROMPT_WORDS, WORDS}) {
            for (String word : list) {
                String spaced = " " + word;
                for (int end = 2; end <= spaced.length(); end++) {
                    ordered.add(spaced.substring(0, end));
                }
            }
        }
        pieces = new ArrayList<>(ordered);

        writable = new boolean[pieces.size()];
        for (String word : WORDS) {
            writable[pieces.indexOf(" " + word)] = true;
        }
        for (String mark : PUNCTUATION) {
            writable[pieces.indexOf(mark)] = true;
        }
    }

    /** Returns the built-in model's vocabulary and sampler rules. */
    static BuiltInModel create() {
        return new BuiltInModel();
    }

    /** Returns the model's sizes: a small Llama with grouped-query attention, like stories260K but wider. */
    ModelConfig config() {
        return ModelConfig.builder()
                .dim(128).hiddenDim(384).nLayers(6).nHeads(8).nKvHeads(4)
                .vocabSize(pieces.size()).seqLen(256)
                .sharedClassifier(false)
                .build();
    }

    /** Returns the weights: {@link ModelWeights#random} with {@link #WEIGHTS_SEED}. */
    ModelWeights weights() {
        return ModelWeights.random(config(), WEIGHTS_SEED);
    }

    /**
     * Writes the vocabulary as a llama2.c tokenizer file, {@code tokenizer.bin} in
     * {@code directory}, and loads it. A longer piece has a higher merge score, so merging builds
     * whole words.
     *
     * @throws IOException if the file cannot be written or read
     */
    Tokenizer tokenizer(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("tokenizer.bin");
        Files.write(file, tokenizerBytes());
        return Tokenizer.load(file, pieces.size());
    }

    /**
     * Returns a sampler that draws only words and punctuation marks: every other token's logit
     * becomes negative infinity before {@code inner} samples.
     */
    Sampler wordSampler(Sampler inner) {
        return logits -> {
            float[] masked = logits.clone();
            for (int token = 0; token < masked.length; token++) {
                if (!writable[token]) {
                    masked[token] = Float.NEGATIVE_INFINITY;
                }
            }
            int chosen = inner.sample(masked);
            // A multinomial draw whose coin lands above the rounded total returns the last token;
            // take the most likely word instead.
            return writable[chosen] ? chosen : Sampler.greedy().sample(masked);
        };
    }

    private byte[] tokenizerBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int maxLength = 0;
        for (String piece : pieces) {
            maxLength = Math.max(maxLength, piece.getBytes(StandardCharsets.UTF_8).length);
        }
        out.writeBytes(littleEndian().putInt(maxLength).array());
        for (int id = 0; id < pieces.size(); id++) {
            byte[] bytes = pieces.get(id).getBytes(StandardCharsets.UTF_8);
            float score = id < FIRST_PIECE ? 0f : bytes.length;
            out.writeBytes(littleEndian().putFloat(score).array());
            out.writeBytes(littleEndian().putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static ByteBuffer littleEndian() {
        return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }
}
