package org.umsrollout.activities.host.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.host.local.LocalHostConfigLoader.LocalHostConfigException;
import org.umsrollout.workflows.inventory.InventoryException;
import org.umsrollout.workflows.inventory.InventoryParser;
import org.umsrollout.workflows.inventory.StrictYaml;
import org.umsrollout.workflows.inventory.YamlFault;
import org.umsrollout.workflows.model.HostRole;

/** Reading the local backend's YAML: strict, with defaults, errors naming file and field. */
class LocalHostConfigLoaderTest {
  @TempDir Path dir;

  private static final String MINIMAL =
      """
      name: ums-srv-1
      role: server
      services:
        server: igel-ums-server
        watchdog: igel-ums-watchdog
      versionCommand: [cat, /opt/IGEL/RemoteManager/version]
      installCommand: ["{installer}", --unattended, "{version}"]
      endUpdateModeCommand: [umsadmin-cli, end-update-mode]
      """;

  @Test
  @DisplayName("a minimal file gets the defaults: systemctl is-active, /root, requireRoot, setsid")
  void defaults() throws Exception {
    Path file = dir.resolve("host.yaml");
    Files.writeString(file, MINIMAL);

    LocalHostConfig config = LocalHostConfigLoader.load(file);

    assertThat(config.role()).isEqualTo(HostRole.SERVER);
    assertThat(config.hostServices()).containsExactly("igel-ums-server", "igel-ums-watchdog");
    assertThat(config.serviceActiveCommand())
        .containsExactly("systemctl", "is-active", "{service}");
    assertThat(config.rootDir()).isEqualTo("/root");
    assertThat(config.requireRoot()).isTrue();
    assertThat(config.installTimeoutMinutes()).isNull();
    assertThat(config.stateDir()).isEqualTo("/var/lib/ums-rollout-agent");
    assertThat(config.detachCommand()).containsExactly("setsid");
    assertThat(config.commandTimeoutSeconds()).isEqualTo(60);
    assertThat(config.permanentExitCodes()).isEmpty();
    assertThat(config.modeCommand()).isNull();
    assertThat(config.reconfigureServiceCommands()).isEmpty();
    assertThat(config.platform()).isEqualTo(LocalHostConfig.Platform.LINUX);
    assertThat(config.rightsCommand()).containsExactly("id", "-u");
    assertThat(config.serviceActivePattern()).isNull();
    assertThat(config.installWrapper())
        .containsExactly(
            "/bin/sh", "-c", LocalHostConfig.SH_WRAPPER, "ums-rollout-installer", "{exitFile}");
  }

  @Test
  @DisplayName(
      "platform WINDOWS picks the Windows defaults: sc.exe query with its STATE line, whoami"
          + " /groups, ProgramData, no /root, no detach command, sc.exe and Stop-Service to take out")
  void windowsDefaults() {
    LocalHostConfig config =
        LocalHostConfigLoader.parse(
            MINIMAL
                + "platform: windows\n"
                + "installWrapper: [powershell.exe, -File, run-installer.ps1, \"{exitFile}\"]\n",
            "w.yaml");

    assertThat(config.platform()).isEqualTo(LocalHostConfig.Platform.WINDOWS);
    assertThat(config.serviceActiveCommand()).containsExactly("sc.exe", "query", "{service}");
    assertThat(config.serviceActivePattern()).isEqualTo("STATE\\s*:\\s*4\\s+RUNNING");
    assertThat(config.rightsCommand()).containsExactly("whoami", "/groups");
    assertThat(config.rightsPattern()).isEqualTo("S-1-5-32-544[^\\r\\n]*Enabled group");
    assertThat(config.stateDir()).isEqualTo("C:\\ProgramData\\ums-rollout-agent");
    assertThat(config.rootDir()).isNull();
    assertThat(config.detachCommand()).isEmpty();
    assertThat(config.takeOutCommands())
        .containsExactly(
            List.of("sc.exe", "config", "{service}", "start=", "disabled"),
            List.of(
                "powershell.exe",
                "-NoProfile",
                "-NonInteractive",
                "-Command",
                "Stop-Service -Name '{service}' -Force -ErrorAction Stop"));
  }

  @Test
  @DisplayName("an installWrapper that does not name {exitFile} is refused")
  void installWrapperNeedsTheExitFile() {
    assertThatThrownBy(
            () -> LocalHostConfigLoader.parse(MINIMAL + "installWrapper: [wrap]\n", "h.yaml"))
        .hasMessageContaining("installWrapper: needs {exitFile}");
  }

