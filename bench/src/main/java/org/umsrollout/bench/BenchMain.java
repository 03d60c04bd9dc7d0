package org.umsrollout.bench;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The benchmark runner: every figure is a ratio or a rate measured in the same run as its
 * reference. Prints the table and writes it to the results file.
 */
@Command(
    name = "ums-rollout-bench",
    mixinStandardHelpOptions = true,
    description = "Measures the rollout's overhead, change freeze, scale, history and recovery.")
public final class BenchMain implements Callable<Integer> {
  @Mixin Options options = new Options();

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    for (String part : options.only) {
      if (!Options.PARTS.contains(part)) {
        System.err.println("unknown part '" + part + "'; the parts are " + Options.PARTS);
        return 2;
      }
    }
    quietLogs();
    long started = System.currentTimeMillis();
    String loadBefore = loadAverage();
    ResultTable table = new ResultTable();
    Optional<Path> cli = Bench.temporalCli();
    StringBuilder notes = new StringBuilder();
    if (options.runs("overhead")) {
      step("overhead, in-memory server");
      try (Backend memory = Backend.inMemory(null)) {
        OverheadPart.run(memory, options, table);
      }
    }
    boolean needsDevServer =
        options.runs("overhead") || options.runs("freeze") || options.runs("recovery");
    if (needsDevServer && cli.isEmpty()) {
      for (String part : List.of("overhead", "freeze", "recovery")) {
        if (options.runs(part)) {
          table.add(Figure.skipped(part + " (dev server)", "all figures", "no temporal CLI"));
        }
      }
    } else if (needsDevServer) {
      step("starting the Temporal dev server");
      try (Backend.DevServer server = Backend.devServer(cli.get())) {
        if (options.runs("overhead")) {
          step("overhead, dev server");
          OverheadPart.run(server, options, table);
        }
        if (options.runs("freeze")) {
          step("change freeze, dev server");
          FreezePart.run(server, options, table);
        }
        if (options.runs("recovery")) {
          step("recovery, dev server");
          RecoveryPart.run(server, table);
        }
      }
    }
    if (options.runs("history")) {
      step("history, in-memory server");
      HistoryPart.run(options, table, notes);
    }
    if (options.runs("scale")) {
      long budgetEnd = started + options.budgetMinutes * 60_000L;
      int lastSites = 0;
      long lastMillis = 0;
      for (int sites : options.sites) {
        long now = System.currentTimeMillis();
        long predicted = lastSites == 0 ? 0 : lastMillis * sites / lastSites;
        if (now + predicted > budgetEnd) {
          table.add(
              Figure.skipped(
                  "scale (" + sites + " sites)",
                  "all figures",
                  String.format(
                      java.util.Locale.ROOT,
                      "about %d s by the %d sites' pace, past the %d-minute budget: run"
                          + " `--only scale --sites %d` alone",
                      predicted / 1000,
                      lastSites,
                      options.budgetMinutes,
                      sites)));
          continue;
        }
        step("scale, " + sites + " sites, in-memory server");
        ScalePart.run(sites, table);
        System.gc();
        lastSites = sites;
        lastMillis = System.currentTimeMillis() - now;
      }
    }
    long seconds = (System.currentTimeMillis() - started) / 1000;
    String text =
        "Run "
            + Instant.now()
            + " in "
            + seconds
            + " s, "
            + Runtime.getRuntime().availableProcessors()
            + " cores, Java "
            + System.getProperty("java.version")
            + ", max heap "
            + Runtime.getRuntime().maxMemory() / 1048576
            + " MiB, JVM args "
            + ManagementFactory.getRuntimeMXBean().getInputArguments()
            + "; load average (1, 5, 15 min) before "
            + loadBefore
            + ", after "
            + loadAverage()
            + "\n\n"
            + table.render()
            + (notes.length() == 0 ? "" : "\n" + notes);
    System.out.println();
    System.out.print(text);
    Path out = options.out.toAbsolutePath();
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, text);
    System.out.println("\nwritten to " + out);
    return 0;
  }

  /** The machine's load average, which tells how much of its CPU others took meanwhile. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static void step(String what) {
    System.out.println("[bench] " + what);
  }

  private static void quietLogs() {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.umsrollout"))
        .setLevel(Level.WARN);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.temporal")).setLevel(Level.ERROR);
  }
}
