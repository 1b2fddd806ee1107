package kvcache.benchmark.demo;

import kvcache.kit.Messages;

/**
 * A problem the user can fix, such as a missing file or an invalid option: the demo prints its
 * message, in the chosen language, without a stack trace, and exits with status 2.
 */
final class DemoException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient Object[] arguments;

    /**
     * Creates the exception.
     *
     * @param key the message key in {@code kvcache/benchmark/demo/messages.properties}
     * @param arguments the message's {@link java.text.MessageFormat} arguments
     */
    DemoException(String key, Object... arguments) {
        super(key);
        this.key = key;
        this.arguments = arguments.clone();
    }

    /** Returns the message in the language of {@code messages}. */
    String localizedMessage(Messages messages) {
        return messages.format(key, arguments);
    }
}
