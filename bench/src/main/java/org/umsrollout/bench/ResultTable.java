package org.umsrollout.bench;

import java.util.ArrayList;
import java.util.List;

/** The figures of one run as a Markdown table, which reads as well on a terminal. */
public final class ResultTable {
  private static final String[] HEADER = {"part", "figure", "value", "target", "verdict"};
  private final List<Figure> figures = new ArrayList<>();

  public synchronized void add(Figure figure) {
    figures.add(figure);
  }

  public synchronized List<Figure> figures() {
    return List.copyOf(figures);
  }

  /** Figures with a target that was not met. */
  public synchronized long missed() {
    return figures.stream().filter(f -> f.verdict().startsWith("missed")).count();
  }

  /** The table, columns padded to their widest cell; a pipe inside a cell is escaped. */
  public synchronized String render() {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (Figure f : figures) {
      rows.add(new String[] {f.part(), f.name(), f.value(), f.target(), f.verdict()});
    }
    int[] width = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        row[i] = row[i].replace("|", "\\|");
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, rows.get(0), width);
    StringBuilder rule = new StringBuilder("|");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('|');
    }
    out.append(rule).append('\n');
    for (String[] row : rows.subList(1, rows.size())) {
      line(out, row, width);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String[] row, int[] width) {
    out.append('|');
    for (int i = 0; i < row.length; i++) {
      out.append(' ').append(row[i]).append(" ".repeat(width[i] - row[i].length())).append(" |");
    }
    out.append('\n');
  }
}
