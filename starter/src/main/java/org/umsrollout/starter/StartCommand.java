package org.umsrollout.starter;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.umsrollout.workflows.command.RolloutRequest;
import org.umsrollout.workflows.inventory.InventoryException;
import org.umsrollout.workflows.inventory.InventoryParser;
import org.umsrollout.workflows.inventory.RolloutFile;
import org.umsrollout.workflows.model.Installer;
import org.umsrollout.workflows.model.UmsVersion;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.temporal.RolloutIds;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;
import org.umsrollout.workflows.temporal.TaskQueues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the rollout of one HA network, described by an inventory file (YAML).",
      "One rollout a site runs at a time: a second start for a running site is refused."
    })
class StartCommand extends RolloutCommand {

  @Option(names = "--inventory", required = true, paramLabel = "FILE", description = "Inventory.")
  Path inventory;

  @Option(
      names = "--version",
      paramLabel = "X.Y.Z",
      description = "Target UMS version; overrides the file's targetVersion.")
  String version;

  @Option(
      names = "--installer",
      paramLabel = "PATH",
      description = "Installer path on every host; overrides the file's (needs --sha256).")
  String installerPath;

  @Option(
      names = "--sha256",
      paramLabel = "HEX",
      description = "SHA-256 of the installer given with --installer.")
  String sha256;

  @Option(
      names = "--by",
      defaultValue = "${sys:user.name}",
      description = "Who submits the rollout (default: ${DEFAULT-VALUE}).")
  String by;

  @Override
  public Integer call() {
    RolloutRequest request = request(read());
    String site = request.inventory().site();
    String id = RolloutIds.workflowId(site);
    WorkflowClient client = client();
    RolloutWorkflow rollout = client.newWorkflowStub(RolloutWorkflow.class, options(id, request));
    WorkflowExecution execution;
    try {
      execution = WorkflowClient.start(rollout::run, request);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw CliException.failed(
          "a rollout for site "
              + site
              + " is already running (workflow id "
              + id
              + ", run id "
              + e.getExecution().getRunId()
              + "); follow it with: umsrollout watch --site "
              + site
              + ", or abort it first");
    }
    out()
        .printf(
            "started the rollout of site %s to %s%n  workflow id %s%n  run id      %s%n"
                + "follow it with:  umsrollout watch --site %s%n"
                + "status:          umsrollout status --site %s%n",
            site, request.targetVersion(), id, execution.getRunId(), site, site);
    return ExitCodes.OK;
  }

  RolloutFile read() {
    String text;
    try {
      text = Files.readString(inventory);
    } catch (NoSuchFileException e) {
      throw CliException.refused("inventory file not found: " + inventory);
    } catch (IOException e) {
      throw CliException.refused("cannot read inventory file " + inventory + ": " + e);
    }
    try {
      return InventoryParser.parse(text, inventory.toString());
    } catch (InventoryException e) {
      throw CliException.refused(e.getMessage());
    }
  }

  /** The file's request, with what the command line gives taking precedence. */
  RolloutRequest request(RolloutFile file) {
    String target = version != null ? version : file.targetVersion();
    if (target == null) {
      throw CliException.refused(
          "no target version: give --version X.Y.Z or set targetVersion in " + inventory);
    }
    if (!UmsVersion.isValid(target)) {
      throw CliException.refused(
          "'" + target + "' is not a UMS version (expected Major.Minor.Build, e.g. 12.05.100)");
    }
    Installer installer = file.installer();
    if (installerPath != null || sha256 != null) {
      if (installerPath == null || sha256 == null) {
        throw CliException.refused("--installer and --sha256 go together: give both");
      }
      if (!sha256.matches("[0-9a-fA-F]{64}")) {
        throw CliException.refused("--sha256: a SHA-256 is 64 hexadecimal digits");
      }
      installer = new Installer(installerPath, sha256);
    }
    if (installer == null) {
      throw CliException.refused(
          "no installer: give --installer PATH --sha256 HEX or set installer in " + inventory);
    }
    return new RolloutRequest(
        file.inventory(), UmsVersion.parse(target).toString(), installer, file.policy(), by);
  }

  private static WorkflowOptions options(String id, RolloutRequest request) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(TaskQueues.ORCHESTRATOR)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder()
                .set(RolloutSearchAttributes.SITE, request.inventory().site())
                .set(RolloutSearchAttributes.TARGET_VERSION, request.targetVersion())
                .set(RolloutSearchAttributes.PHASE, Phase.SUBMITTED.name())
                .build())
        .build();
  }
}
