package org.umsrollout.workflows.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The reader of every file an operator types (inventories, host agent configs): an unknown or
 * doubled field is a typing mistake and is refused, where the payloads that cross Temporal are
 * lenient. Every refusal is a {@link YamlFault} naming the file, the line and the field.
 */
public final class StrictYaml {
  private static final ObjectMapper MAPPER = mapper();

  private StrictYaml() {}

  /** The value {@code text} holds, as a {@code type}; {@code source} names the file in faults. */
  public static <T> T read(String text, String source, Class<T> type) {
    return parse(text, source, type).value();
  }

  /** The value with the lines of its fields, for checks of the caller's own. */
  static <T> Parsed<T> parse(String text, String source, Class<T> type) {
    if (text == null || text.isBlank()) {
      throw empty(source);
    }
    YamlDocument document = YamlDocument.walk(MAPPER.getFactory(), text, source);
    try (JsonParser p = MAPPER.createParser(text)) {
      return new Parsed<>(bind(p, type, document), document);
    } catch (IOException e) {
      // A string is read without I/O; a fault of the text itself is translated in bind.
      throw new UncheckedIOException(e);
    }
  }

  /** A value read with the document it came from. */
  record Parsed<T>(T value, YamlDocument document) {}

  /**
   * The message of an exception, as it is: the one place these readers take one, to pass it on
   * where the exception has nothing structured to say.
   */
  public static String messageOf(Throwable e) {
    String message =
        e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** Binds while the parser is open, so that a fault can still be asked where it stood. */
  private static <T> T bind(JsonParser p, Class<T> type, YamlDocument document) throws IOException {
    try {
      if (p.nextToken() == null) {
        throw empty(document.source());
      }
      T value = MAPPER.readValue(p, type);
      if (value == null) {
        throw empty(document.source());
      }
      if (p.nextToken() != null) {
        throw new YamlFault(
            document.source(),
            p.currentTokenLocation().getLineNr(),
            null,
            "a second YAML document begins here; the file holds one",
            null);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw YamlErrors.translate(e, document, MAPPER.getDeserializationConfig(), type);
    }
  }

  private static YamlFault empty(String source) {
    return new YamlFault(source, 0, null, "the file is empty", null);
  }

  private static ObjectMapper mapper() {
    return YAMLMapper.builder(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
        .annotationIntrospector(new StrictIntrospector())
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        // A second document is refused by bind, at its line, rather than by the binder.
        .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        // "kind:" with nothing after it is a missing value, not an empty one.
        .withCoercionConfigDefaults(
            c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsNull))
        .build();
  }

  /**
   * The model records tolerate unknown fields, as every payload that crosses Temporal must; a file
   * an operator typed must not, so it is read as if they did not.
   */
  private static final class StrictIntrospector extends JacksonAnnotationIntrospector {
    @Override
    public JsonIgnoreProperties.Value findPropertyIgnoralByName(
        MapperConfig<?> config, Annotated a) {
      return super.findPropertyIgnoralByName(config, a).withoutIgnoreUnknown();
    }
  }
}
