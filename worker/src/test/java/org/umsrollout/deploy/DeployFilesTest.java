package org.umsrollout.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.deploy.Tools.Run;
import org.umsrollout.worker.MetricsEndpoint;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;

/**
 * The deployment files are checked by the tools that read them, offline: the compose file by {@code
 * docker-compose config} (no engine needed), the systemd unit by {@code systemd-analyze verify};
 * and against the code where they repeat it (the search attributes). Without the tools these tests
 * are skipped, except under CI, where {@code .ci/install-deploy-tools.sh} installs them.
 */
@Tag("real-process")
class DeployFilesTest {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final Path COMPOSE = DEPLOY.resolve("compose/compose.yaml");
  private static final Path ENV_EXAMPLE = DEPLOY.resolve("compose/.env.example");
  private static final Path AGENT_UNIT = DEPLOY.resolve("systemd/ums-rollout-agent.service");

  @Test
  @DisplayName("compose: valid with the example environment, refused without its passwords")
  void composeFileIsValidAndNeedsItsSecrets(@TempDir Path dir) throws Exception {
    Tools.require("docker-compose");
    Path emptyEnv = Files.createFile(dir.resolve("empty.env"));

    Run valid =
        Tools.run(
            60,
            "docker-compose",
            "-f",
            COMPOSE.toString(),
            "--env-file",
            ENV_EXAMPLE.toString(),
            "config",
            "-q");
    Run withoutSecrets =
        Tools.run(
            60,
            "docker-compose",
            "-f",
            COMPOSE.toString(),
            "--env-file",
            emptyEnv.toString(),
            "config",
            "-q");

    assertThat(valid.exit()).as(valid.output()).isZero();
    assertThat(withoutSecrets.exit()).isNotZero();
    assertThat(withoutSecrets.output()).contains("TEMPORAL_DB_PASSWORD");
  }

  @Test
  @DisplayName("compose: it registers exactly the search attributes the rollout writes")
  void composeRegistersTheRolloutsSearchAttributes() throws IOException {
    JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile());
    String command = compose.at("/services/register-search-attributes/command/0").asText();

    Map<String, String> registered = new LinkedHashMap<>();
    Matcher m = Pattern.compile("--name (\\w+) --type (\\w+)").matcher(command);
    while (m.find()) {
      registered.put(m.group(1), m.group(2));
    }
    Map<String, String> expected = new LinkedHashMap<>();
    RolloutSearchAttributes.REGISTRATION.forEach(
        (name, type) ->
            expected.put(
                name,
                switch (type) {
                  case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
                  case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
                  default -> type.name();
                }));
    assertThat(registered).isEqualTo(expected);
  }

  @Test
  @DisplayName("compose: the orchestrator's health check asks a probe it serves, on its port")
  void composeHealthCheckAsksTheOrchestratorsProbe() throws IOException {
    JsonNode orchestrator =
        new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).at("/services/orchestrator");
    List<String> command = new ArrayList<>();
    orchestrator.get("command").forEach(arg -> command.add(arg.asText()));
    String port = command.get(command.indexOf("--metrics-port") + 1);
    List<String> test = new ArrayList<>();
    orchestrator.at("/healthcheck/test").forEach(arg -> test.add(arg.asText()));

    assertThat(test).first().isEqualTo("CMD");
    assertThat(test).last().isEqualTo("http://127.0.0.1:" + port + MetricsEndpoint.READINESS);
  }

  @Test
  @DisplayName("systemd: the agent's unit verifies and never kills an installer it started")
  void agentUnitVerifiesAndSparesTheInstaller() throws Exception {
    Tools.require("systemd-analyze");

    Run verified =
        Tools.run(60, "systemd-analyze", "verify", AGENT_UNIT.toAbsolutePath().toString());
    String unit = Files.readString(AGENT_UNIT);

    assertThat(verified.exit()).as(verified.output()).isZero();
    assertThat(unit)
        .as("the installer runs in its own session and outlives an agent restart")
        .contains("KillMode=process")
        .contains("User=root")
        .contains("StateDirectoryMode=0700");
  }
}
