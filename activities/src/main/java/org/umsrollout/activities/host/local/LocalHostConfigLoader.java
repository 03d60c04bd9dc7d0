package org.umsrollout.activities.host.local;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.umsrollout.workflows.inventory.StrictYaml;

/**
 * Reads a {@link LocalHostConfig} from a YAML file. Strict: an unknown field is a typing mistake
 * and is refused; every error names the file, the field and, where known, the line.
 */
public final class LocalHostConfigLoader {
  private static final ObjectMapper YAML = StrictYaml.mapper();

  /** A config file that cannot be used; the message names the file and the field. */
  public static final class LocalHostConfigException extends RuntimeException {
    public LocalHostConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private LocalHostConfigLoader() {}

  public static LocalHostConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new LocalHostConfigException(file + ": no such file", e);
    } catch (IOException e) {
      throw new LocalHostConfigException(file + ": cannot be read: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses the text of a config file; {@code source} names it in every error. */
  public static LocalHostConfig parse(String yaml, String source) {
    if (yaml == null || yaml.isBlank()) {
      throw new LocalHostConfigException(source + ": the file is empty", null);
    }
    try {
      return YAML.readValue(yaml, LocalHostConfig.class);
    } catch (UnrecognizedPropertyException e) {
      String known =
          e.getKnownPropertyIds() == null
              ? ""
              : " (known here: "
                  + e.getKnownPropertyIds().stream()
                      .map(Object::toString)
                      .sorted()
                      .collect(Collectors.joining(", "))
                  + ")";
      String parent = parent(path(e));
      throw fail(
          source,
          lineOf(yaml, e.getPropertyName(), e),
          e,
          (parent.isEmpty() ? "" : parent + ": ")
              + "unknown field '"
              + e.getPropertyName()
              + "'"
              + known);
    } catch (InvalidFormatException e) {
      throw fail(source, e, path(e) + ": '" + e.getValue() + "' is not a valid value");
    } catch (ValueInstantiationException e) {
      // The record's own checks: their messages begin with the field.
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String where = parent(path(e));
      throw fail(source, e, (where.isEmpty() ? "" : where + ".") + cause.getMessage());
    } catch (JsonMappingException e) {
      String where = path(e);
      throw fail(source, e, (where.isEmpty() ? "" : where + ": ") + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw fail(source, e, "not valid YAML: " + e.getOriginalMessage());
    }
  }

  private static LocalHostConfigException fail(
      String source, JsonProcessingException e, String message) {
    JsonLocation at = e.getLocation();
    return fail(source, at == null ? 0 : at.getLineNr(), e, message);
  }

  private static LocalHostConfigException fail(
      String source, int line, JsonProcessingException e, String message) {
    return new LocalHostConfigException(
        source + (line <= 0 ? "" : " line " + line) + ": " + message, e);
  }

  /**
   * The line where {@code field} is written. Records are read through their constructor, so Jackson
   * reports an unknown field where the mapping ends, not where the field is.
   */
  private static int lineOf(String yaml, String field, JsonProcessingException e) {
    Pattern key =
        Pattern.compile(
            "^\\s*(- )?[\"']?" + Pattern.quote(field) + "[\"']?\\s*:", Pattern.MULTILINE);
    Matcher m = key.matcher(yaml);
    if (m.find()) {
      return (int) yaml.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
    }
    return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
  }

  private static String path(DatabindException e) {
    if (!(e instanceof JsonMappingException m)) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String parent(String path) {
    int dot = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return dot < 0 ? "" : path.substring(0, dot);
  }
}
