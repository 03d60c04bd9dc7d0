package org.umsrollout.workflows.inventory;

/**
 * A file an operator typed that cannot be used, shown as {@code file:line: field: problem}: the one
 * shape of every refusal of {@link StrictYaml} and of the checks of its callers.
 */
public class YamlFault extends RuntimeException {
  private final String source;
  private final int line;
  private final String field;
  private final String problem;

  public YamlFault(String source, int line, String field, String problem, Throwable cause) {
    super(format(source, line, field, problem), cause);
    this.source = source;
    this.line = line;
    this.field = field == null || field.isEmpty() ? null : field;
    this.problem = problem;
  }

  /** The same fault, as a caller's own type. */
  protected YamlFault(YamlFault fault) {
    this(fault.source, fault.line, fault.field, fault.problem, fault.getCause());
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

  /** What is wrong, without file, line and field. */
  public String problem() {
    return problem;
  }

  private static String format(String source, int line, String field, String problem) {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (field != null && !field.isEmpty()) {
      sb.append(field).append(": ");
    }
    return sb.append(problem).toString();
  }
}
