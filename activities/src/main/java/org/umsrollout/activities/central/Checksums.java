package org.umsrollout.activities.central;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.file.Path;

/** SHA-256 of files, as installers and backups are identified by. */
public final class Checksums {
  private Checksums() {}

  public static String sha256(Path file) throws IOException {
    return MoreFiles.asByteSource(file).hash(Hashing.sha256()).toString();
  }
}
