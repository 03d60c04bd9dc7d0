package org.umsrollout.workflows.inventory;

/**
 * Reads an inventory file (YAML). Strict where the rollout's payloads are lenient: an unknown field
 * here is a typing mistake, so it is refused with file, line and field.
 */
public final class InventoryParser {
  private InventoryParser() {}

  /** Parses the text of a file; {@code source} names it in every error. */
  public static RolloutFile parse(String yaml, String source) {
    StrictYaml.Parsed<RolloutFile> read;
    try {
      read = StrictYaml.parse(yaml, source, RolloutFile.class);
    } catch (YamlFault fault) {
      throw new InventoryException(fault);
    }
    new InventoryChecks(read.value(), read.document()).run();
    return read.value();
  }
}
