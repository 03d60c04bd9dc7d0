package org.umsrollout.workflows.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.umsrollout.workflows.model.DatabaseKind;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.HostRef;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.Policy;

class InventoryParserTest {

  @Test
  void readsEveryPartOfAValidFile() {
    RolloutFile file = InventoryParser.parse(read("valid.yaml"), "valid.yaml");

    assertThat(file.site()).isEqualTo("site-a");
    assertThat(file.database().kind()).isEqualTo(DatabaseKind.POSTGRESQL);
    assertThat(file.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.site-a/rmdb");
    assertThat(file.database().user()).isEqualTo("ums");
    assertThat(file.database().passwordEnv()).isEqualTo("UMS_DB_PASSWORD");
    assertThat(file.database().isAdNative()).isFalse();
    assertThat(file.database().backup().directory()).isEqualTo("/var/backups/ums");
    assertThat(file.database().backup().command()).containsExactly("pg_dump", "-f", "{file}");
    assertThat(file.database().backup().verifyCommand())
        .containsExactly("pg_restore", "--list", "{file}");
    assertThat(file.inventory().hosts())
        .containsExactly(
            new HostRef("ums-srv-1", HostRole.SERVER_AND_LOAD_BALANCER),
            new HostRef("ums-srv-2", HostRole.SERVER),
            new HostRef("ums-lb-1", HostRole.LOAD_BALANCER),
            new HostRef("admin-ws-1", HostRole.CONSOLE));
    assertThat(file.targetVersion()).isEqualTo("12.05.100");
    assertThat(file.installer().path())
        .isEqualTo("/opt/installers/setup-igel-ums-linux_12.05.100.bin");
    assertThat(file.installer().sha256())
        .isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    assertThat(file.policy().approvals()).containsExactly("remove-orphans", "first-server");
    assertThat(file.policy().installTimeoutSeconds()).isEqualTo(1800);
    assertThat(file.policy().maxClockSkewSeconds()).isEqualTo(60);
    assertThat(file.policy().effective().maxAttempts()).isEqualTo(5);
  }

  @Test
  void readsTheDatabaseKindWhateverItsCase() {
    String upper = read("valid.yaml").replace("kind: postgresql", "kind: PostgreSQL");

    assertThat(InventoryParser.parse(upper, "upper.yaml").database().kind())
        .isEqualTo(DatabaseKind.POSTGRESQL);
  }

  @Test
  void malformedYamlIsRefusedWithItsLine() {
    InventoryException e = refusal("malformed.yaml");

    assertThat(e.getMessage()).startsWith("malformed.yaml:16: not valid YAML");
    assertThat(e.line()).isEqualTo(16);
  }

  @Test
  void unknownFieldNamesFileLinePathAndName() {
    InventoryException e = refusal("unknown-field.yaml");

    assertThat(e.source()).isEqualTo("unknown-field.yaml");
    assertThat(e.line()).isEqualTo(16);
    assertThat(e.field()).isEqualTo("servers[1]");
    assertThat(e.getMessage())
        .startsWith("unknown-field.yaml:16: servers[1]: unknown field 'hots'")
        .contains("known here: host, loadBalancer");
  }

  @Test
  void unknownFieldInsteadOfARequiredOneIsNamedToo() {
    String yaml = read("valid.yaml").replace("  - host: ums-srv-2\n", "  - hots: ums-srv-2\n");

    InventoryException e = refusal(yaml, "typo.yaml");

    assertThat(e.line()).isEqualTo(15);
    assertThat(e.field()).isEqualTo("servers[1].host");
    assertThat(e.getMessage()).contains("missing required field 'host'").contains("hots");
  }

  @Test
  void unknownTopLevelFieldIsRefused() {
    InventoryException e = refusal(read("valid.yaml") + "sites: b\n", "top.yaml");

    assertThat(e.line()).isEqualTo(28);
    assertThat(e.getMessage()).contains("unknown field 'sites'");
  }

  @Test
  void missingServerHostNamesTheFieldAndTheEntrysLine() {
    InventoryException e = refusal("missing-host.yaml");

    assertThat(e.field()).isEqualTo("servers[0].host");
    assertThat(e.line()).isEqualTo(13);
    assertThat(e.getMessage()).contains("missing required field 'host'");
  }

  @Test
  void missingDatabaseIsNamed() {
    InventoryException e = refusal("missing-database.yaml");

    assertThat(e.field()).isEqualTo("database");
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.getMessage())
        .startsWith("missing-database.yaml:1: database: missing required field 'database'");
  }

