package org.umsrollout.activities.host.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.umsrollout.workflows.inventory.StrictYaml;
import org.umsrollout.workflows.inventory.YamlFault;

/**
 * Reads a {@link LocalHostConfig} from a YAML file with the reader of the inventory. Strict: an
 * unknown field is a typing mistake and is refused; every error names the file and, where known,
 * the line and the field, as {@code file:line: field: problem}.
 */
public final class LocalHostConfigLoader {

  /** A config file that cannot be used; the message names the file and the field. */
  public static final class LocalHostConfigException extends YamlFault {
    public LocalHostConfigException(String source, String problem, Throwable cause) {
      super(source, 0, null, problem, cause);
    }

    /** A fault the reader found, as the config's own. */
    public LocalHostConfigException(YamlFault fault) {
      super(fault);
    }
  }

  private LocalHostConfigLoader() {}

  public static LocalHostConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new LocalHostConfigException(file.toString(), "no such file", e);
    } catch (IOException e) {
      throw new LocalHostConfigException(
          file.toString(), "cannot be read: " + StrictYaml.messageOf(e), e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses the text of a config file; {@code source} names it in every error. The record's own
   * checks refuse with messages that begin with the field; they are passed on as they are.
   */
  public static LocalHostConfig parse(String yaml, String source) {
    try {
      return StrictYaml.read(yaml, source, LocalHostConfig.class);
    } catch (YamlFault fault) {
      throw new LocalHostConfigException(fault);
    }
  }
}
