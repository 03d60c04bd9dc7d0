package org.umsrollout.workflows.inventory;

/** A rollout file that cannot be used, with the file, line and field at fault in the message. */
public class InventoryException extends YamlFault {

  public InventoryException(String source, int line, String field, String message) {
    super(source, line, field, message, null);
  }

  /** A fault the reader found, as the inventory's own. */
  public InventoryException(YamlFault fault) {
    super(fault);
  }
}
