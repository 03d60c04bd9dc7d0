package org.umsrollout.workflows.model;

/** Which database a UMS Server works on (S1, V2). */
public enum Datasource {
  PRODUCTIVE,
  /** The local copy (embedded Derby on a real server) a server in update mode runs on. */
  LOCAL_COPY
}
