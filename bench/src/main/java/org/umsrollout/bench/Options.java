package org.umsrollout.bench;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** What to run and how big. */
final class Options {
  static final List<String> PARTS = List.of("overhead", "freeze", "scale", "history", "recovery");

  @Option(
      names = "--only",
      split = ",",
      description = "parts to run, of: overhead, freeze, scale, history, recovery (default: all)")
  List<String> only = PARTS;

  @Option(
      names = "--sites",
      split = ",",
      description = "concurrent sites for the scale part (default: ${DEFAULT-VALUE})")
  List<Integer> sites = List.of(100, 500, 1000);

  @Option(
      names = "--pairs",
      description = "measured rollout/bare pairs per service (default: ${DEFAULT-VALUE})")
  int pairs = 3;

  @Option(
      names = "--install-millis",
      description =
          "one lab install in the overhead part, as in the demo (default: ${DEFAULT-VALUE})")
  long installMillis = 600;

  @Option(
      names = "--freeze-install-seconds",
      description = "one server install in the change freeze part (default: ${DEFAULT-VALUE})")
  int freezeInstallSeconds = 10;

  @Option(
      names = "--replays",
      description = "timed replays of the largest site's history (default: ${DEFAULT-VALUE})")
  int replays = 7;

  @Option(
      names = "--budget-minutes",
      description =
          "a scale size whose time, by the pace of the size before, would end the run past this"
              + " is skipped (default: ${DEFAULT-VALUE})")
  int budgetMinutes = 10;

  @Option(names = "--out", description = "results file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("bench/results/latest.md");

  boolean runs(String part) {
    return only.contains(part);
  }
}
