package org.umsrollout.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FigureTest {

  @Test
  void aRatioAtOrBelowItsLimitIsMet() {
    Figure figure = Figure.atMost("overhead", "rollout / bare", 1.10, 1.10, "x", "why");

    assertThat(figure.value()).isEqualTo("1.10x");
    assertThat(figure.target()).isEqualTo("<= 1.10x");
    assertThat(figure.verdict()).isEqualTo("met");
  }

  @Test
  void aMissSaysByHowMuchAndWhy() {
    Figure figure = Figure.atMost("history", "events per host", 23.4, 15, "", "workflow tasks");

    assertThat(figure.verdict()).isEqualTo("missed by 8.4: workflow tasks");
  }

  @Test
  void aRateBelowItsFloorIsMissedByTheDifference() {
    Figure figure = Figure.atLeast("scale", "completion rate", 62.5, 80, "%", "cache");

    assertThat(figure.target()).isEqualTo(">= 80.0%");
    assertThat(figure.verdict()).isEqualTo("missed by 17.5%: cache");
  }

  @Test
  void theTableAlignsItsColumnsAndEscapesPipes() {
    ResultTable table = new ResultTable();
    table.add(Figure.atMost("recovery", "restart | next", 1500, 2000, "ms", null));
    table.add(Figure.skipped("freeze", "window", "no temporal CLI"));

    List<String> lines = table.render().lines().toList();

    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("| part ");
    assertThat(lines.stream().map(String::length).distinct()).hasSize(1);
    assertThat(lines.get(2)).contains("restart \\| next").contains("1500 ms").contains("met");
    assertThat(lines.get(3)).contains("skipped: no temporal CLI");
    assertThat(table.missed()).isZero();
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Bench.median(List.of(9, 1, 5))).isEqualTo(5.0);
    assertThat(Bench.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2.5);
  }
}
