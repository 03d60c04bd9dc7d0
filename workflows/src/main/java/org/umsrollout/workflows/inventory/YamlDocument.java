package org.umsrollout.workflows.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An operator's file as written: the line where each field and list entry starts, keyed by its path
 * ({@code servers[1].host}), found by walking the parser's tokens. This is the one way lines are
 * found; a file that does not parse keeps the lines read before the fault.
 */
final class YamlDocument {
  private final String source;
  private final Map<String, Integer> byPath;

  private YamlDocument(String source, Map<String, Integer> byPath) {
    this.source = source;
    this.byPath = byPath;
  }

  static YamlDocument walk(JsonFactory factory, String text, String source) {
    Map<String, Integer> byPath = new HashMap<>();
    try (JsonParser p = factory.createParser(text)) {
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
    return new YamlDocument(source, byPath);
  }

  String source() {
    return source;
  }

  /** The line where {@code path} starts, or {@code fallback} where the file does not give it. */
  int lineOf(String path, int fallback) {
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

  /** A fault of the field at {@code path}, at its line. */
  YamlFault fault(String path, String problem) {
    return new YamlFault(source, lineOf(path, 0), path, problem, null);
  }

  /** A required field that is absent or empty, reported at its line or its mapping's. */
  YamlFault missing(String path, Throwable cause) {
    String parent = parent(path);
    int line = lineOf(path, lineOf(parent, 0));
    if (path.endsWith("]")) {
      return new YamlFault(source, line, path, "the list entry is empty", cause);
    }
    String name = path.substring(path.lastIndexOf('.') + 1);
    List<String> present = fieldsOf(parent);
    String found =
        present.isEmpty() || present.contains(name)
            ? ""
            : " (found here: " + String.join(", ", present) + ")";
    return new YamlFault(
        source, line, path, "missing required field '" + name + "'" + found, cause);
  }

  /**
   * The path of the mapping or list a field belongs to: {@code servers[1]} for {@code
   * servers[1].x}.
   */
  static String parent(String path) {
    int dot = path.lastIndexOf('.');
    int bracket = path.lastIndexOf('[');
    int cut = Math.max(dot, bracket);
    return cut < 0 ? "" : path.substring(0, cut);
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
