package org.umsrollout.workflows.temporal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * The one data converter every worker, agent and client uses. It tolerates unknown fields, so an
 * older worker still reads a payload a newer one wrote during a rolling deploy.
 */
public final class DataConverters {
  private static final DataConverter INSTANCE = create();

  private DataConverters() {}

  public static DataConverter rollout() {
    return INSTANCE;
  }

  public static ObjectMapper objectMapper() {
    return JacksonJsonPayloadConverter.newDefaultObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  private static DataConverter create() {
    return DefaultDataConverter.newDefaultInstance()
        .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(objectMapper()));
  }
}
