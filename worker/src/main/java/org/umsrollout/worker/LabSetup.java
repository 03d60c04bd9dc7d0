package org.umsrollout.worker;

import java.time.Duration;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.workflows.inventory.RolloutFile;
import org.umsrollout.workflows.ports.NetworkEntry;

/** Builds the lab for an inventory file the way the demo and the lab command want it. */
final class LabSetup {
  private LabSetup() {}

  static Lab create(RolloutFile file, String installed, long installMillis, String orphan) {
    Lab lab =
        Lab.createAfresh(
                file.inventory(), installed, file.installer().path(), file.installer().sha256())
            .installDuration(Duration.ofMillis(installMillis));
    if (orphan != null) {
      lab.addOrphan(orphan, NetworkEntry.SERVER);
    }
    return lab;
  }
}
