package org.umsrollout.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent check} from the command line: no Temporal, no --host, exit 0 only when all parse.
 */
class AgentCheckTest {
  @TempDir Path dir;

  private String config(String versionCommand) {
    return """
        name: ums-node-1
        role: SERVER
        services:
          server: igel-ums-server
          watchdog: igel-ums-watchdog
        serviceActiveCommand: [sh, -c, "echo {service} active"]
        versionCommand: %s
        modeCommand: [sh, -c, "echo NORMAL"]
        datasourceCommand: [sh, -c, "echo PRODUCTIVE"]
        installCommand: ["{installer}", --unattended]
        endUpdateModeCommand: [false]
        rightsCommand: [sh, -c, "echo 0"]
        rightsPattern: '^0$'
        rootDir: "%s"
        stateDir: "%s"
        installers: {directory: "%s"}
        """
        .formatted(versionCommand, dir, dir.resolve("state"), dir);
  }

  private record Run(int code, String out) {}

  private Run check(String yaml, String... more) throws Exception {
    Path file = dir.resolve("host.yaml");
    Files.writeString(file, yaml);
    StringWriter out = new StringWriter();
    String[] args = new String[3 + more.length];
    args[0] = "agent";
    args[1] = "check";
    args[2] = "--config=" + file;
    System.arraycopy(more, 0, args, 3, more.length);
    int code =
        Main.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(out, true))
            .execute(args);
    return new Run(code, out.toString());
  }

  @Test
  @DisplayName("T1: agent check prints each answer by rule and exits 0 when all parse")
  void everyAnswerParses() throws Exception {
    Path installer = dir.resolve("setup-igel-ums-linux_12.05.100.bin");
    Files.writeString(installer, "bytes");

    Run run =
        check(
            config("[sh, -c, 'echo UMS 12.04.120']"),
            "--installer=" + installer,
            "--target=12.05.100");

    assertThat(run.code()).as(run.out()).isZero();
    assertThat(run.out())
        .contains("agent check of ums-node-1 (SERVER, LINUX)")
        .contains("nothing is changed")
        .containsPattern("OK +N2 +version +12\\.04\\.120")
        .containsPattern("OK +S1 +mode +NORMAL")
        .containsPattern("OK +V2 +datasource +PRODUCTIVE")
        .containsPattern("OK +V1 +service igel-ums-server +running")
        .containsPattern("OK +P5 +clock")
        .containsPattern("OK +P6 +administrator rights")
        .containsPattern("OK +P1 +installer +" + installer)
        .containsPattern(
            "NOT_RUN +S3 +install .*state/installers/setup-igel-ums-linux_12\\.05\\.100\\.bin,"
                + " --unattended\\]")
        .contains("every answer parsed");
  }

  @Test
  @DisplayName("T1: an answer that does not parse makes agent check exit 1")
  void failingAnswerExitsOne() throws Exception {
    Run run = check(config("[false]"));

    assertThat(run.code()).as(run.out()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern("FAIL +N2 +version .*exited 1")
        .contains("1 answer did not parse");
  }

  @Test
  @DisplayName("the agent itself still needs --host")
  void agentStillNeedsHost() {
    StringWriter err = new StringWriter();

    int code =
        Main.commandLine().setErr(new PrintWriter(err, true)).execute("agent", "--lab=jdbc:x");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--host'");
  }
}
