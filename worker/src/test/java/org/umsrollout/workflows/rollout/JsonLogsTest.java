package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.worker.LogFormatForTests;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;

/** With UMS_LOG_FORMAT=json every line is a JSON object with its date, rollout and host queue. */
class JsonLogsTest {
  private final PrintStream stderr = System.err;
  private LabRollout lab;

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
    System.setErr(stderr);
    LogFormatForTests.restoreTestConfiguration();
  }

  @Test
  @DisplayName("JSON logs: an agent's install line names its rollout and its host's queue")
  void jsonLinesCarryTheRolloutAndTheHost() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LogFormatForTests.use("json");
    lab = new LabRollout();
    RolloutResult result = lab.result(lab.start(lab.request(Policy.approving(List.of()))));
    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    System.setErr(stderr);

    List<JsonNode> lines = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(json.readTree(line));
      }
    }
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.has("timestamp")).isTrue());
    assertThat(lines)
        .filteredOn(l -> l.path("formattedMessage").asText().contains("ums-srv-1: installing"))
        .first()
        .satisfies(
            l -> {
              assertThat(l.path("level").asText()).isEqualTo("INFO");
              assertThat(mdc(l, "WorkflowId")).startsWith("rollout/" + lab.inventory.site());
              assertThat(mdc(l, "TaskQueue")).isEqualTo("ums-host/ums-srv-1");
            });
  }

  /** An MDC value of a JSON line: Logback writes the MDC as an object or a list of pairs. */
  private static String mdc(JsonNode line, String key) {
    JsonNode mdc = line.path("mdc");
    if (mdc.isObject()) {
      return mdc.path(key).asText();
    }
    for (JsonNode pair : mdc) {
      if (pair.has(key)) {
        return pair.path(key).asText();
      }
    }
    return "";
  }
}
