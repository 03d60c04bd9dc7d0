package org.umsrollout.worker;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The log format of a worker process: lines of text (the default, {@code logback.xml}) or one JSON
 * object per line ({@code logback-json.xml}), chosen by the environment variable {@code
 * UMS_LOG_FORMAT} ({@code text} or {@code json}).
 */
final class LogFormat {
  static final String VARIABLE = "UMS_LOG_FORMAT";

  private LogFormat() {}

  /** Applies the format {@code UMS_LOG_FORMAT} names; refuses one it does not know. */
  static void fromEnvironment() {
    String format = System.getenv(VARIABLE);
    if (format != null && !format.isBlank()) {
      use(format);
    }
  }

  /** Reconfigures Logback for {@code format}: text or json. */
  static void use(String format) {
    String resource =
        switch (format.trim().toLowerCase(Locale.ROOT)) {
          case "json" -> "/logback-json.xml";
          case "text" -> "/logback.xml";
          default ->
              throw new IllegalArgumentException(
                  VARIABLE + "='" + format + "' is neither text nor json");
        };
    configure(LogFormat.class.getResource(resource));
  }

  /** Replaces Logback's configuration with the one at {@code config}. */
  static void configure(URL config) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure logging from " + config, e);
    }
  }
}
