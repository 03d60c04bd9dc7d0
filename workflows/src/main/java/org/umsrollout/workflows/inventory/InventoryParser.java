package org.umsrollout.workflows.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.HostRef;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerSpec;
import org.umsrollout.workflows.model.UmsVersion;

/**
 * Reads an inventory file (YAML). Strict where the rollout's payloads are lenient: an unknown field
 * here is a typing mistake, so it is refused with file, line and field.
 */
public final class InventoryParser {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

  private InventoryParser() {}

  /** Parses the text of a file; {@code source} names it in every error. */
  public static RolloutFile parse(String yaml, String source) {
    if (yaml == null || yaml.isBlank()) {
      throw new InventoryException(source, 0, null, "the file is empty");
    }
    RolloutFile file;
    try {
      file =
          YAML.copy()
              .readerFor(RolloutFile.class)
              .without(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
              .readValue(yaml);
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
      throw new InventoryException(
          source, line(e), path(e), "unknown field '" + e.getPropertyName() + "'" + known);
    } catch (InvalidFormatException e) {
      throw new InventoryException(
          source,
          line(e),
          path(e),
          "'" + e.getValue() + "' is not a valid " + simpleType(e.getTargetType()));
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new InventoryException(source, line(e), path(e), cause.getMessage());
    } catch (MismatchedInputException e) {
      String message = e.getOriginalMessage();
      if (message.startsWith("Missing required creator property")) {
        String name = message.replaceAll(".*'([^']*)'.*", "$1");
        String where = path(e);
        throw new InventoryException(
            source,
            line(e),
            where == null || where.isEmpty() ? name : where,
            "missing required field '" + name + "'");
      }
      throw new InventoryException(
          source,
          line(e),
          path(e),
          "expected " + simpleType(e.getTargetType()) + ": " + firstLine(message));
    } catch (JsonMappingException e) {
      throw new InventoryException(source, line(e), path(e), firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new InventoryException(
          source, line(e), null, "not valid YAML: " + firstLine(e.getOriginalMessage()));
    }
    validate(file, source);
    return file;
  }

  private static void validate(RolloutFile file, String source) {
    if (file.site().isBlank()) {
      throw new InventoryException(source, 0, "site", "must not be empty");
    }
    if (!file.site().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new InventoryException(
          source, 0, "site", "'" + file.site() + "' may hold only letters, digits, '.', '_', '-'");
    }
    if (file.servers().isEmpty()) {
      throw new InventoryException(source, 0, "servers", "an HA network has at least one server");
    }
    Set<String> seen = new HashSet<>();
    List<HostRef> hosts = file.inventory().hosts();
    for (HostRef host : hosts) {
      if (host.host() == null || host.host().isBlank()) {
        throw new InventoryException(source, 0, "host", "a host name is empty");
      }
      if (!seen.add(host.host())) {
        throw new InventoryException(
            source, 0, "host", "host '" + host.host() + "' is listed more than once");
      }
    }
    for (ServerSpec s : file.servers()) {
      if (s.host().contains("/")) {
        throw new InventoryException(source, 0, "servers", "host '" + s.host() + "' has a '/'");
      }
    }
    if (file.targetVersion() != null && !UmsVersion.isValid(file.targetVersion())) {
      throw new InventoryException(
          source,
          0,
          "targetVersion",
          "'" + file.targetVersion() + "' is not a UMS version (Major.Minor.Build)");
    }
    if (file.installer() != null && !file.installer().sha256().matches("[0-9a-fA-F]{64}")) {
      throw new InventoryException(
          source, 0, "installer.sha256", "a SHA-256 is 64 hexadecimal digits");
    }
    Policy policy = file.policy();
    if (policy != null && policy.approvals() != null) {
      for (String gate : policy.approvals()) {
        if (Gate.byId(gate).isEmpty()) {
          throw new InventoryException(
              source,
              0,
              "policy.approvals",
              "unknown gate '" + gate + "' (known: " + Gate.knownIds() + ")");
        }
      }
    }
  }

  private static int line(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    return location == null ? 0 : location.getLineNr();
  }

  private static String path(JsonMappingException e) {
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

  private static String simpleType(Class<?> type) {
    if (type == null) {
      return "value";
    }
    if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      StringBuilder sb = new StringBuilder("one of ");
      for (int i = 0; i < constants.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(constants[i]);
      }
      return sb.toString();
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return type.getSimpleName();
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
