package kvcache.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Console messages")
class MessagesTest {

    private final Locale originalLocale = Locale.getDefault();

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(originalLocale);
    }

    @Test
    @DisplayName("English is chosen even on a Vietnamese system when asked for")
    void englishOnVietnameseSystem() {
        Locale.setDefault(Locale.forLanguageTag("vi-VN"));

        Messages messages = Messages.forLanguage("en");

        assertThat(messages.isVietnamese()).isFalse();
        assertThat(messages.format("progress.done", 1, 4)).isEqualTo("Done: 1 of 4 exercises.");
    }

    @Test
    @DisplayName("Vietnamese is chosen by code")
    void vietnameseByCode() {
        Messages messages = Messages.forLanguage("vi");

        assertThat(messages.isVietnamese()).isTrue();
        assertThat(messages.format("progress.done", 1, 4)).isEqualTo("Đã xong: 1/4 bài tập.");
    }

    @Test
    @DisplayName("an empty code follows the system locale")
    void emptyFollowsLocale() {
        Locale.setDefault(Locale.forLanguageTag("vi-VN"));
        assertThat(Messages.forLanguage("").isVietnamese()).isTrue();

        Locale.setDefault(Locale.GERMANY);
        assertThat(Messages.forLanguage("").isVietnamese()).isFalse();
    }

    @Test
    @DisplayName("a locale such as vi_VN or en-US chooses its language")
    void localeChoosesLanguage() {
        assertThat(Messages.forLanguage("vi_VN").isVietnamese()).isTrue();
        assertThat(Messages.forLanguage("en-US").isVietnamese()).isFalse();
    }

    @Test
    @DisplayName("an unsupported code is rejected with the supported ones")
    void unsupportedRejected() {
        assertThatThrownBy(() -> Messages.forLanguage("fr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"fr\"")
                .hasMessageContaining("\"en\"")
                .hasMessageContaining("\"vi\"");
    }

    @Test
    @DisplayName("both bundles have the same keys")
    void bundlesHaveSameKeys() {
        var english = java.util.ResourceBundle.getBundle("kvcache.kit.messages", Locale.ROOT,
                java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_PROPERTIES));
        var vietnamese = java.util.ResourceBundle.getBundle("kvcache.kit.messages", Locale.forLanguageTag("vi"),
                java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_PROPERTIES));

        assertThat(vietnamese.keySet()).containsAll(english.keySet());
        assertThat(english.keySet()).containsAll(vietnamese.keySet().stream()
                .filter(key -> !key.startsWith("exercise.")).toList());
    }
}
