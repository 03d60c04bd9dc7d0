package org.umsrollout.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers every part uses: pauses, medians, memory, the Temporal CLI. */
final class Bench {
  private Bench() {}

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The median; of an even count, the mean of the middle two. */
  static double median(List<? extends Number> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Double> sorted = new ArrayList<>(values.stream().map(Number::doubleValue).toList());
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Heap in use now, in MiB. */
  static double heapMiB() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  /** The process's resident set (VmRSS) in MiB, or -1 where /proc is not there. */
  static double rssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * The Temporal CLI as the real-process tests find it: {@code TEMPORAL_CLI}, then {@code PATH},
   * then Go's install folder.
   */
  static Optional<Path> temporalCli() {
    List<Path> candidates = new ArrayList<>();
    String explicit = System.getenv("TEMPORAL_CLI");
    if (explicit != null && !explicit.isBlank()) {
      candidates.add(Path.of(explicit));
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          candidates.add(Path.of(dir, "temporal"));
        }
      }
    }
    String gopath = System.getenv("GOPATH");
    if (gopath != null && !gopath.isBlank()) {
      candidates.add(Path.of(gopath.split(File.pathSeparator)[0], "bin", "temporal"));
    }
    String home = System.getenv("HOME");
    candidates.add(
        Path.of(home == null ? System.getProperty("user.home") : home, "go", "bin", "temporal"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }
}
