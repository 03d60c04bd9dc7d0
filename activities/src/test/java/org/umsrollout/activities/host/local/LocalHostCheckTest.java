package org.umsrollout.activities.host.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.central.Checksums;
import org.umsrollout.activities.host.local.LocalHostCheck.Item;
import org.umsrollout.activities.host.local.LocalHostCheck.Outcome;

/**
 * {@code agent check} (T1) against the fake host, for the Linux and the Windows profile: every
 * read-only command runs, nothing that changes the host does.
 */
class LocalHostCheckTest {
  @TempDir Path dir;
  private FakeHost fake;

  @BeforeEach
  void setUp() {
    fake = FakeHost.in(dir);
  }

  private LocalUmsHost linux(String... extra) {
    String[] all = new String[extra.length + 2];
    all[0] = "rightsCommand: [\"" + dir.resolve("id") + "\", -u]";
    all[1] = "rightsPattern: '^0$'";
    System.arraycopy(extra, 0, all, 2, extra.length);
    return fake.host("SERVER_AND_LOAD_BALANCER", "installer", all);
  }

  private static Item item(List<Item> items, String what) {
    return items.stream().filter(i -> i.what().equals(what)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("T1: the Linux profile reads version, mode, datasource, services, clock, rights, P1")
  void linuxProfilePasses() throws Exception {
    fake.answer("id", null, "0", 0);
    fake.write("state/igel-ums-broker", "failed");
    String sha = Checksums.sha256(fake.installerFile);

    List<Item> items =
        new LocalHostCheck(linux(), "Linux")
            .run(Optional.of(fake.installerFile.toString()), Optional.of(sha), FakeHost.TARGET);

    assertThat(LocalHostCheck.passed(items)).isTrue();
    assertThat(item(items, "platform").outcome()).isEqualTo(Outcome.OK);
    assertThat(item(items, "version").found()).startsWith(FakeHost.INSTALLED + " [");
    assertThat(item(items, "mode").found()).startsWith("NORMAL");
    assertThat(item(items, "datasource").found()).startsWith("PRODUCTIVE");
    assertThat(item(items, "service igel-ums-server").outcome()).isEqualTo(Outcome.OK);
    assertThat(item(items, "service igel-ums-broker").outcome()).isEqualTo(Outcome.WARN);
    assertThat(item(items, "service igel-ums-broker").found()).startsWith("not running");
    assertThat(item(items, "administrator rights").outcome()).isEqualTo(Outcome.OK);
    assertThat(item(items, "installer").found()).contains(sha + " as expected");
    assertThat(item(items, "install").outcome()).isEqualTo(Outcome.NOT_RUN);
    assertThat(items).extracting(Item::rule).contains("N2", "S1", "V2", "V1", "P5", "P6", "P1");
    // Nothing that changes the host ran.
    assertThat(fake.installerRuns()).isZero();
    assertThat(fake.read("umsadmin-calls")).isEmpty();
    assertThat(fake.calls()).containsOnly(List.of("id", "-u"));
  }

  @Test
  @DisplayName("T1: an answer that does not parse fails the check, naming the output")
  void unparsableAnswerFails() {
    fake.answer("id", null, "0", 0);
    fake.write("mode", "maintenance");

    List<Item> items =
        new LocalHostCheck(linux(), "Linux").run(Optional.empty(), Optional.empty(), "12.05.100");

    assertThat(LocalHostCheck.passed(items)).isFalse();
    assertThat(item(items, "mode").outcome()).isEqualTo(Outcome.FAIL);
    assertThat(item(items, "mode").found()).contains("neither UPDATE nor NORMAL: maintenance");
    assertThat(item(items, "version").outcome()).isEqualTo(Outcome.OK);
  }

  @Test
  @DisplayName("T1: a command that cannot run fails the check; missing mode commands only warn")
  void commandThatCannotRunFails() {
    List<Item> items =
        new LocalHostCheck(
                linux(
                    "versionCommand: [\"" + dir.resolve("no-such-tool") + "\"]",
                    "modeCommand:",
                    "datasourceCommand:",
                    "rightsCommand: [\"" + dir.resolve("no-such-tool") + "\"]"),
                "Linux")
            .run(Optional.empty(), Optional.empty(), "12.05.100");

    assertThat(LocalHostCheck.passed(items)).isFalse();
    assertThat(item(items, "version").outcome()).isEqualTo(Outcome.FAIL);
    assertThat(item(items, "administrator rights").outcome()).isEqualTo(Outcome.FAIL);
    assertThat(item(items, "mode").outcome()).isEqualTo(Outcome.WARN);
    assertThat(item(items, "datasource").found()).contains("the rollout reads the Network list");
  }

  @Test
  @DisplayName(
      "T1: the Windows profile runs sc.exe query, curl.exe and whoami /groups, nothing else")
  void windowsProfilePasses() {
    fake.answer("sc.exe", null, "        STATE              : 4  RUNNING", 0);
    fake.answer(
        "curl.exe", null, "{\"rmGuiServerVersion\": \"12.04.120\", \"buildNumber\": \"1\"}", 0);
    fake.answer(
        "whoami",
        null,
        "BUILTIN\\Administrators  Alias  S-1-5-32-544  Mandatory group, Enabled by default,"
            + " Enabled group, Group owner",
        0);
    LocalUmsHost host =
        new LocalUmsHost(
            LocalHostConfigLoader.parse(fake.windowsYaml(), "windows.yaml"),
            Map.of("UMS_SERVICE_PASSWORD", "secret")::get,
            () -> 1);

    List<Item> items =
        new LocalHostCheck(host, "Windows Server 2022")
            .run(Optional.empty(), Optional.empty(), FakeHost.TARGET);

    assertThat(LocalHostCheck.passed(items)).isTrue();
    assertThat(item(items, "platform").outcome()).isEqualTo(Outcome.OK);
    assertThat(item(items, "version").found()).startsWith("12.04.120");
    assertThat(item(items, "service IGEL UMS Load Balancer").outcome()).isEqualTo(Outcome.OK);
    assertThat(item(items, "administrator rights").outcome()).isEqualTo(Outcome.OK);
    assertThat(items)
        .filteredOn(i -> i.rule().equals("S4"))
        .extracting(Item::found)
        .anyMatch(f -> f.contains("{env:UMS_SERVICE_PASSWORD}"))
        .noneMatch(f -> f.contains("secret"));
    assertThat(fake.calls())
        .allMatch(
            c ->
                (c.get(0).equals("sc.exe") && c.get(1).equals("query"))
                    || c.get(0).equals("curl.exe")
                    || c.get(0).equals("whoami"));
    assertThat(fake.calls("sc.exe")).hasSize(3);
  }

  @Test
  @DisplayName("T1: a Windows config checked on Linux is pointed out")
  void platformMismatchWarns() {
    fake.answer("id", null, "0", 0);

    List<Item> items =
        new LocalHostCheck(linux(), "Windows Server 2022")
            .run(Optional.empty(), Optional.empty(), FakeHost.TARGET);

    assertThat(item(items, "platform").outcome()).isEqualTo(Outcome.WARN);
    assertThat(LocalHostCheck.passed(items)).isTrue();
  }
}
