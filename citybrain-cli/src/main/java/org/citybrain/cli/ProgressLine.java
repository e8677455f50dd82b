package org.citybrain.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows how far a run is. On a terminal: one line on stderr rewritten in place,
 * {@code [#####     ] 1800/3600 s  1,234 vehicles  0.8 M upd/s}, at most ten times a second.
 * Elsewhere (CI logs, pipes): nothing while running, one final line without the bar.
 */
final class ProgressLine {
    static final int BAR_CELLS = 10;
    private static final long MIN_REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean interactive;
    private final double stepSeconds;
    private long lastDraw = Long.MIN_VALUE / 2;
    private int lastLength;

    ProgressLine(PrintWriter err, boolean interactive, double stepSeconds) {
        this.err = err;
        this.interactive = interactive;
        this.stepSeconds = stepSeconds;
    }

    /** Whether enough time passed since the last drawing to draw again; the caller then calls {@link #draw}. */
    boolean due(long nowNanos) {
        return interactive && nowNanos - lastDraw >= MIN_REDRAW_NANOS;
    }

    void draw(long nowNanos, int done, int total, long vehicles, double updatesPerSecond) {
        lastDraw = nowNanos;
        String line = render(true, done, total, stepSeconds, vehicles, updatesPerSecond);
        // pad over a longer previous line so no stale characters remain
        err.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /** Ends the display with the final figures: completes the bar, or prints the one final line. */
    void finish(int done, int total, long vehicles, double updatesPerSecond) {
        if (interactive) {
            draw(System.nanoTime(), done, total, vehicles, updatesPerSecond);
            err.println();
        } else {
            err.println(render(false, done, total, stepSeconds, vehicles, updatesPerSecond));
        }
        err.flush();
    }

    /** The text of the line; {@code vehicles} are those on the network now. */
    static String render(boolean bar, int done, int total, double stepSeconds, long vehicles, double updatesPerSecond) {
        StringBuilder sb = new StringBuilder();
        if (bar) {
            int filled = total <= 0 ? BAR_CELLS : (int) ((long) BAR_CELLS * done / total);
            sb.append('[').append("#".repeat(filled)).append(" ".repeat(BAR_CELLS - filled)).append("] ");
        }
        sb.append(seconds(done * stepSeconds)).append('/').append(seconds(total * stepSeconds)).append(" s  ")
                .append(Inputs.count(vehicles)).append(" vehicles  ")
                .append(String.format(Locale.ROOT, "%.1f M upd/s", updatesPerSecond / 1e6));
        return sb.toString();
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.1f", s);
    }
}
