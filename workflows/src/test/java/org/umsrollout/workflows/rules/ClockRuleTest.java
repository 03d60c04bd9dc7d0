package org.umsrollout.workflows.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.umsrollout.workflows.ports.ClockReading;
import org.umsrollout.workflows.rules.ClockRule.Offset;
import org.umsrollout.workflows.rules.ClockRule.Verdict;

class ClockRuleTest {
  private static final long ONE_MINUTE = 60_000;
  private static final long T = 1_700_000_000_000L;

  @Test
  void clocksWithinOneMinuteAreInSync_P5() {
    Verdict verdict =
        ClockRule.judge(
            List.of(
                new ClockReading("srv-1", T),
                new ClockReading("srv-2", T + 30_000),
                new ClockReading("srv-3", T + 60_000)),
            ONE_MINUTE);

    assertThat(verdict.inSync()).isTrue();
    assertThat(verdict.spreadMillis()).isEqualTo(60_000);
    assertThat(verdict.outliers()).isEmpty();
  }

  @Test
  void clocks61SecondsApartAreRefusedNamingTheOutlierAndItsOffset_P5() {
    Verdict verdict =
        ClockRule.judge(
            List.of(
                new ClockReading("srv-1", T),
                new ClockReading("srv-2", T + 1_000),
                new ClockReading("srv-3", T + 61_000)),
            ONE_MINUTE);

    assertThat(verdict.inSync()).isFalse();
    assertThat(verdict.spreadMillis()).isEqualTo(61_000);
    // srv-1 and srv-2 agree; only srv-3 has to be set, and it is 60 s ahead of the median.
    assertThat(verdict.outliers()).containsExactly(new Offset("srv-3", 60_000));
  }

  @Test
  void offsetsAreRelativeToTheMedian_P5() {
    Verdict verdict =
        ClockRule.judge(
            List.of(
                new ClockReading("srv-1", T - 5_000),
                new ClockReading("srv-2", T),
                new ClockReading("srv-3", T + 2_000)),
            ONE_MINUTE);

    assertThat(verdict.offsets())
        .containsExactly(
            new Offset("srv-1", -5_000), new Offset("srv-2", 0), new Offset("srv-3", 2_000));
  }

  @Test
  void aClockBehindIsNamedWithANegativeOffset_P5() {
    Verdict verdict =
        ClockRule.judge(
            List.of(
                new ClockReading("srv-1", T),
                new ClockReading("srv-2", T + 500),
                new ClockReading("srv-3", T - 300_000),
                new ClockReading("srv-4", T - 200)),
            ONE_MINUTE);

    assertThat(verdict.inSync()).isFalse();
    assertThat(verdict.outliers()).containsExactly(new Offset("srv-3", -300_000));
  }

  @Test
  void twoServersApartNameOneOfThemSoTheOperatorKnowsWhere_P5() {
    Verdict verdict =
        ClockRule.judge(
            List.of(new ClockReading("srv-1", T), new ClockReading("srv-2", T + 61_000)),
            ONE_MINUTE);

    assertThat(verdict.inSync()).isFalse();
    assertThat(verdict.outliers()).hasSize(1);
    assertThat(verdict.outliers().get(0).offsetMillis()).isIn(61_000L, -61_000L);
  }

  @Test
  void noReadingsIsInSync() {
    assertThat(ClockRule.judge(List.of(), ONE_MINUTE).inSync()).isTrue();
  }
}
