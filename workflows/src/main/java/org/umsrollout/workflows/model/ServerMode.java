package org.umsrollout.workflows.model;

/** The mode a UMS Server runs in (S1). */
public enum ServerMode {
  NORMAL,
  /** Being or just updated: serving devices from a local copy of the database. */
  UPDATE
}
