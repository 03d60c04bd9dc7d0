package org.umsrollout.workflows.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.workflows.model.UmsVersion;
import org.umsrollout.workflows.rules.VersionRule.Verdict;

class VersionRuleTest {

  @Test
  void newerMajorMinorIsAnUpgrade_P4() {
    assertThat(VersionRule.judge("12.04.120", UmsVersion.parse("12.05.100")))
        .isEqualTo(Verdict.UPGRADE);
  }

  @Test
  void newerBuildIsAnUpgrade_P4() {
    assertThat(VersionRule.judge("12.05.100", UmsVersion.parse("12.05.120")))
        .isEqualTo(Verdict.UPGRADE);
  }

  @Test
  @DisplayName("P4: going back within the same Major.Minor is allowed (12.05.140 -> 12.05.120)")
  void allowsDowngradeWithinSchema_P4() {
    assertThat(VersionRule.judge("12.05.140", UmsVersion.parse("12.05.120")))
        .isEqualTo(Verdict.DOWNGRADE_WITHIN_SCHEMA);
  }

  @Test
  @DisplayName("P4: going back across Major.Minor is refused (12.05.140 -> 12.04.120)")
  void refusesOlderAcrossMajorMinor_P4() {
    assertThat(VersionRule.judge("12.05.140", UmsVersion.parse("12.04.120")))
        .isEqualTo(Verdict.REFUSED);
    assertThat(VersionRule.judge("13.01.100", UmsVersion.parse("12.05.140")))
        .isEqualTo(Verdict.REFUSED);
  }

  @Test
  void refusalSaysSeparateHaNetworkAndBackup_P4() {
    String refusal = VersionRule.refusal("ums-srv-1", "12.05.140", UmsVersion.parse("12.04.120"));

    assertThat(refusal)
        .contains("ums-srv-1")
        .contains("12.05.140")
        .contains("12.04.120")
        .contains("separate HA network")
        .contains("backup of schema 12.04")
        .contains("P4");
  }

  @Test
  void sameVersionIsAlreadyOnTarget_P4() {
    assertThat(VersionRule.judge("12.05.100", UmsVersion.parse("12.05.100")))
        .isEqualTo(Verdict.ALREADY_ON_TARGET);
    assertThat(VersionRule.judge("12.5.100", UmsVersion.parse("12.05.100")))
        .isEqualTo(Verdict.ALREADY_ON_TARGET);
  }

  @Test
  void nothingInstalledIsAnUpgrade_P4() {
    assertThat(VersionRule.judge(null, UmsVersion.parse("12.05.100"))).isEqualTo(Verdict.UPGRADE);
    assertThat(VersionRule.judge(" ", UmsVersion.parse("12.05.100"))).isEqualTo(Verdict.UPGRADE);
  }
}
