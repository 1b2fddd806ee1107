package kvcache.kit;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Console messages in English or Vietnamese, read from a resource bundle: the kit's own
 * {@code kvcache/kit/messages} (the progress summary), or another one such as the demo's.
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

    private Messages(String bundleName, Locale locale) {
        this.locale = locale;
        // Without the no-fallback control, asking for English on a Vietnamese system would fall
        // back to the default locale's bundle and print Vietnamese.
        this.bundle = ResourceBundle.getBundle(bundleName, locale,
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
        return forLanguage(BUNDLE, language);
    }

    /**
     * Returns the messages of another bundle for a language code, chosen as
     * {@link #forLanguage(String)} chooses it.
     *
     * @param bundleName the bundle's base name, e.g. {@code "kvcache.benchmark.demo.messages"}
     * @param language {@code "en"}, {@code "vi"}, a locale of either, or empty for the default locale's language
     * @throws IllegalArgumentException for any other language
     */
    public static Messages forLanguage(String bundleName, String language) {
        String code = language == null ? "" : language.trim().toLowerCase(Locale.ROOT);
        // A locale such as vi_VN or en-US chooses its language.
        code = code.split("[-_.]", 2)[0];
        if (code.isEmpty()) {
            code = "vi".equals(Locale.getDefault().getLanguage()) ? "vi" : "en";
        }
        return switch (code) {
            case "en" -> new Messages(bundleName, Locale.ROOT);
            case "vi" -> new Messages(bundleName, Locale.forLanguageTag("vi"));
            default -> throw new IllegalArgumentException("Unsupported language \"" + language
                    + "\" (-D" + LANGUAGE_PROPERTY + " or --lang): use \"en\" (English) or \"vi\" (Vietnamese)");
        };
    }

    /** Returns {@code "en"} or {@code "vi"}. */
    public String language() {
        return isVietnamese() ? "vi" : "en";
    }

    /** Formats a number with the language's separators and the given number of decimals. */
    public String number(double value, int decimals) {
        NumberFormat format = NumberFormat.getNumberInstance(isVietnamese() ? locale : Locale.ENGLISH);
        format.setMinimumFractionDigits(decimals);
        format.setMaximumFractionDigits(decimals);
        return format.format(value);
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
