package kvcache.kit;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Console messages in English or Vietnamese, read from the {@code kvcache/kit/messages}
 * resource bundle.
 *
 * <p>The language is the system property {@code course.lang} ({@code en} or {@code vi}) when it
 * is set and not empty, and otherwise the language of the default locale, with English for any
 * language other than Vietnamese.
 */
public final class Messages {

    /** The system property that chooses the language. */
    public static final String LANGUAGE_PROPERTY = "course.lang";

    private static final String BUNDLE = "kvcache.kit.messages";

    private final ResourceBundle bundle;
    private final Locale locale;

    private Messages(Locale locale) {
        this.locale = locale;
        // Without the no-fallback control, asking for English on a Vietnamese system would fall
        // back to the default locale's bundle and print Vietnamese.
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Returns the messages in the language chosen by {@code course.lang} or the default locale. */
    public static Messages current() {
        return forLanguage(System.getProperty(LANGUAGE_PROPERTY, ""));
    }

    /**
     * Returns the messages for a language code.
     *
     * @param language {@code "en"}, {@code "vi"}, a locale of either such as {@code "vi_VN"} or
     *     {@code "en-US"}, or empty for the default locale's language
     * @throws IllegalArgumentException for any other language
     */
    public static Messages forLanguage(String language) {
        String code = language == null ? "" : language.trim().toLowerCase(Locale.ROOT);
        // A locale such as vi_VN or en-US chooses its language.
        code = code.split("[-_.]", 2)[0];
        if (code.isEmpty()) {
            code = "vi".equals(Locale.getDefault().getLanguage()) ? "vi" : "en";
        }
        return switch (code) {
            case "en" -> new Messages(Locale.ROOT);
            case "vi" -> new Messages(Locale.forLanguageTag("vi"));
            default -> throw new IllegalArgumentException("Unsupported language \"" + language
                    + "\" (-D" + LANGUAGE_PROPERTY + " or --lang): use \"en\" (English) or \"vi\" (Vietnamese)");
        };
    }

    /** Returns {@code true} when the messages are Vietnamese. */
    public boolean isVietnamese() {
        return "vi".equals(locale.getLanguage());
    }

    /**
     * Formats the message with the given key, {@link MessageFormat} style.
     *
     * @throws MissingResourceException if the bundle has no such key
     */
    public String format(String key, Object... arguments) {
        return new MessageFormat(bundle.getString(key), locale).format(arguments);
    }

    /** Returns the message with the given key, or {@code fallback} when the bundle has none. */
    public String getOrDefault(String key, String fallback) {
        return bundle.containsKey(key) ? bundle.getString(key) : fallback;
    }
}
