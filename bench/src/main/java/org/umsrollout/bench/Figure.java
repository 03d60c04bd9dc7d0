package org.umsrollout.bench;

import java.util.Locale;

/**
 * One line of the results table: what was measured, its value, the target and whether it was met.
 *
 * @param part the benchmark part (overhead, freeze, scale, history, recovery)
 * @param name what the figure is
 * @param value the measured value, formatted
 * @param target the target, or "-" for a figure shown for information
 * @param verdict "met", "missed by ..." with why, "info" or "skipped: ..."
 */
public record Figure(String part, String name, String value, String target, String verdict) {

  /** A figure that should stay at or below {@code limit}. */
  public static Figure atMost(
      String part, String name, double value, double limit, String unit, String whyMissed) {
    String verdict =
        value <= limit
            ? "met"
            : "missed by "
                + format(value - limit, unit)
                + (whyMissed == null ? "" : ": " + whyMissed);
    return new Figure(part, name, format(value, unit), "<= " + format(limit, unit), verdict);
  }

  /** A figure that should stay at or above {@code limit}. */
  public static Figure atLeast(
      String part, String name, double value, double limit, String unit, String whyMissed) {
    String verdict =
        value >= limit
            ? "met"
            : "missed by "
                + format(limit - value, unit)
                + (whyMissed == null ? "" : ": " + whyMissed);
    return new Figure(part, name, format(value, unit), ">= " + format(limit, unit), verdict);
  }

  /** A figure shown for reading the others, with no target. */
  public static Figure info(String part, String name, String value) {
    return new Figure(part, name, value, "-", "info");
  }

  /** A part that could not run here, and why. */
  public static Figure skipped(String part, String name, String why) {
    return new Figure(part, name, "-", "-", "skipped: " + why);
  }

  /**
   * Formats a value with its unit: {@code x} for ratios (two decimals), {@code %} (one decimal),
   * {@code ms} and {@code s} as they come, anything else after the number.
   */
  public static String format(double value, String unit) {
    return switch (unit) {
      case "x" -> String.format(Locale.ROOT, "%.2fx", value);
      case "%" -> String.format(Locale.ROOT, "%.1f%%", value);
      case "ms" -> String.format(Locale.ROOT, "%.0f ms", value);
      case "s" -> String.format(Locale.ROOT, "%.2f s", value);
      case "" -> String.format(Locale.ROOT, "%.1f", value);
      default -> String.format(Locale.ROOT, "%.1f %s", value, unit);
    };
  }
}
