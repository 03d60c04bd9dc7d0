package org.umsrollout.activities.central;

import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.umsrollout.workflows.model.DatabaseKind;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.ports.BackupRequest;
import org.umsrollout.workflows.ports.CentralActivities;
import org.umsrollout.workflows.ports.DatabaseQuery;
import org.umsrollout.workflows.ports.NetworkEntry;
import org.umsrollout.workflows.ports.NetworkList;
import org.umsrollout.workflows.ports.RemoveEntries;
import org.umsrollout.workflows.ports.SchemaState;
import org.umsrollout.workflows.ports.TestEvidence;
import org.umsrollout.workflows.ports.TestedQuery;
import org.umsrollout.workflows.status.BackupRecord;
import org.umsrollout.workflows.temporal.FailureTypes;
import org.umsrollout.workflows.temporal.RolloutIds;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;

/** The activities on the productive database: Network list, schema, backup. */
public class CentralActivitiesImpl implements CentralActivities {
  private static final Logger log = LoggerFactory.getLogger(CentralActivitiesImpl.class);
  private static final String SELECT_ENTRIES =
      "SELECT epr_process_id, epr_process_host, epr_process_type, epr_process_mode,"
          + " epr_service_status, epr_process_version FROM epr_processes ORDER BY epr_process_id";

  private final Path defaultBackupDirectory;
  private final Map<DatabaseKind, BackupMethod> backupMethods;
  private final Function<String, String> environment;

  /** With the database password read from the orchestrator's environment. */
  public CentralActivitiesImpl(Path defaultBackupDirectory) {
    this(defaultBackupDirectory, System::getenv);
  }

  /**
   * @param environment looks up the variable that an inventory's {@code database.passwordEnv}
   *     names: the only way a database password reaches this process, never a workflow payload
   */
  public CentralActivitiesImpl(Path defaultBackupDirectory, Function<String, String> environment) {
    this(
        defaultBackupDirectory,
        Map.of(
            DatabaseKind.EMBEDDED,
            new EmbeddedBackup(environment),
            DatabaseKind.POSTGRESQL,
            new PostgresBackup(),
            DatabaseKind.SQLSERVER,
            ConfiguredToolBackup.sqlServer(),
            DatabaseKind.ORACLE,
            ConfiguredToolBackup.oracle()),
        environment);
  }

  public CentralActivitiesImpl(
      Path defaultBackupDirectory, Map<DatabaseKind, BackupMethod> backupMethods) {
    this(defaultBackupDirectory, backupMethods, System::getenv);
  }

  private CentralActivitiesImpl(
      Path defaultBackupDirectory,
      Map<DatabaseKind, BackupMethod> backupMethods,
      Function<String, String> environment) {
    this.defaultBackupDirectory = defaultBackupDirectory;
    this.backupMethods = Map.copyOf(backupMethods);
    this.environment = environment;
  }

  @Override
  public NetworkList readNetworkList(DatabaseQuery query) {
    try (Connection c = Jdbc.open(query.database(), environment)) {
      return new NetworkList(entries(c));
    } catch (SQLException e) {
      throw new IllegalStateException(
          query.site() + ": cannot read the Network list: " + e.getMessage(), e);
    }
  }

  @Override
  public NetworkList removeNetworkEntries(RemoveEntries command) {
    try (Connection c = Jdbc.open(command.database().database(), environment);
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM epr_processes WHERE epr_process_id = ?")) {
      for (String id : command.processIds()) {
        ps.setString(1, id);
        int removed = ps.executeUpdate();
        log.info(
            "{}: Network list entry {} {}",
            command.database().site(),
            id,
            removed == 0 ? "already gone" : "removed");
      }
      return new NetworkList(entries(c));
    } catch (SQLException e) {
      throw new IllegalStateException(
          command.database().site() + ": cannot remove Network list entries: " + e.getMessage(), e);
    }
  }

  @Override
  public BackupRecord backup(BackupRequest command) {
    DatabaseSpec database = command.database().database();
    BackupMethod method = backupMethods.get(database.kind());
    if (method == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no backup method configured for " + database.kind() + " on this orchestrator",
          FailureTypes.BACKUP_FAILED.type());
    }
    Path directory =
        database.backup() != null && database.backup().directory() != null
            ? Path.of(database.backup().directory())
            : defaultBackupDirectory;
    Path file = directory.resolve(safe(command.label()) + method.extension());
    try {
      PrivateFiles.directory(directory);
      BackupRecord record = method.backup(database, file);
      PrivateFiles.restrict(file);
      log.info(
          "{}: backup {} ({} bytes) {}",
          command.database().site(),
          file,
          record.sizeBytes(),
          record.verification());
      return record;
    } catch (ApplicationFailure e) {
      // A refusal (a missing backup command, say) is already worded and typed for the operator.
      throw e;
    } catch (Exception e) {
      throw ApplicationFailure.newFailureWithCause(
          command.database().site() + ": backup to " + file + " failed: " + e.getMessage(),
          FailureTypes.BACKUP_FAILED.type(),
          e);
    }
  }

  @Override
  public TestEvidence testedFirst(TestedQuery query) {
    WorkflowClient client = Activity.getExecutionContext().getWorkflowClient();
    WorkflowExecutionDescription latest;
    try {
      latest = client.newUntypedWorkflowStub(RolloutIds.workflowId(query.testSite())).describe();
    } catch (WorkflowNotFoundException e) {
      return new TestEvidence(query.testSite(), false, null, null, null);
    }
    SearchAttributes attributes = latest.getTypedSearchAttributes();
    return new TestEvidence(
        query.testSite(),
        true,
        attributes.get(RolloutSearchAttributes.PHASE),
        attributes.get(RolloutSearchAttributes.TARGET_VERSION),
        latest.getCloseTime() == null ? null : latest.getCloseTime().toString());
  }

  @Override
  public SchemaState readSchema(DatabaseQuery query) {
    try (Connection c = Jdbc.open(query.database(), environment);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT schema_version FROM ums_schema")) {
      return new SchemaState(rs.next() ? rs.getString(1) : null);
    } catch (SQLException e) {
      throw new IllegalStateException(
          query.site() + ": cannot read the schema version: " + e.getMessage(), e);
    }
  }

  private static List<NetworkEntry> entries(Connection c) throws SQLException {
    List<NetworkEntry> entries = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(SELECT_ENTRIES)) {
      while (rs.next()) {
        entries.add(
            new NetworkEntry(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6)));
      }
    }
    return entries;
  }

  private static String safe(String label) {
    return label.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
