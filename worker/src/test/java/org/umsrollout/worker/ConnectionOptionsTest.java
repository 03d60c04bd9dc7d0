package org.umsrollout.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.envconfig.ClientConfigProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The worker processes reach Temporal as the temporal CLI does: profile, environment, flags. */
class ConnectionOptionsTest {

  @Test
  void everyCommandThatRunsWorkersTakesTheTemporalCliConnectionFlags() {
    CommandLine main = Main.commandLine();
    for (String command : new String[] {"orchestrator", "lab", "agent"}) {
      assertThat(main.getSubcommands().get(command).getCommandSpec().optionsMap().keySet())
          .as(command)
          .contains(
              "--address",
              "--namespace",
              "--profile",
              "--config-file",
              "--api-key",
              "--tls",
              "--tls-ca-path",
              "--tls-cert-path",
              "--tls-key-path",
              "--tls-server-name",
              "--tls-disable-host-verification");
    }
  }

  @Test
  void theProfileGivesWhatTheFlagsDoNotSay(@TempDir Path dir) throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("temporal.toml"),
            """
            [profile.prod]
            address = "temporal.corp:7233"
            namespace = "ums"
            api_key = "k"
            """);
    CommandLine main = Main.commandLine();
    main.parseArgs(
        "orchestrator",
        "--config-file",
        config.toString(),
        "--profile",
        "prod",
        "--namespace",
        "x");
    OrchestratorCommand orchestrator = main.getSubcommands().get("orchestrator").getCommand();

    ClientConfigProfile profile = orchestrator.temporal.flags.profile(Map.of());

    assertThat(profile.getAddress()).isEqualTo("temporal.corp:7233");
    assertThat(profile.getNamespace()).isEqualTo("x");
    assertThat(profile.getApiKey()).isEqualTo("k");
  }

  @Test
  void aProfileThatDoesNotExistEndsTheProcessWithASentence(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("temporal.toml"), "[profile.default]\n");
    StringWriter err = new StringWriter();

    int code =
        Main.commandLine()
            .setErr(new PrintWriter(err, true))
            .execute("orchestrator", "--config-file", config.toString(), "--profile", "nope");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: ").contains("nope");
  }
}
