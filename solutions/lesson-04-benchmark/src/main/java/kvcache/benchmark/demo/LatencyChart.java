package kvcache.benchmark.demo;

import kvcache.kit.Messages;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import kvcache.benchmark.StepLatencyProbe.Comparison;
import kvcache.benchmark.StepLatencyProbe.StepLatencies;

/**
 * Draws the step latency of both strategies against the position as a PNG, with java.awt only.
 *
 * <p>The x axis is the position of each step; the y axis is the latency in milliseconds on a
 * logarithmic scale, one grid line per power of ten. A logarithmic axis keeps both lines
 * readable although they differ by one or two orders of magnitude: the line without a cache
 * rises, because each step recomputes every earlier position, and the line with a cache stays
 * almost flat. The caller must run with {@code java.awt.headless=true} where there is no display.
 */
final class LatencyChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final int LEFT = 100;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;

    static final Color WITHOUT_CACHE = new Color(0xC8, 0x3E, 0x4D);
    static final Color WITH_CACHE = new Color(0x1F, 0x6F, 0xB2);
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);

    private LatencyChart() {
    }

    /**
     * Writes the chart of {@code comparison} to {@code file}.
     *
     * @throws IOException if the file cannot be written
     */
    static void write(Comparison comparison, Messages messages, Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, comparison, messages);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("No PNG writer is available in this Java runtime");
        }
    }

    private static void draw(Graphics2D g, Comparison comparison, Messages messages) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        StepLatencies without = comparison.withoutCache();
        StepLatencies with = comparison.withCache();
        int firstPosition = with.firstPosition();
        int lastPosition = firstPosition + with.nanos().length - 1;

        // The y range: whole powers of ten around every latency, in milliseconds.
        double minMillis = Double.MAX_VALUE;
        double maxMillis = 0;
        for (StepLatencies latencies : new StepLatencies[] {without, with}) {
            for (long nanos : latencies.nanos()) {
                double millis = millis(nanos);
                minMillis = Math.min(minMillis, millis);
                maxMillis = Math.max(maxMillis, millis);
            }
        }
        int lowDecade = (int) Math.floor(Math.log10(minMillis));
        int highDecade = Math.max((int) Math.ceil(Math.log10(maxMillis)), lowDecade + 1);
        Axes axes = new Axes(firstPosition, Math.max(lastPosition, firstPosition + 1), lowDecade, highDecade);

        // Title and axis labels.
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(messages.format("chart.title"), LEFT, 35);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        String xLabel = messages.format("chart.xAxis");
        g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - g.getFontMetrics().stringWidth(xLabel)) / 2, HEIGHT - 20);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        String yLabel = messages.format("chart.yAxis");
        rotated.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM + rotated.getFontMetrics().stringWidth(yLabel)) / 2), 25);
        rotated.dispose();

        // Grid: one line per power of ten, light ticks at 2..9 times it.
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int decade = lowDecade; decade <= highDecade; decade++) {
            int y = axes.y(Math.pow(10, decade));
            g.setColor(GRID);
            g.setStroke(new BasicStroke(1f));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            String label = decadeLabel(decade, messages);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
            if (decade < highDecade) {
                g.setColor(GRID);
                for (int multiple = 2; multiple <= 9; multiple++) {
                    int minorY = axes.y(multiple * Math.pow(10, decade));
                    g.drawLine(LEFT, minorY, LEFT + 6, minorY);
                }
            }
        }
        int xTickStep = niceStep(lastPosition - firstPosition);
        for (int position = ceilTo(firstPosition, xTickStep); position <= lastPosition; position += xTickStep) {
            int x = axes.x(position);
            g.setColor(GRID);
            g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            g.setColor(Color.DARK_GRAY);
            String label = Integer.toString(position);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 18);
        }
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);

        // The two series and their legend.
        drawSeries(g, axes, without, WITHOUT_CACHE);
        drawSeries(g, axes, with, WITH_CACHE);
        drawLegendEntry(g, 0, WITHOUT_CACHE, messages.format("chart.withoutCache"));
        drawLegendEntry(g, 1, WITH_CACHE, messages.format("chart.withCache"));
    }

    private static void drawSeries(Graphics2D g, Axes axes, StepLatencies latencies, Color color) {
        long[] nanos = latencies.nanos();
        Path2D.Double line = new Path2D.Double();
        for (int s = 0; s < nanos.length; s++) {
            double x = axes.x(latencies.firstPosition() + s);
            double y = axes.y(millis(nanos[s]));
            if (s == 0) {
                line.moveTo(x, y);
            } else {
                line.lineTo(x, y);
            }
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        g.draw(line);
    }

    private static void drawLegendEntry(Graphics2D g, int row, Color color, String text) {
        int x = LEFT + 16;
        int y = TOP + 22 + row * 22;
        g.setColor(color);
        g.setStroke(new BasicStroke(3f));
        g.drawLine(x, y - 5, x + 28, y - 5);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(text, x + 36, y);
    }

    /** Converts nanoseconds to milliseconds; a 0 ns reading counts as 1 ns, so that its logarithm is finite. */
    private static double millis(long nanos) {
        return Math.max(nanos, 1) / 1e6;
    }

    /** Formats a power of ten in milliseconds with the console language's separators. */
    private static String decadeLabel(int decade, Messages messages) {
        return messages.number(Math.pow(10, decade), Math.max(0, -decade)) + " ms";
    }

    /** Returns 1, 2, 5, 10, 20, 50, ... so that a range of {@code span} gets about 8 ticks. */
    private static int niceStep(int span) {
        int step = 1;
        while (span / step > 10) {
            step = switch (Integer.toString(step).charAt(0)) {
                case '1' -> step * 2;
                case '2' -> step / 2 * 5;
                default -> step * 2;
            };
        }
        return step;
    }

    private static int ceilTo(int value, int step) {
        return Math.floorDiv(value + step - 1, step) * step;
    }

    /** Maps positions and milliseconds to pixels. */
    private record Axes(int firstPosition, int lastPosition, int lowDecade, int highDecade) {

        int x(double position) {
            double fraction = (position - firstPosition) / (lastPosition - firstPosition);
            return (int) Math.round(LEFT + fraction * (WIDTH - LEFT - RIGHT));
        }

        int y(double millis) {
            double fraction = (Math.log10(millis) - lowDecade) / (highDecade - lowDecade);
            return (int) Math.round(HEIGHT - BOTTOM - fraction * (HEIGHT - TOP - BOTTOM));
        }
    }
}