  @Test
  @DisplayName("installTimeoutMinutes of an older file still loads; the rollout policy bounds it")
  void installTimeoutMinutesStillLoads() {
    LocalHostConfig config =
        LocalHostConfigLoader.parse(MINIMAL + "installTimeoutMinutes: 120\n", "h.yaml");

    assertThat(config.installTimeoutMinutes()).isEqualTo(120);
    assertThatThrownBy(
            () -> LocalHostConfigLoader.parse(MINIMAL + "installTimeoutMinutes: 0\n", "h.yaml"))
        .hasMessageContaining("installTimeoutMinutes: must be positive");
  }

  @Test
  @DisplayName("stateDir and detachCommand are read; an empty detachCommand is allowed")
  void stateDirAndDetachCommand() {
    LocalHostConfig config =
        LocalHostConfigLoader.parse(
            MINIMAL + "stateDir: /srv/agent\ndetachCommand: []\n", "h.yaml");

    assertThat(config.stateDir()).isEqualTo("/srv/agent");
    assertThat(config.detachCommand()).isEmpty();
    assertThatThrownBy(
            () ->
                LocalHostConfigLoader.parse(
                    MINIMAL + "detachCommand: [setsid, \"{version}\"]\n", "h.yaml"))
        .hasMessageContaining("detachCommand: unknown placeholder {version}");
  }

  @Test
  @DisplayName("an unknown field is refused, naming the file, line and field")
  void unknownFieldRefused() throws Exception {
    Path file = dir.resolve("host.yaml");
    Files.writeString(file, MINIMAL + "installTimout: 30\n");

    assertThatThrownBy(() -> LocalHostConfigLoader.load(file))
        .isInstanceOf(LocalHostConfigException.class)
        .hasMessageStartingWith(file + ":9: ")
        .hasMessageContaining("unknown field 'installTimout'")
        .hasMessageContaining("installTimeoutMinutes");
  }

  @Test
  @DisplayName("an unknown field in services is refused with its parent")
  void unknownNestedFieldRefused() {
    String yaml = MINIMAL.replace("  watchdog:", "  watchdgo:");

    assertThatThrownBy(() -> LocalHostConfigLoader.parse(yaml, "h.yaml"))
        .hasMessageContaining("h.yaml")
        .hasMessageContaining("services: unknown field 'watchdgo'");
  }

  @Test
  @DisplayName("a missing required field is named")
  void missingFieldNamed() {
    String yaml = MINIMAL.replace("versionCommand: [cat, /opt/IGEL/RemoteManager/version]\n", "");

    assertThatThrownBy(() -> LocalHostConfigLoader.parse(yaml, "h.yaml"))
        .hasMessageContaining("h.yaml")
        .hasMessageContaining("versionCommand: missing");
  }

  @Test
  @DisplayName("N1: a server role needs its server service and the end-update-mode command")
  void serverNeedsServerService() {
    String yaml = MINIMAL.replace("  server: igel-ums-server\n", "");

    assertThatThrownBy(() -> LocalHostConfigLoader.parse(yaml, "h.yaml"))
        .hasMessageContaining("services.server: missing");
    assertThatThrownBy(
            () ->
                LocalHostConfigLoader.parse(
                    MINIMAL.replace("endUpdateModeCommand: [umsadmin-cli, end-update-mode]\n", ""),
                    "h.yaml"))
        .hasMessageContaining("endUpdateModeCommand: missing");
  }

  @Test
  @DisplayName("a role that is not one of the four is refused")
  void badRole() {
    assertThatThrownBy(
            () ->
                LocalHostConfigLoader.parse(MINIMAL.replace("role: server", "role: db"), "h.yaml"))
        .hasMessageContaining("h.yaml:2: role: 'db' is not allowed here; allowed: server,");
  }

  @Test
  @DisplayName("a placeholder a command does not fill is refused")
  void unknownPlaceholder() {
    String yaml = MINIMAL.replace("\"{version}\"]", "\"{verison}\"]");

    assertThatThrownBy(() -> LocalHostConfigLoader.parse(yaml, "h.yaml"))
        .hasMessageContaining("installCommand: unknown placeholder {verison}");
  }

  @Test
  @DisplayName("a command is a list of argv strings, not one shell string")
  void commandIsAList() {
    String yaml =
        MINIMAL.replace(
            "versionCommand: [cat, /opt/IGEL/RemoteManager/version]",
            "versionCommand: cat /opt/IGEL/RemoteManager/version");

    assertThatThrownBy(() -> LocalHostConfigLoader.parse(yaml, "h.yaml"))
        .hasMessageContaining("h.yaml")
        .hasMessageContaining("versionCommand");
  }

  @Test
  @DisplayName("the example config for a Linux host loads")
  void exampleLoads() {
    Path example = Path.of("..", "deploy", "examples", "local-host-linux.yaml");

    LocalHostConfig config = LocalHostConfigLoader.load(example);

    assertThat(config.role()).isEqualTo(HostRole.SERVER_AND_LOAD_BALANCER);
    assertThat(config.hostServices())
        .isEqualTo(List.of("igel-ums-server", "igel-ums-broker", "igel-ums-watchdog"));
  }

