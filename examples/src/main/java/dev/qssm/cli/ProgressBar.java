package dev.qssm.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line carriage-return progress bar with an ETA, on stderr so stdout stays clean for results. */
final class ProgressBar {
  private final PrintStream err;
  private long firstStep = -1; // the rate is measured from the first update, so a resumed run's ETA is right
  private long firstTime;
  private long lastDraw;

  ProgressBar(PrintStream err) {
    this.err = err;
  }

  /** Draws at most five times a second (and always at the end): "label [====    ] step/total status ETA". */
  void update(long step, long total, String label, String status) {
    long now = System.nanoTime();
    if (firstStep < 0) {
      firstStep = step;
      firstTime = now;
    }
    if (now - lastDraw < 200_000_000L && step < total) {
      return;
    }
    lastDraw = now;
    int width = 24, filled = (int) (width * step / Math.max(1, total));
    String eta = "-:--:--";
    if (step > firstStep) {
      long s = Math.round((now - firstTime) / 1e9 / (step - firstStep) * (total - step));
      eta = String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
    err.printf(Locale.ROOT, "\r%s [%s%s] %d/%d %s ETA %s ", label, "=".repeat(filled), " ".repeat(width - filled),
        step, total, status, eta);
    err.flush();
  }

  void clear() {
    err.print("\r" + " ".repeat(110) + "\r");
    err.flush();
  }
}
