package org.umsrollout.worker;

import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.workflows.inventory.InventoryParser;
import org.umsrollout.workflows.inventory.RolloutFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A simulated HA network for an inventory file, created in the inventory's database; with one host
 * agent per host in this process, or none ({@code --no-agents}) for {@code agent} processes.
 */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description = "Simulates the inventory's HA network and runs a host agent for each host.")
final class LabCommand implements Callable<Integer> {
  @Mixin ConnectionOptions temporal;

  @Option(names = "--inventory", required = true, description = "the inventory (YAML)")
  Path inventory;

  @Option(names = "--installed", defaultValue = "12.04.120", description = "version on the hosts")
  String installed;

  @Option(names = "--install-millis", defaultValue = "2000", description = "one install's time")
  long installMillis;

  @Option(names = "--orphan", description = "add an orphaned Network list entry for this host")
  String orphan;

  @Option(
      names = "--no-agents",
      description =
          "only create the lab in the inventory's database (an H2 file URL with AUTO_SERVER=TRUE"
              + " lets agent processes share it) and exit")
  boolean noAgents;

  @Override
  public Integer call() throws IOException, InterruptedException {
    RolloutFile file = InventoryParser.parse(Files.readString(inventory), inventory.toString());
    if (file.installer() == null) {
      throw new IllegalArgumentException(inventory + ": the lab needs an installer section");
    }
    Lab lab = LabSetup.create(file, installed, installMillis, orphan);
    if (noAgents) {
      System.out.println(
          "lab "
              + lab.site()
              + " created at "
              + lab.jdbcUrl()
              + " with hosts "
              + String.join(", ", lab.hostNames()));
      lab.close();
      return 0;
    }
    WorkerFactory factory = temporal.workerFactory();
    Workers.labAgents(factory, lab);
    System.out.println(
        "lab "
            + lab.site()
            + ": host agents for "
            + String.join(", ", lab.hostNames())
            + " polling "
            + temporal.address);
    Workers.runUntilStopped(factory, lab::close);
    return 0;
  }
}
