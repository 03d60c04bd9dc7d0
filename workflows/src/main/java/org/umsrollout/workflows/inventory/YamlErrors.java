package org.umsrollout.workflows.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Jackson's and SnakeYAML's refusals in the words of the file: the one place they are translated,
 * from the exceptions' types and structured data (path, location, target type, value, the token the
 * parser stood on, SnakeYAML's problem and mark), never from their message text. Where an exception
 * has nothing structured to say, its message is passed on as it is.
 */
final class YamlErrors {
  private YamlErrors() {}

  static YamlFault translate(
      JsonProcessingException e,
      YamlDocument document,
      DeserializationConfig config,
      Class<?> type) {
    JsonProcessingException syntax = parseFault(e);
    if (syntax != null || !(e instanceof JsonMappingException m)) {
      return notYaml(document.source(), syntax == null ? e : syntax);
    }
    String path = pathOf(m);
    int line = document.lineOf(path, line(m));
    if (m instanceof UnrecognizedPropertyException u) {
      return new YamlFault(
          document.source(),
          line,
          YamlDocument.parent(path),
          "unknown field '" + u.getPropertyName() + "'" + known(u.getKnownPropertyIds()),
          u);
    }
    if (m instanceof InvalidFormatException f) {
      return new YamlFault(
          document.source(),
          line,
          path,
          "'"
              + f.getValue()
              + (enumType(f.getTargetType())
                  ? "' is not allowed here; allowed: " + constants(f.getTargetType())
                  : "' is not " + describe(f.getTargetType())),
          f);
    }
    if (m instanceof ValueInstantiationException v) {
      // The record's own checks refused what it was given; their message is theirs.
      Throwable cause = v.getCause() == null ? v : v.getCause();
      String problem =
          cause instanceof NullPointerException
              ? "a list holds an empty entry"
              : StrictYaml.messageOf(cause);
      return new YamlFault(document.source(), line, path, problem, v);
    }
    if (m instanceof MismatchedInputException mi) {
      JsonToken at = tokenOf(mi);
      if (at == JsonToken.END_OBJECT && endsWithField(mi)) {
        // The mapping ended without a field the type requires; the path ends with that field.
        return document.missing(path, mi);
      }
      if (path.isEmpty()) {
        return new YamlFault(document.source(), line(mi), null, topLevel(config, type), mi);
      }
      String found = found(at);
      return new YamlFault(
          document.source(),
          line,
          path,
          "expected "
              + describe(mi.getTargetType())
              + (found == null ? ": " + StrictYaml.messageOf(mi) : ", found " + found),
          mi);
    }
    return new YamlFault(document.source(), line, path, StrictYaml.messageOf(m), m);
  }

  /** The fault of the text itself, where the binder only passed on the parser's. */
  private static JsonProcessingException parseFault(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException p && !(p instanceof JsonMappingException)) {
        return p;
      }
    }
    return null;
  }

  private static YamlFault notYaml(String source, JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
        String problem =
            marked.getContext() == null
                ? marked.getProblem()
                : marked.getContext() + "; " + marked.getProblem();
        return new YamlFault(
            source, marked.getProblemMark().getLine() + 1, null, "not valid YAML: " + problem, e);
      }
    }
    return new YamlFault(source, line(e), null, "not valid YAML: " + StrictYaml.messageOf(e), e);
  }

  private static JsonToken tokenOf(JsonProcessingException e) {
    return e.getProcessor() instanceof JsonParser p ? p.currentToken() : null;
  }

  private static boolean endsWithField(JsonMappingException e) {
    List<JsonMappingException.Reference> path = e.getPath();
    return !path.isEmpty() && path.get(path.size() - 1).getFieldName() != null;
  }

  /** What the parser stood on, in the file's words, or null where that says nothing. */
  private static String found(JsonToken token) {
    if (token == null) {
      return null;
    }
    return switch (token) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "a mapping";
      case VALUE_STRING -> "text";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "true or false";
      default -> null;
    };
  }

  private static String topLevel(DeserializationConfig config, Class<?> type) {
    List<String> required =
        config.introspect(config.constructType(type)).findProperties().stream()
            .filter(BeanPropertyDefinition::isRequired)
            .map(BeanPropertyDefinition::getName)
            .toList();
    return required.isEmpty()
        ? "expected a mapping of fields at the top of the file"
        : "expected a mapping with "
            + String.join(", ", required)
            + " and the optional fields at the top of the file";
  }

  private static String known(Collection<Object> ids) {
    if (ids == null) {
      return "";
    }
    return " (known here: "
        + ids.stream().map(Object::toString).sorted().collect(Collectors.joining(", "))
        + ")";
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "a valid value";
    }
    if (enumType(type)) {
      return "one of " + constants(type);
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a single value";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping";
    }
    return "a " + type.getSimpleName();
  }

  private static boolean enumType(Class<?> type) {
    return type != null && type.isEnum();
  }

  private static String constants(Class<?> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(c -> c.toString().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  /** The path Jackson refused at, as the file names it: {@code servers[1].host}. */
  private static String pathOf(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      }
    }
    return sb.toString();
  }

  private static int line(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    return location == null ? 0 : location.getLineNr();
  }
}
