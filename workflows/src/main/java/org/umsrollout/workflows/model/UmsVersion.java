package org.umsrollout.workflows.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A UMS version such as {@code 12.05.100}: Major.Minor.Build. The database schema version is the
 * Major.Minor part ({@code 12.05} for every {@code 12.05.x}).
 */
public final class UmsVersion implements Comparable<UmsVersion> {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,5})");

  private final int major;
  private final int minor;
  private final int build;

  private UmsVersion(int major, int minor, int build) {
    this.major = major;
    this.minor = minor;
    this.build = build;
  }

  /** Parses {@code Major.Minor.Build}; anything else is refused with the text it was given. */
  @JsonCreator
  public static UmsVersion parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no UMS version given (expected Major.Minor.Build)");
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a UMS version (expected Major.Minor.Build, e.g. 12.05.100)");
    }
    return new UmsVersion(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  public static boolean isValid(String text) {
    return text != null && FORMAT.matcher(text.trim()).matches();
  }

  public int major() {
    return major;
  }

  public int minor() {
    return minor;
  }

  public int build() {
    return build;
  }

  /** The schema version this release runs on: Major.Minor, written as the vendor does. */
  public String schemaVersion() {
    return String.format("%d.%02d", major, minor);
  }

  public boolean sameMajorMinor(UmsVersion other) {
    return major == other.major && minor == other.minor;
  }

  public boolean isOlderThan(UmsVersion other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(UmsVersion o) {
    if (major != o.major) {
      return Integer.compare(major, o.major);
    }
    if (minor != o.minor) {
      return Integer.compare(minor, o.minor);
    }
    return Integer.compare(build, o.build);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UmsVersion v && v.major == major && v.minor == minor && v.build == build;
  }

  @Override
  public int hashCode() {
    return Objects.hash(major, minor, build);
  }

  @JsonValue
  @Override
  public String toString() {
    return String.format("%d.%02d.%d", major, minor, build);
  }
}
