package kvcache.benchmark.demo;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** The demo's console text in English or Vietnamese, from the {@code kvcache/benchmark/demo/messages} bundle. */
final class DemoMessages {

    private static final String BUNDLE = "kvcache.benchmark.demo.messages";

    private final Locale locale;
    private final ResourceBundle bundle;

    private DemoMessages(Locale locale) {
        this.locale = locale;
        // Without the no-fallback control, English on a Vietnamese system would fall back to the
        // default locale's bundle and print Vietnamese.
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Returns the English messages. */
    static DemoMessages english() {
        return new DemoMessages(Locale.ROOT);
    }

    /** Returns the Vietnamese messages. */
    static DemoMessages vietnamese() {
        return new DemoMessages(Locale.forLanguageTag("vi"));
    }

    /** Returns the messages of the default locale: Vietnamese on a Vietnamese system, English otherwise. */
    static DemoMessages ofSystemLocale() {
        return "vi".equals(Locale.getDefault().getLanguage()) ? vietnamese() : english();
    }

    /** Returns {@code "en"} or {@code "vi"}. */
    String language() {
        return locale.getLanguage().isEmpty() ? "en" : locale.getLanguage();
    }

    /** Formats the message with the given key, {@link MessageFormat} style. */
    String format(String key, Object... arguments) {
        return new MessageFormat(bundle.getString(key), locale).format(arguments);
    }

    /** Formats a number with the locale's separators and the given number of decimals. */
    String number(double value, int decimals) {
        java.text.NumberFormat format = java.text.NumberFormat.getNumberInstance(
                locale.getLanguage().isEmpty() ? Locale.ENGLISH : locale);
        format.setMinimumFractionDigits(decimals);
        format.setMaximumFractionDigits(decimals);
        return format.format(value);
    }
}
