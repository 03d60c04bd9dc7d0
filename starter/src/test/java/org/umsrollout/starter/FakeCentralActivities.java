package org.umsrollout.starter;

import org.umsrollout.workflows.ports.BackupCommand;
import org.umsrollout.workflows.ports.CentralActivities;
import org.umsrollout.workflows.ports.DatabaseQuery;
import org.umsrollout.workflows.ports.NetworkList;
import org.umsrollout.workflows.ports.RemoveEntries;
import org.umsrollout.workflows.ports.SchemaState;
import org.umsrollout.workflows.status.BackupRecord;

/** The productive database of the {@link FakeLab}: Network list, backup, schema. */
final class FakeCentralActivities implements CentralActivities {
  private final FakeLab lab;

  FakeCentralActivities(FakeLab lab) {
    this.lab = lab;
  }

  @Override
  public NetworkList readNetworkList(DatabaseQuery query) {
    return new NetworkList(lab.networkList());
  }

  @Override
  public NetworkList removeNetworkEntries(RemoveEntries command) {
    return new NetworkList(lab.networkList());
  }

  @Override
  public BackupRecord backup(BackupCommand command) {
    return new BackupRecord(
        "SCRIPT",
        "/var/backups/ums/" + command.label() + ".sql",
        48_213,
        "3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        true,
        "read back 42 tables");
  }

  @Override
  public SchemaState readSchema(DatabaseQuery query) {
    return new SchemaState(lab.schema());
  }
}
