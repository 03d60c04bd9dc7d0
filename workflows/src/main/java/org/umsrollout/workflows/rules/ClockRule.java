package org.umsrollout.workflows.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.umsrollout.workflows.ports.ClockReading;

/** P5: the clocks of the servers may differ by at most the allowed skew (one minute). */
public final class ClockRule {

  /** A host's clock offset from the median of all clocks read. */
  public record Offset(String host, long offsetMillis) {}

  /**
   * The verdict: the spread between the earliest and the latest clock, every host's offset from the
   * median, and the hosts that are further than the allowed skew from it.
   */
  public record Verdict(
      long spreadMillis, List<Offset> offsets, List<Offset> outliers, boolean inSync) {}

  private ClockRule() {}

  public static Verdict judge(List<ClockReading> readings, long maxSkewMillis) {
    if (readings.isEmpty()) {
      return new Verdict(0, List.of(), List.of(), true);
    }
    List<Long> sorted = readings.stream().map(ClockReading::hostEpochMillis).sorted().toList();
    long median = sorted.get(sorted.size() / 2);
    long spread = sorted.get(sorted.size() - 1) - sorted.get(0);
    Map<String, Long> byHost = new LinkedHashMap<>();
    readings.forEach(r -> byHost.put(r.host(), r.hostEpochMillis() - median));
    List<Offset> offsets = new ArrayList<>();
    byHost.forEach((h, o) -> offsets.add(new Offset(h, o)));
    boolean inSync = spread <= maxSkewMillis;
    List<Offset> outliers =
        inSync
            ? List.of()
            : offsets.stream()
                .filter(o -> o.offsetMillis() != 0)
                .sorted(Comparator.comparingLong((Offset o) -> -Math.abs(o.offsetMillis())))
                .toList();
    return new Verdict(spread, offsets, outliers, inSync);
  }
}
