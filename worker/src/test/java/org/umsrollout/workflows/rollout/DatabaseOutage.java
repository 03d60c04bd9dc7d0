package org.umsrollout.workflows.rollout;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import org.umsrollout.workflows.ports.DatabaseQuery;
import org.umsrollout.workflows.ports.NetworkList;
import org.umsrollout.workflows.ports.SchemaState;

/**
 * The orchestrator's database activities against the lab, with an outage that can be switched on:
 * while it lasts the productive database answers no read, as when its server is down.
 */
final class DatabaseOutage extends CentralActivitiesImpl {
  private final AtomicBoolean down = new AtomicBoolean();

  DatabaseOutage(Path backups) {
    super(backups);
  }

  void down(boolean isDown) {
    down.set(isDown);
  }

  @Override
  public NetworkList readNetworkList(DatabaseQuery query) {
    failWhileDown();
    return super.readNetworkList(query);
  }

  @Override
  public SchemaState readSchema(DatabaseQuery query) {
    failWhileDown();
    return super.readSchema(query);
  }

  private void failWhileDown() {
    if (down.get()) {
      throw new IllegalStateException("the productive database does not answer (outage)");
    }
  }
}
