package dev.qssm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The one line every benchmark prints first, so its figures say what machine made them. */
public final class Machine {
  private Machine() {}

  /** "Machine: N cores, CPU model; JVM version, max heap M MB." */
  public static String describe() {
    return String.format(Locale.ROOT, "Machine: %d cores, %s; %s %s, max heap %d MB.",
        Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
  }

  private static String cpuModel() {
    try {
      for (var line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }
}
