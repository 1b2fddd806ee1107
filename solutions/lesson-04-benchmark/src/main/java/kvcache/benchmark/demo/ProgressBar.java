package kvcache.benchmark.demo;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kvcache.benchmark.StepLatencyProbe.Decoder;

/**
 * A progress bar for a slow run, redrawn on one console line by a background thread.
 *
 * <p>The timed code only increments a counter: {@link #counting} wraps a decoder so that each
 * step adds one after it returns, and the drawing (a few microseconds of console output) happens
 * on another thread, outside the measured steps. When the output is not a terminal, nothing is
 * drawn, so that logs do not fill with carriage returns.
 */
final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;
    private static final long REDRAW_MILLIS = 200;

    private final PrintStream out;
    private final String label;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final ScheduledExecutorService painter;

    /**
     * Starts drawing.
     *
     * @param out the console
     * @param label the text before the bar
     * @param total the number of steps that make 100%
     * @param interactive whether {@code out} is a terminal; when false, nothing is drawn
     */
    ProgressBar(PrintStream out, String label, int total, boolean interactive) {
        this.out = out;
        this.label = label;
        this.total = total;
        if (interactive) {
            painter = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "progress-bar");
                thread.setDaemon(true);
                return thread;
            });
            painter.scheduleAtFixedRate(this::draw, 0, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            painter = null;
        }
    }

    /** Returns a decoder that behaves as {@code decoder} and counts each finished step. */
    Decoder counting(Decoder decoder) {
        return new Decoder() {
            @Override
            public void start(int[] prompt) {
                decoder.start(prompt);
            }

            @Override
            public int step() {
                int token = decoder.step();
                done.incrementAndGet();
                return token;
            }
        };
    }

    private void draw() {
        int steps = Math.min(done.get(), total);
        int filled = total == 0 ? WIDTH : steps * WIDTH / total;
        int percent = total == 0 ? 100 : steps * 100 / total;
        out.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format("%3d%%", percent));
        out.flush();
    }

    /** Stops drawing, draws the final state and ends the line. */
    @Override
    public void close() {
        if (painter == null) {
            return;
        }
        painter.shutdownNow();
        try {
            painter.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        out.println();
    }
}
