package org.umsrollout.worker;

/** {@link LogFormat} for tests in other packages, and the way back to the tests' own logging. */
public final class LogFormatForTests {
  /** The environment variable that chooses the format. */
  public static final String VARIABLE = LogFormat.VARIABLE;

  private LogFormatForTests() {}

  public static void use(String format) {
    LogFormat.use(format);
  }

  public static void restoreTestConfiguration() {
    LogFormat.configure(LogFormatForTests.class.getResource("/logback-test.xml"));
  }
}
