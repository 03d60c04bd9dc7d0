package org.umsrollout.workflows.inventory;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.umsrollout.workflows.model.BackupSpec;
import org.umsrollout.workflows.model.ComponentSpec;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.GateTimeout;
import org.umsrollout.workflows.model.Installer;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerSpec;
import org.umsrollout.workflows.model.UmsVersion;

/**
 * The inventory's own checks, of what the types cannot say; each refusal names the line of the
 * field at fault, as the reader found it.
 */
record InventoryChecks(RolloutFile file, YamlDocument document) {
  /**
   * A password in a JDBC URL: a {@code password=} property (H2, PostgreSQL, SQL Server) or
   * credentials before the host ({@code //user:secret@host}).
   */
  private static final Pattern PASSWORD_IN_URL =
      Pattern.compile("(?i)([;?&]\\s*password\\s*=)|(//[^/@?;]*:[^/@?;]*@)");

  void run() {
    require(file.site(), "site");
    if (file.site().isBlank()) {
      throw fault("site", "must not be empty");
    }
    if (!file.site().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw fault("site", "'" + file.site() + "' may hold only letters, digits, '.', '_', '-'");
    }
    if (file.stage() != null
        && !file.stage().equals(Inventory.TEST)
        && !file.stage().equals(Inventory.PRODUCTION)) {
      throw fault("stage", "'" + file.stage() + "' is neither test nor production (T1)");
    }
    if (file.testSite() != null) {
      if (!file.testSite().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw fault("testSite", "'" + file.testSite() + "' is not a site name");
      }
      if (file.testSite().equals(file.site())) {
        throw fault("testSite", "a site cannot be its own test installation (T1)");
      }
    }
    DatabaseSpec db = file.database();
    require(db, "database");
    require(db.kind(), "database.kind");
    require(db.jdbcUrl(), "database.jdbcUrl");
    if (PASSWORD_IN_URL.matcher(db.jdbcUrl()).find()) {
      throw fault(
          "database.jdbcUrl",
          "holds a password; the inventory becomes part of the rollout's recorded history, so"
              + " name an environment variable of the orchestrator in database.passwordEnv"
              + " instead");
    }
    BackupSpec backup = db.backup();
    if (backup != null) {
      noEmptyEntries(backup.command(), "database.backup.command");
      noEmptyEntries(backup.verifyCommand(), "database.backup.verifyCommand");
    }
    require(file.servers(), "servers");
    if (file.servers().size() < 2) {
      throw fault(
          "servers",
          "an HA network has two or more servers, so one serves while another is updated (S1);"
              + " this one lists "
              + file.servers().size());
    }
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < file.servers().size(); i++) {
      ServerSpec server = file.servers().get(i);
      require(server, "servers[" + i + "]");
      host(server.host(), "servers[" + i + "].host", seen);
    }
    components(file.loadBalancers(), "loadBalancers", seen);
    components(file.consoles(), "consoles", seen);
    if (file.targetVersion() != null && !UmsVersion.isValid(file.targetVersion())) {
      throw fault(
          "targetVersion",
          "'"
              + file.targetVersion()
              + "' is not a UMS version (Major.Minor.Build, such as 12.05.100)");
    }
    Installer installer = file.installer();
    if (installer != null) {
      require(installer.path(), "installer.path");
      require(installer.sha256(), "installer.sha256");
      if (!installer.sha256().matches("[0-9a-fA-F]{64}")) {
        throw fault(
            "installer.sha256",
            "'"
                + installer.sha256()
                + "' is not a SHA-256: that is 64 hexadecimal digits ("
                + installer.sha256().length()
                + " given)");
      }
    }
    policy(file.policy());
  }

  private void components(List<ComponentSpec> list, String name, Map<String, String> seen) {
    if (list == null) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      require(list.get(i), name + "[" + i + "]");
      host(list.get(i).host(), name + "[" + i + "].host", seen);
    }
  }

  private void host(String host, String path, Map<String, String> seen) {
    require(host, path);
    if (host.isBlank()) {
      throw fault(path, "a host name is empty");
    }
    if (!host.matches("[A-Za-z0-9][A-Za-z0-9._:-]*")) {
      throw fault(path, "'" + host + "' is not a host name (letters, digits, '.', '-', ':' only)");
    }
    String first = seen.putIfAbsent(host.toLowerCase(Locale.ROOT), path);
    if (first != null) {
      throw fault(
          path,
          "host '"
              + host
              + "' is listed more than once (also at "
              + first
              + lineSuffix(first)
              + "); list each host once, with a server that has a load balancer beside it"
              + " as servers[].loadBalancer: true");
    }
  }

  private void policy(Policy policy) {
    if (policy == null) {
      return;
    }
    if (policy.approvals() != null) {
      for (int i = 0; i < policy.approvals().size(); i++) {
        String gate = policy.approvals().get(i);
        String path = "policy.approvals[" + i + "]";
        require(gate, path);
        if (Gate.byId(gate).isEmpty()) {
          throw fault(path, "unknown gate '" + gate + "' (known: " + Gate.knownIds() + ")");
        }
      }
    }
    positive(policy.installTimeoutSeconds(), "policy.installTimeoutSeconds");
    positive(policy.heartbeatTimeoutSeconds(), "policy.heartbeatTimeoutSeconds");
    positive(policy.hostCallTimeoutSeconds(), "policy.hostCallTimeoutSeconds");
    positive(policy.maxAttempts(), "policy.maxAttempts");
    positive(policy.maxClockSkewSeconds(), "policy.maxClockSkewSeconds");
    positive(policy.freezeAlertSeconds(), "policy.freezeAlertSeconds");
    positive(policy.agentPickupSeconds(), "policy.agentPickupSeconds");
    positive(policy.reconnectWaitSeconds(), "policy.reconnectWaitSeconds");
    positive(policy.recheckAfterSeconds(), "policy.recheckAfterSeconds");
    if (policy.gateTimeouts() != null) {
      policy.gateTimeouts().forEach(this::gateTimeout);
    }
    if (policy.webhook() != null) {
      require(policy.webhook().url(), "policy.webhook.url");
      httpAddress(policy.webhook().url(), "policy.webhook.url");
      if (policy.webhook().dashboardUrl() != null) {
        httpAddress(policy.webhook().dashboardUrl(), "policy.webhook.dashboardUrl");
      }
    }
  }

  private void httpAddress(String value, String path) {
    if (!value.matches("https?://[^\\s]+")) {
      throw fault(path, "'" + value + "' is not an http or https address");
    }
  }

  /** A gate's timeout: a known gate, a positive wait, and never an abort past the point (S6). */
  private void gateTimeout(String gateId, GateTimeout timeout) {
    String path = "policy.gateTimeouts." + gateId;
    Gate gate =
        Gate.byId(gateId)
            .orElseThrow(
                () ->
                    fault(path, "unknown gate '" + gateId + "' (known: " + Gate.knownIds() + ")"));
    require(timeout, path);
    require(timeout.afterSeconds(), path + ".afterSeconds");
    positive(timeout.afterSeconds(), path + ".afterSeconds");
    String then = timeout.then();
    if (then != null && !then.equals(GateTimeout.NOTIFY) && !then.equals(GateTimeout.ABORT)) {
      throw fault(path + ".then", "'" + then + "' is neither notify nor abort");
    }
    if (timeout.aborts() && !gate.beforePointOfNoReturn()) {
      throw fault(
          path + ".then",
          "abort only before the point of no return (S6); gate "
              + gateId
              + " waits after it, where a timeout can only notify");
    }
  }

  private void positive(Integer value, String path) {
    if (value != null && value <= 0) {
      throw fault(path, "must be greater than 0 (" + value + " given)");
    }
  }

  private void noEmptyEntries(List<String> list, String path) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw fault(path + "[" + i + "]", "an entry is empty");
      }
    }
  }

  private void require(Object value, String path) {
    if (value == null) {
      throw new InventoryException(document.missing(path, null));
    }
  }

  private InventoryException fault(String path, String message) {
    return new InventoryException(document.fault(path, message));
  }

  private String lineSuffix(String path) {
    int line = document.lineOf(path, 0);
    return line > 0 ? ", line " + line : "";
  }
}
