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
   * median, and the outliers: the fewest hosts whose clocks must be set so that all the others are
   * within the allowed skew of each other, furthest from the median first.
   */
  public record Verdict(
      long spreadMillis, List<Offset> offsets, List<Offset> outliers, boolean inSync) {}

  private ClockRule() {}

  public static Verdict judge(List<ClockReading> readings, long maxSkewMillis) {
    if (readings.isEmpty()) {
      return new Verdict(0, List.of(), List.of(), true);
    }
    Map<String, Long> byHost = new LinkedHashMap<>();
    readings.forEach(r -> byHost.put(r.host(), r.hostEpochMillis()));
    List<Map.Entry<String, Long>> sorted =
        byHost.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList();
    int middle = sorted.size() / 2;
    long median = sorted.get(middle).getValue();
    long spread = sorted.get(sorted.size() - 1).getValue() - sorted.get(0).getValue();
    List<Offset> offsets = new ArrayList<>();
    byHost.forEach((h, t) -> offsets.add(new Offset(h, t - median)));
    boolean inSync = spread <= maxSkewMillis;
    if (inSync) {
      return new Verdict(spread, offsets, List.of(), true);
    }
    // The largest group of clocks within the allowed skew; ties go to the group with the median.
    int bestFrom = middle;
    int bestTo = middle;
    for (int from = 0, to = 0; from < sorted.size(); from++) {
      while (to + 1 < sorted.size()
          && sorted.get(to + 1).getValue() - sorted.get(from).getValue() <= maxSkewMillis) {
        to++;
      }
      int size = to - from;
      int best = bestTo - bestFrom;
      boolean holdsMedian = from <= middle && middle <= to;
      boolean bestHoldsMedian = bestFrom <= middle && middle <= bestTo;
      if (size > best || (size == best && holdsMedian && !bestHoldsMedian)) {
        bestFrom = from;
        bestTo = to;
      }
    }
    List<Offset> outliers = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      if (i < bestFrom || i > bestTo) {
        outliers.add(new Offset(sorted.get(i).getKey(), sorted.get(i).getValue() - median));
      }
    }
    outliers.sort(Comparator.comparingLong((Offset o) -> -Math.abs(o.offsetMillis())));
    return new Verdict(spread, offsets, List.copyOf(outliers), false);
  }
}
