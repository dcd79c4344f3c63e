package dev.qssm.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line carriage-return progress bar with an ETA, on stderr so stdout stays clean for results. */
final class ProgressBar {
  private final PrintStream err;
  private final long started = System.nanoTime();
  private long startStep = -1;
  private long lastDraw;

  ProgressBar(PrintStream err) {
    this.err = err;
  }

  /** Draws at most five times a second (and always at the end): "label [====    ] step/total status ETA". */
  void update(long step, long total, String label, String status) {
    if (startStep < 0) {
      startStep = step - 1;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 200_000_000L && step < total) {
      return;
    }
    lastDraw = now;
    int width = 24, filled = (int) (width * step / Math.max(1, total));
    double perStep = (now - started) / 1e9 / Math.max(1, step - startStep);
    long eta = Math.round(perStep * (total - step));
    err.printf(Locale.ROOT, "\r%s [%s%s] %d/%d %s ETA %d:%02d:%02d ", label, "=".repeat(filled),
        " ".repeat(width - filled), step, total, status, eta / 3600, eta / 60 % 60, eta % 60);
    err.flush();
  }

  void clear() {
    err.print("\r" + " ".repeat(110) + "\r");
    err.flush();
  }
}