  @Test
  @DisplayName("a file that holds only null is empty, as an inventory would be")
  void onlyNullIsEmpty() {
    assertThatThrownBy(() -> LocalHostConfigLoader.parse("~\n", "h.yaml"))
        .isInstanceOf(LocalHostConfigException.class)
        .hasMessage("h.yaml: the file is empty");
  }

  private static final String INVENTORY =
      """
      site: site-a
      database:
        kind: postgresql
        jdbcUrl: jdbc:postgresql://db.site-a/rmdb
      servers:
        - host: ums-srv-1
        - host: ums-srv-2
      """;

  @Test
  @DisplayName("the inventory and the host config refuse the same mistakes in the same shape")
  void bothFilesRefuseTheSameMistakesAlike() {
    assertThat(InventoryParser.parse(INVENTORY, "i.yaml").servers()).hasSize(2);

    // an unknown field in a nested mapping: at its own line, with the mapping as the field
    shape(
        inventory(INVENTORY.replace("  - host: ums-srv-2", "  - host: ums-srv-2\n    lb: true")),
        "i.yaml:8: servers[1]: unknown field 'lb' (known here: host, loadBalancer)");
    shape(
        host(MINIMAL.replace("  watchdog:", "  watchdgo:")),
        "h.yaml:5: services: unknown field 'watchdgo'"
            + " (known here: console, loadBalancer, server, watchdog)");
    // a list where one value belongs
    shape(
        inventory(INVENTORY.replace("site: site-a", "site: [site-a]")),
        "i.yaml:1: site: expected a single value, found a list");
    shape(
        host(MINIMAL.replace("name: ums-srv-1", "name: [ums-srv-1]")),
        "h.yaml:1: name: expected a single value, found a list");
    // one value where a list belongs
    shape(
        inventory(
            INVENTORY.replace(
                "servers:\n  - host: ums-srv-1\n  - host: ums-srv-2\n", "servers: ums-srv-1\n")),
        "i.yaml:5: servers: expected a list, found text");
    shape(
        host(MINIMAL.replace("[cat, /opt/IGEL/RemoteManager/version]", "cat /opt/version")),
        "h.yaml:6: versionCommand: expected a list, found text");
    // a value that is not one of an enum's
    shape(
        inventory(INVENTORY.replace("kind: postgresql", "kind: mysql")),
        "i.yaml:3: database.kind: 'mysql' is not allowed here;"
            + " allowed: embedded, postgresql, sqlserver, oracle");
    shape(
        host(MINIMAL.replace("role: server", "role: db")),
        "h.yaml:2: role: 'db' is not allowed here;"
            + " allowed: server, server_and_load_balancer, load_balancer, console");
    // YAML that does not parse: no field; SnakeYAML's line and problem
    String tab =
        ": not valid YAML: while scanning for the next token; found character '\\t(TAB)' that"
            + " cannot start any token. (Do not use \\t(TAB) for indentation)";
    shape(inventory(INVENTORY.replace("  jdbcUrl:", "\tjdbcUrl:")), "i.yaml:4" + tab);
    shape(host(MINIMAL.replace("  watchdog:", "\twatchdog:")), "h.yaml:5" + tab);
  }

  @Test
  @DisplayName("a missing required field: the same shape, the field in the record's words")
  void bothFilesNameAMissingField() {
    InventoryException inventory = inventory(INVENTORY.replace("  kind: postgresql\n", ""));
    LocalHostConfigException host =
        host(MINIMAL.replace("versionCommand: [cat, /opt/IGEL/RemoteManager/version]\n", ""));

    assertThat(inventory.getMessage())
        .startsWith("i.yaml:2: database.kind: missing required field 'kind'");
    // LocalHostConfig checks its required fields itself and names the field in its message,
    // which the reader passes on as it is: at the line where the refused mapping starts.
    assertThat(host.getMessage()).isEqualTo("h.yaml:1: versionCommand: missing");
    assertThat(host.field()).isNull();
    assertThat(Stream.of(inventory, host).map(Throwable::getMessage))
        .allMatch(m -> m.matches("[a-z]\\.yaml:\\d+: [\\w.\\[\\]]+: missing.*"));
  }

  /**
   * {@code expected} is file:line: field: problem, or file:line: problem; the fault carries each
   * part on its own as well.
   */
  private static void shape(YamlFault f, String expected) {
    assertThat(f.getMessage()).isEqualTo(expected);
    String where = f.source() + ":" + f.line() + ": ";
    String field = f.field() == null ? "" : f.field() + ": ";
    assertThat(where + field + f.problem()).isEqualTo(expected);
  }

