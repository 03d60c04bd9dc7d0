package org.umsrollout.workflows.archfixture;

import java.io.File;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/** Breaks every workflow-code rule once, so ArchitectureTest can show its rules bite. */
@SuppressWarnings("unused")
final class ForbiddenInWorkflowCode {
  long clock() {
    return System.currentTimeMillis() + System.nanoTime() + Instant.now().toEpochMilli();
  }

  String random() {
    return new Random().nextInt() + UUID.randomUUID().toString();
  }

  void sleep() throws InterruptedException {
    Thread.sleep(1);
  }

  boolean file() {
    return new File("/tmp").exists();
  }
}
