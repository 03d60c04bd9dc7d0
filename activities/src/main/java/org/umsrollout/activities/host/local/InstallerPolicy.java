package org.umsrollout.activities.host.local;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which installer files the agent runs, whatever a rollout names (least authority): only a file
 * directly in {@code directory} whose name is {@code pattern} with a version put in for {@code
 * {version}}, and, where {@code allowedSha256} is not empty, only one with a listed checksum. The
 * rollout names the file; this configuration, on the host, decides whether it runs.
 *
 * @param directory the directory the installers are put in, an absolute path
 * @param pattern the file name, with {@code {version}} once; default {@code
 *     setup-igel-ums-linux_{version}.bin} (Windows: {@code setup-igel-ums-windows_{version}.exe})
 * @param allowedSha256 optional: the SHA-256 of every installer this host may run
 */
public record InstallerPolicy(String directory, String pattern, List<String> allowedSha256) {
  /** A UMS version as the installer's file name carries it: Major.Minor.Build. */
  static final Pattern VERSION = Pattern.compile("\\d{1,4}\\.\\d{1,4}\\.\\d{1,6}");

  static final String LINUX_PATTERN = "setup-igel-ums-linux_{version}.bin";
  static final String WINDOWS_PATTERN = "setup-igel-ums-windows_{version}.exe";

  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  public InstallerPolicy {
    if (directory == null || directory.isBlank()) {
      throw new IllegalArgumentException(
          "installers.directory: missing; the agent runs installers from that directory only");
    }
    if (pattern != null) {
      checkPattern(pattern);
    }
    allowedSha256 =
        allowedSha256 == null
            ? List.of()
            : allowedSha256.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    for (String sha : allowedSha256) {
      if (!SHA256.matcher(sha).matches()) {
        throw new IllegalArgumentException(
            "installers.allowedSha256: '" + sha + "' is not a SHA-256 (64 hex digits)");
      }
    }
  }

  /** This policy with the platform's default pattern where none is set. */
  InstallerPolicy withDefaults(LocalHostConfig.Platform platform) {
    if (pattern != null) {
      return this;
    }
    return new InstallerPolicy(
        directory,
        platform == LocalHostConfig.Platform.WINDOWS ? WINDOWS_PATTERN : LINUX_PATTERN,
        allowedSha256);
  }

  /** The pattern as a regular expression of file names, the version its group 1. */
  Pattern fileNames() {
    int at = pattern.indexOf(LocalHostConfig.VERSION);
    return Pattern.compile(
        Pattern.quote(pattern.substring(0, at))
            + "("
            + VERSION.pattern()
            + ")"
            + Pattern.quote(pattern.substring(at + LocalHostConfig.VERSION.length())));
  }

  private static void checkPattern(String pattern) {
    int at = pattern.indexOf(LocalHostConfig.VERSION);
    if (at < 0 || pattern.indexOf(LocalHostConfig.VERSION, at + 1) >= 0) {
      throw new IllegalArgumentException(
          "installers.pattern: '" + pattern + "' must hold {version} exactly once");
    }
    String rest = pattern.replace(LocalHostConfig.VERSION, "");
    if (!rest.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "installers.pattern: '"
              + pattern
              + "' may hold only letters, digits, '.', '_' and '-' besides {version}");
    }
  }
}
