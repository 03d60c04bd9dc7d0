package org.umsrollout.workflows.inventory;

/** A rollout file that cannot be used, with the file, line and field at fault in the message. */
public class InventoryException extends RuntimeException {
  private final String source;
  private final int line;
  private final String field;

  public InventoryException(String source, int line, String field, String message) {
    super(format(source, line, field, message));
    this.source = source;
    this.line = line;
    this.field = field;
  }

  public String source() {
    return source;
  }

  /** The line in the file (1-based), or 0 where none applies. */
  public int line() {
    return line;
  }

  /** The path of the field at fault, such as {@code servers[1].host}, or null. */
  public String field() {
    return field;
  }

  private static String format(String source, int line, String field, String message) {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (field != null && !field.isEmpty()) {
      sb.append(field).append(": ");
    }
    return sb.append(message).toString();
  }
}
