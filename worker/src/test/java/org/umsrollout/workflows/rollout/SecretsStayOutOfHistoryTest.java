package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import org.umsrollout.worker.Workers;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;

/**
 * The productive database's password reaches the orchestrator from its environment only: the
 * inventory names the variable, and nothing Temporal records (the history, with every payload)
 * holds the password, nor does the backup's record.
 */
class SecretsStayOutOfHistoryTest {
  private LabRollout lab;
  private WorkerFactory orchestrator;

  @AfterEach
  void tearDown() {
    if (orchestrator != null) {
      orchestrator.shutdownNow();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @DisplayName(
      "P3: a rollout against a database with a password completes, and its recorded history and"
          + " backup record hold the password nowhere")
  void databasePasswordNeverEntersTheHistory() throws Exception {
    String secret = "pw-" + UUID.randomUUID();
    lab = LabRollout.withoutOrchestrator();
    DatabaseSpec labDb = lab.inventory.database();
    try (Connection c = DriverManager.getConnection(labDb.jdbcUrl(), "sa", "");
        Statement st = c.createStatement()) {
      st.execute("CREATE USER UMS_ROLLOUT PASSWORD '" + secret + "' ADMIN");
    }
    orchestrator = WorkerFactory.newInstance(lab.client);
    Workers.orchestrator(
        orchestrator,
        new CentralActivitiesImpl(lab.backups, Map.of("UMS_DB_PASSWORD", secret)::get));
    orchestrator.start();

    RolloutRequest plain = lab.request(Policy.approving(List.of()));
    Inventory site = plain.inventory();
    Inventory withPassword =
        new Inventory(
            site.site(),
            new DatabaseSpec(
                labDb.kind(), labDb.jdbcUrl(), "UMS_ROLLOUT", "UMS_DB_PASSWORD", null, null),
            site.servers(),
            site.loadBalancers(),
            site.consoles(),
            site.stage(),
            site.testSite());
    RolloutWorkflow rollout =
        lab.start(
            new RolloutRequest(
                withPassword,
                plain.targetVersion(),
                plain.installer(),
                plain.policy(),
                plain.requestedBy()));
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().backup().verified()).isTrue();
    String history =
        lab.client
            .fetchHistory(WorkflowStub.fromTyped(rollout).getExecution().getWorkflowId())
            .toJson(false);
    String readable = history + readablePayloads(new ObjectMapper().readTree(history));
    assertThat(readable)
        .as("the payloads are read, the variable's name among them")
        .contains("UMS_DB_PASSWORD")
        .contains("UMS_ROLLOUT")
        .doesNotContain(secret);
    assertThat(result.status().backup().toString()).doesNotContain(secret);
    try (Stream<Path> files = Files.list(lab.backups)) {
      assertThat(files).isNotEmpty();
    }
  }

  /** Every payload of the history decoded: Temporal keeps them base64-encoded in the JSON. */
  private static String readablePayloads(JsonNode node) {
    StringBuilder out = new StringBuilder();
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                if (field.getKey().equals("data") && field.getValue().isTextual()) {
                  try {
                    out.append(
                            new String(
                                Base64.getDecoder().decode(field.getValue().asText()),
                                StandardCharsets.UTF_8))
                        .append('\n');
                  } catch (IllegalArgumentException notBase64) {
                    out.append(field.getValue().asText()).append('\n');
                  }
                } else {
                  out.append(readablePayloads(field.getValue()));
                }
              });
    } else if (node.isArray()) {
      node.forEach(element -> out.append(readablePayloads(element)));
    }
    return out.toString();
  }
}
