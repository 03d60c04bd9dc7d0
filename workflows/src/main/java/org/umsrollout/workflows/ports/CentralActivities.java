package org.umsrollout.workflows.ports;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import org.umsrollout.workflows.status.BackupRecord;

/**
 * What the rollout asks of the productive database. The orchestrator worker runs these from its own
 * task queue; they reach the database through JDBC and the DBMS vendor's tools.
 */
@ActivityInterface
public interface CentralActivities {

  /** The UMS Network list (table {@code epr_processes}, N2). */
  @ActivityMethod(name = "ReadNetworkList")
  NetworkList readNetworkList(DatabaseQuery query);

  /** Deletes the named entries from the Network list; entries already gone are fine (P2). */
  @ActivityMethod(name = "RemoveNetworkEntries")
  NetworkList removeNetworkEntries(RemoveEntries command);

  /** Backs the productive database up with the vendor's method and checks it reads back (P3). */
  @ActivityMethod(name = "BackupDatabase")
  BackupRecord backup(BackupRequest command);

  /** What the latest rollout of the test installation shows (T1). */
  @ActivityMethod(name = "ReadTestEvidence")
  TestEvidence testedFirst(TestedQuery query);

  /** The schema version of the productive database (S5). */
  @ActivityMethod(name = "ReadSchema")
  SchemaState readSchema(DatabaseQuery query);
}
