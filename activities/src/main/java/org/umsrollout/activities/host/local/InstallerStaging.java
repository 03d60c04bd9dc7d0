package org.umsrollout.activities.host.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.umsrollout.activities.central.Checksums;
import org.umsrollout.activities.host.InstallFailedException;
import org.umsrollout.activities.host.InstallerRefusedException;

/**
 * The agent decides what it runs. A rollout names an installer file; the agent accepts it only as
 * its {@link InstallerPolicy} allows, copies it into its own state directory ({@code rwx------}),
 * computes the checksum of that copy, and runs that copy: the file cannot change between the check
 * and the run. Everything else is refused, non-retryably, and recorded in {@code
 * refused-installers.log} in the state directory.
 */
final class InstallerStaging {
  private static final Logger log = LoggerFactory.getLogger(InstallerStaging.class);

  /** Longer names are refused before they are looked at. */
  static final int MAX_LENGTH = 1024;

  private final String host;
  private final InstallerPolicy policy;
  private final Path staged;
  private final Path refusals;

  InstallerStaging(String host, InstallerPolicy policy, Path stateDir) {
    this.host = host;
    this.policy = policy;
    this.staged = stateDir.resolve("installers");
    this.refusals = stateDir.resolve("refused-installers.log");
  }

  /**
   * P1: copies the named installer into the state directory and returns the checksum of the copy;
   * empty where the file is not there.
   */
  Optional<String> stage(String requested) {
    Path source = accept(requested, null, true);
    if (!present(requested, source, true)) {
      return Optional.empty();
    }
    Path copy = staged.resolve(source.getFileName().toString());
    try {
      Files.createDirectories(staged);
      if (posix()) {
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rwx------"));
      }
      Path part = staged.resolve(copy.getFileName() + ".part");
      Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
      if (posix()) {
        Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rwx------"));
      }
      Files.move(part, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      String sha256 = Checksums.sha256(copy);
      if (!allowed(sha256)) {
        Files.deleteIfExists(copy);
        throw notPinned(requested, sha256, true);
      }
      return Optional.of(sha256);
    } catch (IOException e) {
      throw new UncheckedIOException(
          host + ": cannot copy " + source + " into " + staged + ": " + e.getMessage(), e);
    }
  }

  /**
   * What {@link #stage} would answer, changing nothing: the policy's verdict and the checksum of
   * the file itself, not of a copy (for {@code agent check}).
   */
  Optional<String> check(String requested) {
    Path source = accept(requested, null, false);
    if (!present(requested, source, false)) {
      return Optional.empty();
    }
    try {
      String sha256 = Checksums.sha256(source);
      if (!allowed(sha256)) {
        throw notPinned(requested, sha256, false);
      }
      return Optional.of(sha256);
    } catch (IOException e) {
      throw new UncheckedIOException(host + ": cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  /** Whether the file is there; a link or a directory in its place is refused, never followed. */
  private boolean present(String requested, Path source, boolean record) {
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
      throw refuse(requested, "not a regular file (a link or a directory is never run)", record);
    }
    return true;
  }

  /**
   * Whether this host may run an installer with that checksum: any, unless checksums are pinned.
   */
  private boolean allowed(String sha256) {
    return policy.allowedSha256().isEmpty() || policy.allowedSha256().contains(sha256);
  }

  private InstallerRefusedException notPinned(String requested, String sha256, boolean record) {
    return refuse(
        requested,
        "its SHA-256 " + sha256 + " is not among installers.allowedSha256 of this host",
        record);
  }

  /**
   * The copy to run for {@code version}: the one {@link #stage} made and checked. Where the state
   * directory lost it, it is copied again now (and checked against the pinned checksums only).
   */
  Path staged(String requested, String version) {
    if (version == null || !InstallerPolicy.VERSION.matcher(version).matches()) {
      throw refuse(requested, "the version '" + shown(version) + "' is not Major.Minor.Build");
    }
    Path source = accept(requested, version, true);
    Path copy = staged.resolve(source.getFileName().toString());
    if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS) && stage(requested).isEmpty()) {
      throw new InstallFailedException(host + ": installer " + source + " missing", true);
    }
    return copy;
  }

  /** The file the rollout names, if this host's policy allows it; else the refusal. */
  private Path accept(String requested, String version, boolean record) {
    if (requested == null || requested.isEmpty()) {
      throw refuse(requested, "no installer named", record);
    }
    if (requested.length() > MAX_LENGTH) {
      throw refuse(requested, "longer than " + MAX_LENGTH + " characters", record);
    }
    if (policy == null) {
      throw refuse(
          requested,
          "installers.directory is not configured on this host, so its agent runs no installer");
    }
    Path path;
    try {
      path = Path.of(requested);
    } catch (InvalidPathException e) {
      throw refuse(requested, "not a path: " + e.getReason(), record);
    }
    Path directory = Path.of(policy.directory());
    if (path.getParent() == null) {
      path = directory.resolve(path);
    }
    if (!path.isAbsolute() || !path.normalize().equals(path)) {
      throw refuse(requested, "not an absolute path without '.' or '..'", record);
    }
    if (!directory.equals(path.getParent())) {
      throw refuse(requested, "not directly in " + directory + " (installers.directory)", record);
    }
    Matcher name = policy.fileNames().matcher(path.getFileName().toString());
    if (!name.matches()) {
      throw refuse(
          requested, "its name does not match " + policy.pattern() + " (installers.pattern)");
    }
    if (version != null && !name.group(1).equals(version)) {
      throw refuse(
          requested, "it is the installer of " + name.group(1) + ", not of " + version, record);
    }
    return path;
  }

  private InstallerRefusedException refuse(String requested, String why) {
    return refuse(requested, why, true);
  }

  private InstallerRefusedException refuse(String requested, String why, boolean record) {
    String message = host + ": installer '" + shown(requested) + "' refused: " + why;
    if (!record) {
      return new InstallerRefusedException(message);
    }
    log.warn("{}", message);
    try {
      Files.createDirectories(refusals.getParent());
      Files.writeString(
          refusals,
          Instant.now() + " " + message + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.warn("{}: cannot record the refusal in {}: {}", host, refusals, e.getMessage());
    }
    return new InstallerRefusedException(message);
  }

  /** A value from a rollout as a message may show it: bounded, control characters escaped. */
  static String shown(String value) {
    if (value == null) {
      return "null";
    }
    String cut = value.length() > 120 ? value.substring(0, 120) + "..." : value;
    StringBuilder out = new StringBuilder();
    cut.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