  private static InventoryException inventory(String yaml) {
    return refusal(InventoryException.class, () -> InventoryParser.parse(yaml, "i.yaml"));
  }

  private static LocalHostConfigException host(String yaml) {
    return refusal(
        LocalHostConfigException.class, () -> LocalHostConfigLoader.parse(yaml, "h.yaml"));
  }

  private static <T extends Throwable> T refusal(Class<T> type, Executable read) {
    T e = catchThrowableOfType(type, read::execute);
    assertThat(e).isNotNull();
    return e;
  }

  /** What reads an exception's message: its getters, and the reader's one pass-through. */
  private static final Set<String> MESSAGE_GETTERS =
      Set.of("getMessage", "getLocalizedMessage", "getOriginalMessage", "toString");

  /** What would search a message's text for a library's wording. */
  private static final Set<String> STRING_SEARCHES =
      Set.of(
          "contains",
          "matches",
          "startsWith",
          "endsWith",
          "indexOf",
          "lastIndexOf",
          "regionMatches",
          "split",
          "replace",
          "replaceAll",
          "replaceFirst",
          "lines",
          "equals",
          "equalsIgnoreCase",
          "contentEquals");

  /**
   * Checked on the bytecode: only {@link StrictYaml#messageOf} calls an exception's message
   * getters, and a class that reads a message (by a getter or by messageOf) calls no String search
   * and uses no java.util.regex. The rule is per class, not per value: it does not follow a message
   * into another class, nor see an exception made text by string concatenation.
   */
  @Test
  @DisplayName("the readers take an exception's message only to pass it on, never to search it")
  void exceptionMessagesArePassedOnNeverSearched() {
    JavaClasses readers =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The workflows module's tests come in as its test jar.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.umsrollout.workflows.inventory");
    JavaClasses loader =
        new ClassFileImporter()
            .importClasses(LocalHostConfigLoader.class, LocalHostConfigException.class);
    List<JavaClass> scope = Stream.concat(readers.stream(), loader.stream()).toList();
    assertThat(scope.stream().map(JavaClass::getSimpleName))
        .contains("StrictYaml", "YamlErrors", "InventoryParser", "LocalHostConfigLoader");
    assertThat(
            scope.stream()
                .filter(LocalHostConfigLoaderTest::readsMessages)
                .map(JavaClass::getSimpleName))
        .as("the classes the rule applies to")
        .contains("StrictYaml", "YamlErrors", "LocalHostConfigLoader");

    assertThat(scope.stream().flatMap(c -> violations(c).stream())).isEmpty();
  }

  @Test
  @DisplayName("the message rule catches what it forbids")
  void theMessageRuleCatchesWhatItForbids() {
    JavaClass offender = new ClassFileImporter().importClass(SearchesAMessage.class);

    assertThat(violations(offender))
        .anyMatch(v -> v.contains("getMessage") && v.contains("outside StrictYaml.messageOf"))
        .anyMatch(v -> v.contains("String.contains"))
        .anyMatch(v -> v.contains("java.util.regex"));
  }

  /** How the readers matched Jackson's text before: what the rule above must refuse. */
  static final class SearchesAMessage {
    static boolean foundAList(Exception e) {
      return e.getMessage().contains("from Array value")
          || java.util.regex.Pattern.compile("line (\\d+)").matcher(e.getMessage()).find();
    }
  }

  private static List<String> violations(JavaClass c) {
    List<String> out = new ArrayList<>();
    for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
      if (readsMessage(call) && !inMessageOf(call)) {
        out.add(call.getDescription() + ": reads a message outside StrictYaml.messageOf");
      }
    }
    if (readsMessages(c)) {
      for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
        if (call.getTargetOwner().isEquivalentTo(String.class)
            && STRING_SEARCHES.contains(call.getName())) {
          out.add(
              call.getDescription() + ": String." + call.getName() + " where messages are read");
        }
      }
      c.getDirectDependenciesFromSelf().stream()
          .filter(d -> d.getTargetClass().getPackageName().equals("java.util.regex"))
          .forEach(d -> out.add(d.getDescription() + ": java.util.regex where messages are read"));
    }
    return out;
  }

  private static boolean readsMessages(JavaClass c) {
    return c.getMethodCallsFromSelf().stream()
        .anyMatch(
            call ->
                readsMessage(call)
                    || call.getTargetOwner().isEquivalentTo(StrictYaml.class)
                        && call.getName().equals("messageOf"));
  }

  private static boolean readsMessage(JavaMethodCall call) {
    return MESSAGE_GETTERS.contains(call.getName())
        && call.getTargetOwner().isAssignableTo(Throwable.class);
  }

  private static boolean inMessageOf(JavaMethodCall call) {
    return call.getOriginOwner().isEquivalentTo(StrictYaml.class)
        && call.getOrigin().getName().equals("messageOf");
  }
}
