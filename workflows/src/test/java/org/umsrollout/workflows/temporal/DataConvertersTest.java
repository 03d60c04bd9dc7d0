package org.umsrollout.workflows.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.BackupSpec;
import org.umsrollout.workflows.model.ComponentSpec;
import org.umsrollout.workflows.model.DatabaseKind;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.model.Installer;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerSpec;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.HostView;

/** STYLE.md, Messages: an older worker reads what a newer one wrote. */
class DataConvertersTest {
  private final DataConverter converter = DataConverters.rollout();

  /** A message without {@code @JsonIgnoreProperties}: only the converter can make it tolerant. */
  record BareMessage(String gate, String by) {}

  @Test
  void unknownFieldFromANewerWriterIsIgnored() {
    Map<String, Object> newer = new LinkedHashMap<>();
    newer.put("gate", "first-server");
    newer.put("by", "alice");
    newer.put("comment", "change window 42");
    newer.put("ticket", "CHG-1234");
    Payload payload = converter.toPayload(newer).orElseThrow();

    GateDecision decoded = converter.fromPayload(payload, GateDecision.class, GateDecision.class);

    assertThat(decoded).isEqualTo(new GateDecision("first-server", "alice", "change window 42"));
  }

  @Test
  void unknownFieldInRawJsonPlainPayloadIsIgnored() {
    Payload payload =
        jsonPayload(
            "{\"host\":\"ums-srv-1\",\"role\":\"SERVER\",\"state\":\"UPDATED\","
                + "\"version\":\"12.05.100\",\"addedInAFutureRelease\":{\"x\":1}}");

    HostView view = converter.fromPayload(payload, HostView.class, HostView.class);

    assertThat(view.host()).isEqualTo("ums-srv-1");
    assertThat(view.state()).isEqualTo(HostState.UPDATED);
    assertThat(view.version()).isEqualTo("12.05.100");
  }

  @Test
  void converterItselfToleratesUnknownFieldsWithoutAnnotations() {
    Payload payload = jsonPayload("{\"gate\":\"first-server\",\"by\":\"alice\",\"extra\":true}");

    BareMessage decoded = converter.fromPayload(payload, BareMessage.class, BareMessage.class);

    assertThat(decoded).isEqualTo(new BareMessage("first-server", "alice"));
    // The SDK's default converter refuses the same payload: that is what DataConverters fixes.
    DataConverter sdkDefault = DefaultDataConverter.newDefaultInstance();
    assertThatThrownBy(() -> sdkDefault.fromPayload(payload, BareMessage.class, BareMessage.class))
        .isInstanceOf(DataConverterException.class)
        .hasStackTraceContaining("extra");
  }

  @Test
  void missingFieldFromAnOlderWriterDecodesAsNull() {
    Payload payload = jsonPayload("{\"host\":\"ums-srv-1\",\"state\":\"PENDING\"}");

    HostView view = converter.fromPayload(payload, HostView.class, HostView.class);

    assertThat(view.host()).isEqualTo("ums-srv-1");
    assertThat(view.state()).isEqualTo(HostState.PENDING);
    assertThat(view.running()).isNull();
    assertThat(view.mode()).isNull();
    assertThat(view.detail()).isNull();
  }

  @Test
  void fullRolloutRequestSurvivesARoundTrip() {
    RolloutRequest request =
        new RolloutRequest(
            new Inventory(
                "site-a",
                new DatabaseSpec(
                    DatabaseKind.SQLSERVER,
                    "jdbc:sqlserver://db;databaseName=rmdb",
                    "ums",
                    "UMS_DB_PASSWORD",
                    true,
                    new BackupSpec(
                        "D:\\backups",
                        List.of("sqlcmd", "-Q", "BACKUP DATABASE rmdb TO DISK='{file}'"),
                        List.of("sqlcmd", "-Q", "RESTORE VERIFYONLY FROM DISK='{file}'"))),
                List.of(new ServerSpec("ums-srv-1", true), new ServerSpec("ums-srv-2", null)),
                List.of(new ComponentSpec("ums-lb-1")),
                List.of(new ComponentSpec("admin-ws-1"))),
            "12.05.100",
            new Installer(
                "C:\\installers\\setup-igel-ums-windows_12.05.100.exe",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            new Policy(
                List.of("remove-orphans"), 1800, 30, 20, 3, 45, 7200, List.of("ops-a"), true),
            "alice");
    Payload payload = converter.toPayload(request).orElseThrow();

    RolloutRequest decoded =
        converter.fromPayload(payload, RolloutRequest.class, RolloutRequest.class);

    assertThat(payload.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("json/plain");
    assertThat(decoded).isEqualTo(request);
    assertThat(decoded.inventory().database().isAdNative()).isTrue();
    assertThat(decoded.effectivePolicy().maxClockSkewSeconds()).isEqualTo(45);
  }

  private static Payload jsonPayload(String json) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json))
        .build();
  }
}
