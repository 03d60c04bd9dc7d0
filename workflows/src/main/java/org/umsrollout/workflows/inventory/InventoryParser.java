package org.umsrollout.workflows.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.umsrollout.workflows.model.BackupSpec;
import org.umsrollout.workflows.model.ComponentSpec;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Installer;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerSpec;
import org.umsrollout.workflows.model.UmsVersion;

/**
 * Reads an inventory file (YAML). Strict where the rollout's payloads are lenient: an unknown field
 * here is a typing mistake, so it is refused with file, line and field.
 */
public final class InventoryParser {
  private static final ObjectMapper YAML = StrictYaml.mapper();

  private static final Pattern YAML_LINE = Pattern.compile("line (\\d+), column \\d+");

  private InventoryParser() {}

  /** Parses the text of a file; {@code source} names it in every error. */
  public static RolloutFile parse(String yaml, String source) {
    if (yaml == null || yaml.isBlank()) {
      throw new InventoryException(source, 0, null, "the file is empty");
    }
    Lines lines = Lines.of(yaml);
    RolloutFile file;
    try {
      file = YAML.readValue(yaml, RolloutFile.class);
    } catch (UnrecognizedPropertyException e) {
      String where = parent(path(e));
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
          source,
          lines.at(path(e), line(e)),
          where.isEmpty() ? null : where,
          "unknown field '" + e.getPropertyName() + "'" + known);
    } catch (InvalidFormatException e) {
      throw new InventoryException(
          source,
          lines.at(path(e), line(e)),
          path(e),
          "'" + e.getValue() + "' is not " + describe(e.getTargetType()));
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String message =
          cause instanceof NullPointerException
              ? "a list holds an empty entry"
              : cause.getMessage();
      throw new InventoryException(source, lines.at(path(e), line(e)), path(e), message);
    } catch (MismatchedInputException e) {
      String message = e.getOriginalMessage();
      String where = path(e);
      if (message.startsWith("Missing required creator property")) {
        // The path ends with the missing field; the line is where its mapping begins.
        throw missing(source, lines, where);
      }
      if (where.isEmpty() && message.startsWith("No content to map")) {
        throw new InventoryException(source, 0, null, "the file is empty");
      }
      if (where.isEmpty()) {
        throw new InventoryException(
            source,
            line(e),
            null,
            "expected a mapping with site, database, servers and the optional fields at the top"
                + " of the file");
      }
      throw new InventoryException(
          source,
          lines.at(where, line(e)),
          where,
          "expected " + describe(e.getTargetType()) + found(message));
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof JsonProcessingException syntax
          && !(syntax instanceof JsonMappingException)) {
        throw notYaml(source, syntax);
      }
      throw new InventoryException(
          source, lines.at(path(e), line(e)), path(e), firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw notYaml(source, e);
    }
    if (file == null) {
      throw new InventoryException(source, 0, null, "the file is empty");
    }
    new Checks(file, source, lines).run();
    return file;
  }

  /** Checks what the types cannot say, each refusal with the line of the field at fault. */
  private record Checks(RolloutFile file, String source, Lines lines) {

    void run() {
      require(file.site(), "site");
      if (file.site().isBlank()) {
        throw fault("site", "must not be empty");
      }
      if (!file.site().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw fault("site", "'" + file.site() + "' may hold only letters, digits, '.', '_', '-'");
      }
      if (file.stage() != null
          && !file.stage().equals(Inventory.TEST)
          && !file.stage().equals(Inventory.PRODUCTION)) {
        throw fault("stage", "'" + file.stage() + "' is neither test nor production (T1)");
      }
      if (file.testSite() != null) {
        if (!file.testSite().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
          throw fault("testSite", "'" + file.testSite() + "' is not a site name");
        }
        if (file.testSite().equals(file.site())) {
          throw fault("testSite", "a site cannot be its own test installation (T1)");
        }
      }
      DatabaseSpec db = file.database();
      require(db, "database");
      require(db.kind(), "database.kind");
      require(db.jdbcUrl(), "database.jdbcUrl");
      BackupSpec backup = db.backup();
      if (backup != null) {
        noEmptyEntries(backup.command(), "database.backup.command");
        noEmptyEntries(backup.verifyCommand(), "database.backup.verifyCommand");
      }
      require(file.servers(), "servers");
      if (file.servers().size() < 2) {
        throw fault(
            "servers",
            "an HA network has two or more servers, so one serves while another is updated (S1);"
                + " this one lists "
                + file.servers().size());
      }
      Map<String, String> seen = new HashMap<>();
      for (int i = 0; i < file.servers().size(); i++) {
        ServerSpec server = file.servers().get(i);
        require(server, "servers[" + i + "]");
        host(server.host(), "servers[" + i + "].host", seen);
      }
      components(file.loadBalancers(), "loadBalancers", seen);
      components(file.consoles(), "consoles", seen);
      if (file.targetVersion() != null && !UmsVersion.isValid(file.targetVersion())) {
        throw fault(
            "targetVersion",
            "'"
                + file.targetVersion()
                + "' is not a UMS version (Major.Minor.Build, such as 12.05.100)");
      }
      Installer installer = file.installer();
      if (installer != null) {
        require(installer.path(), "installer.path");
        require(installer.sha256(), "installer.sha256");
        if (!installer.sha256().matches("[0-9a-fA-F]{64}")) {
          throw fault(
              "installer.sha256",
              "'"
                  + installer.sha256()
                  + "' is not a SHA-256: that is 64 hexadecimal digits ("
                  + installer.sha256().length()
                  + " given)");
        }
      }
      policy(file.policy());
    }

    private void components(List<ComponentSpec> list, String name, Map<String, String> seen) {
      if (list == null) {
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        require(list.get(i), name + "[" + i + "]");
        host(list.get(i).host(), name + "[" + i + "].host", seen);
      }
    }

    private void host(String host, String path, Map<String, String> seen) {
      require(host, path);
      if (host.isBlank()) {
        throw fault(path, "a host name is empty");
      }
      if (!host.matches("[A-Za-z0-9][A-Za-z0-9._:-]*")) {
        throw fault(
            path, "'" + host + "' is not a host name (letters, digits, '.', '-', ':' only)");
      }
      String first = seen.putIfAbsent(host.toLowerCase(Locale.ROOT), path);
      if (first != null) {
        throw fault(
            path,
            "host '"
                + host
                + "' is listed more than once (also at "
                + first
                + lineSuffix(first)
                + "); list each host once, with a server that has a load balancer beside it"
                + " as servers[].loadBalancer: true");
      }
    }

    private void policy(Policy policy) {
      if (policy == null) {
        return;
      }
      if (policy.approvals() != null) {
        for (int i = 0; i < policy.approvals().size(); i++) {
          String gate = policy.approvals().get(i);
          String path = "policy.approvals[" + i + "]";
          require(gate, path);
          if (Gate.byId(gate).isEmpty()) {
            throw fault(path, "unknown gate '" + gate + "' (known: " + Gate.knownIds() + ")");
          }
        }
      }
      positive(policy.installTimeoutSeconds(), "policy.installTimeoutSeconds");
      positive(policy.heartbeatTimeoutSeconds(), "policy.heartbeatTimeoutSeconds");
      positive(policy.hostCallTimeoutSeconds(), "policy.hostCallTimeoutSeconds");
      positive(policy.maxAttempts(), "policy.maxAttempts");
      positive(policy.maxClockSkewSeconds(), "policy.maxClockSkewSeconds");
      positive(policy.freezeAlertSeconds(), "policy.freezeAlertSeconds");
      positive(policy.agentPickupSeconds(), "policy.agentPickupSeconds");
      positive(policy.reconnectWaitSeconds(), "policy.reconnectWaitSeconds");
      positive(policy.recheckAfterSeconds(), "policy.recheckAfterSeconds");
    }

    private void positive(Integer value, String path) {
      if (value != null && value <= 0) {
        throw fault(path, "must be greater than 0 (" + value + " given)");
      }
    }

    private void noEmptyEntries(List<String> list, String path) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) == null) {
          throw fault(path + "[" + i + "]", "an entry is empty");
        }
      }
    }

    private void require(Object value, String path) {
      if (value == null) {
        throw missing(source, lines, path);
      }
    }

    private InventoryException fault(String path, String message) {
      return new InventoryException(source, lines.at(path, 0), path, message);
    }

    private String lineSuffix(String path) {
      int line = lines.at(path, 0);
      return line > 0 ? ", line " + line : "";
    }
  }

  private static InventoryException notYaml(String source, JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    // SnakeYAML's own position of the problem is the last one it names; Jackson's may be earlier.
    Matcher m = YAML_LINE.matcher(message);
    int line = line(e);
    while (m.find()) {
      line = Integer.parseInt(m.group(1));
    }
    return new InventoryException(source, line, null, "not valid YAML: " + yamlProblem(message));
  }

  /** A required field that is absent or empty, reported at its line or its mapping's. */
  private static InventoryException missing(String source, Lines lines, String path) {
    String name = path.substring(path.lastIndexOf('.') + 1);
    String parent = parent(path);
    if (path.endsWith("]")) {
      return new InventoryException(
          source, lines.at(path, lines.at(parent, 0)), path, "the list entry is empty");
    }
    int line = lines.at(path, lines.at(parent, 0));
    List<String> present = lines.fieldsOf(parent);
    String found =
        present.isEmpty() || present.contains(name)
            ? ""
            : " (found here: " + String.join(", ", present) + ")";
    return new InventoryException(
        source, line, path, "missing required field '" + name + "'" + found);
  }

  /**
   * The line where each field and list entry starts, keyed by its path ({@code servers[1].host}).
   * YAML that does not parse keeps the lines read before the fault.
   */
  private record Lines(Map<String, Integer> byPath) {

    static Lines of(String yaml) {
      Map<String, Integer> byPath = new HashMap<>();
      try (JsonParser p = YAML.getFactory().createParser(yaml)) {
        JsonToken token;
        while ((token = p.nextToken()) != null) {
          JsonStreamContext ctx = p.getParsingContext();
          if (token.isStructStart()) {
            ctx = ctx.getParent();
          }
          if (token.isStructEnd()) {
            continue;
          }
          byPath.putIfAbsent(pathOf(ctx), p.currentTokenLocation().getLineNr());
        }
      } catch (IOException | RuntimeException e) {
        // The binder reports the fault itself; the lines read so far still serve.
      }
      return new Lines(byPath);
    }

    int at(String path, int fallback) {
      Integer line = byPath.get(path == null ? "" : path);
      return line == null || line <= 0 ? fallback : line;
    }

    /** The names of the fields the file gives in the mapping at {@code path}, sorted. */
    List<String> fieldsOf(String path) {
      String prefix = path.isEmpty() ? "" : path + ".";
      return byPath.keySet().stream()
          .filter(k -> k.startsWith(prefix) && k.length() > prefix.length())
          .map(k -> k.substring(prefix.length()))
          .filter(k -> !k.contains(".") && !k.contains("["))
          .sorted()
          .toList();
    }

    private static String pathOf(JsonStreamContext ctx) {
      if (ctx == null || ctx.inRoot()) {
        return "";
      }
      String parent = pathOf(ctx.getParent());
      if (ctx.inArray()) {
        return parent + "[" + Math.max(ctx.getCurrentIndex(), 0) + "]";
      }
      String name = ctx.getCurrentName();
      if (name == null) {
        return parent;
      }
      return parent.isEmpty() ? name : parent + "." + name;
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

  /** The path of the mapping a field belongs to: {@code servers[1]} for {@code servers[1].x}. */
  private static String parent(String path) {
    int dot = path.lastIndexOf('.');
    int bracket = path.lastIndexOf('[');
    int cut = Math.max(dot, bracket);
    if (cut < 0) {
      return "";
    }
    return cut == dot ? path.substring(0, dot) : path.substring(0, bracket);
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "a valid value";
    }
    if (type.isEnum()) {
      return "allowed here; allowed: "
          + Arrays.stream(type.getEnumConstants())
              .map(c -> c.toString().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
    }
    if (List.class.isAssignableFrom(type)) {
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
    return "a " + type.getSimpleName();
  }

  /** SnakeYAML's message without the indented position, snippet and caret lines. */
  private static String yamlProblem(String message) {
    if (message == null) {
      return "";
    }
    return message
        .lines()
        .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
        .collect(Collectors.joining("; "));
  }

  /** What Jackson found instead, in the file's words rather than Jackson's token names. */
  private static String found(String message) {
    if (message.contains("from Array value")) {
      return ", found a list";
    }
    if (message.contains("from Object value")) {
      return ", found a mapping";
    }
    if (message.contains("from String value")) {
      return ", found text";
    }
    return ": " + firstLine(message);
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