  @Test
  void missingDatabaseKindIsNamedAtTheDatabaseLine() {
    InventoryException e = refusal("missing-kind.yaml");

    assertThat(e.field()).isEqualTo("database.kind");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.getMessage()).contains("missing required field 'kind'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://db.site-a/rmdb?user=ums&password=s3cret",
        "jdbc:postgresql://ums:s3cret@db.site-a/rmdb",
        "jdbc:h2:file:/var/ums/rmdb;USER=sa;PASSWORD=s3cret",
        "jdbc:sqlserver://db.site-a:1433;databaseName=rmdb;Password = s3cret"
      })
  void passwordInTheJdbcUrlIsRefused(String url) {
    String yaml =
        read("valid.yaml")
            .replace(
                "  jdbcUrl: jdbc:postgresql://db.site-a/rmdb\n", "  jdbcUrl: \"" + url + "\"\n");

    InventoryException e = refusal(yaml, "password-in-url.yaml");

    assertThat(e.field()).isEqualTo("database.jdbcUrl");
    assertThat(e.getMessage()).contains("passwordEnv").doesNotContain("s3cret");
  }

  @Test
  void gateTimeoutsAreRead_S6() {
    String yaml =
        read("valid.yaml")
            .replace(
                "  maxClockSkewSeconds: 60\n",
                "  maxClockSkewSeconds: 60\n  gateTimeouts:\n"
                    + "    first-server: {afterSeconds: 3600, then: abort}\n"
                    + "    load-balancers: {afterSeconds: 900}\n");

    Policy policy = InventoryParser.parse(yaml, "timeouts.yaml").policy().effective();

    assertThat(policy.gateTimeout(Gate.FIRST_SERVER).aborts()).isTrue();
    assertThat(policy.gateTimeout(Gate.LOAD_BALANCERS).afterSeconds()).isEqualTo(900);
    assertThat(policy.gateTimeout(Gate.LOAD_BALANCERS).aborts()).isFalse();
  }

  @Test
  void gateTimeoutThatAbortsPastThePointOfNoReturnIsRefused_S6() {
    String yaml =
        read("valid.yaml")
            .replace(
                "  maxClockSkewSeconds: 60\n",
                "  maxClockSkewSeconds: 60\n  gateTimeouts:\n"
                    + "    load-balancers: {afterSeconds: 900, then: abort}\n");

    InventoryException e = refusal(yaml, "abort-late.yaml");

    assertThat(e.getMessage())
        .contains("policy.gateTimeouts.load-balancers.then")
        .contains("abort only before the point of no return");
  }

  @Test
  void requiredFieldLeftEmptyIsMissing() {
    String yaml = read("valid.yaml").replace("  kind: postgresql\n", "  kind:\n");

    InventoryException e = refusal(yaml, "empty-kind.yaml");

    assertThat(e.field()).isEqualTo("database.kind");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.getMessage()).contains("missing required field 'kind'");
  }

  @Test
  void wrongDatabaseKindListsTheAllowedOnes() {
    InventoryException e = refusal("wrong-kind.yaml");

    assertThat(e.field()).isEqualTo("database.kind");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.getMessage())
        .contains("'mysql'")
        .contains("embedded, postgresql, sqlserver, oracle");
  }

  @Test
  void badTargetVersionIsRefused_P4() {
    InventoryException e = refusal("bad-version.yaml");

    assertThat(e.field()).isEqualTo("targetVersion");
    assertThat(e.line()).isEqualTo(20);
    assertThat(e.getMessage()).contains("'12.5-beta'").contains("Major.Minor.Build");
  }

  @Test
  void badSha256IsRefused_P1() {
    InventoryException e = refusal("bad-sha.yaml");

    assertThat(e.field()).isEqualTo("installer.sha256");
    assertThat(e.line()).isEqualTo(23);
    assertThat(e.getMessage()).contains("64 hexadecimal digits").contains("16 given");
  }

  @Test
  void unknownGateInApprovalsListsTheKnownGates() {
    InventoryException e = refusal("unknown-gate.yaml");

    assertThat(e.field()).isEqualTo("policy.approvals[1]");
    assertThat(e.line()).isEqualTo(25);
    assertThat(e.getMessage())
        .contains("unknown gate 'first-servers'")
        .contains(
            "remove-orphans, untested-version, first-server, load-balancers, end-update-mode");
  }

  @Test
  void duplicateHostNamesBothPlaces() {
    InventoryException e = refusal("duplicate-host.yaml");

    assertThat(e.field()).isEqualTo("consoles[0].host");
    assertThat(e.line()).isEqualTo(19);
    assertThat(e.getMessage())
        .contains("'ums-srv-2' is listed more than once")
        .contains("servers[1].host, line 15");
  }

  @Test
  void emptyFileIsRefused() {
    InventoryException blank = refusal("  \n", "blank.yaml");
    InventoryException onlyComments = refusal("empty.yaml");

    assertThat(blank.getMessage()).isEqualTo("blank.yaml: the file is empty");
    assertThat(onlyComments.getMessage()).isEqualTo("empty.yaml: the file is empty");
  }

  @Test
  void emptyServerListIsRefused() {
    String yaml = "site: a\ndatabase:\n  kind: embedded\n  jdbcUrl: jdbc:h2:mem:a\nservers: []\n";

    InventoryException e = refusal(yaml, "no-servers.yaml");

    assertThat(e.field()).isEqualTo("servers");
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.getMessage()).contains("two or more servers");
  }

  @Test
  @DisplayName(
      "S1: an inventory with one server is refused: no server would serve during its update")
  void singleServerIsRefused_S1() {
    String yaml =
        "site: a\ndatabase:\n  kind: embedded\n  jdbcUrl: jdbc:h2:mem:a\nservers:\n"
            + "  - host: ums-srv-1\n";

    InventoryException e = refusal(yaml, "one-server.yaml");

    assertThat(e.field()).isEqualTo("servers");
    assertThat(e.getMessage()).contains("two or more servers").contains("lists 1");
  }

  @Test
  void policyLimitsMustBePositive() {
    String yaml =
        read("valid.yaml").replace("installTimeoutSeconds: 1800", "installTimeoutSeconds: 0");

    InventoryException e = refusal(yaml, "zero.yaml");

    assertThat(e.field()).isEqualTo("policy.installTimeoutSeconds");
    assertThat(e.line()).isEqualTo(26);
  }

  @Test
  void aListWhereOneValueBelongsSaysSo() {
    String yaml = read("valid.yaml").replace("  user: ums", "  user: [ums]");

    InventoryException e = refusal(yaml, "list.yaml");

    assertThat(e.field()).isEqualTo("database.user");
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.getMessage()).contains("found a list").doesNotContain("JsonToken");
  }

  @Test
  void duplicateKeyIsRefused() {
    InventoryException e = refusal(read("valid.yaml") + "site: site-b\n", "twice.yaml");

    assertThat(e.line()).isEqualTo(28);
    assertThat(e.getMessage()).contains("'site'");
  }

  private static InventoryException refusal(String resource) {
    return refusal(read(resource), resource);
  }

  private static InventoryException refusal(String yaml, String source) {
    InventoryException e =
        catchThrowableOfType(InventoryException.class, () -> InventoryParser.parse(yaml, source));
    assertThat(e).as("refusal of %s", source).isNotNull();
    assertThat(e.source()).isEqualTo(source);
    return e;
  }

  private static String read(String resource) {
    try (InputStream in = InventoryParserTest.class.getResourceAsStream("/inventory/" + resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void unknownStageIsRefused_T1() {
    InventoryException e =
        assertThrows(
            InventoryException.class,
            () ->
                InventoryParser.parse(
                    "site: a\nstage: staging\ndatabase: {kind: embedded, jdbcUrl: jdbc:h2:mem:a}\n"
                        + "servers: [{host: s1}]\n",
                    "stage.yaml"));

    assertThat(e.field()).isEqualTo("stage");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.getMessage()).contains("'staging' is neither test nor production");
  }
}
