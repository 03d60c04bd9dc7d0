package org.umsrollout.activities.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The wait for an installer is bounded by the install activity's start-to-close timeout. */
class InstallWaitBoundTest {

  @Test
  @DisplayName("what is left of the start-to-close timeout, less a tenth of it")
  void tenthLeftAsMargin() {
    assertThat(HostActivitiesImpl.waitBound(Duration.ofSeconds(100), Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(85));
  }

  @Test
  @DisplayName("the margin is at most 30 s")
  void marginAtMostThirtySeconds() {
    assertThat(HostActivitiesImpl.waitBound(Duration.ofHours(1), Duration.ZERO))
        .isEqualTo(Duration.ofSeconds(3570));
  }

  @Test
  @DisplayName("nothing left is a bound of zero, not a negative one")
  void neverNegative() {
    assertThat(HostActivitiesImpl.waitBound(Duration.ofSeconds(10), Duration.ofSeconds(20)))
        .isEqualTo(Duration.ZERO);
  }

  @Test
  @DisplayName("without a start-to-close timeout there is no bound")
  void noTimeoutNoBound() {
    assertThat(HostActivitiesImpl.waitBound(Duration.ZERO, Duration.ZERO)).isNull();
    assertThat(HostActivitiesImpl.waitBound(null, Duration.ZERO)).isNull();
  }
}
