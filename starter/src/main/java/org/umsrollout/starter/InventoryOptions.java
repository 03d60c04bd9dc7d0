package org.umsrollout.starter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.umsrollout.workflows.inventory.InventoryException;
import org.umsrollout.workflows.inventory.InventoryParser;
import org.umsrollout.workflows.inventory.RolloutFile;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.Installer;
import org.umsrollout.workflows.model.UmsVersion;
import picocli.CommandLine.Option;

/** The inventory file and what the command line overrides in it: what start and plan read. */
final class InventoryOptions {

  // --version below is the target UMS version, so the commands with these options cannot have
  // picocli's standard help options (-V/--version would clash, and picocli then drops -h too).
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

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
  RolloutRequest request(String requestedBy) {
    RolloutFile file = read();
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
        file.inventory(),
        UmsVersion.parse(target).toString(),
        installer,
        file.policy(),
        requestedBy);
  }
}
