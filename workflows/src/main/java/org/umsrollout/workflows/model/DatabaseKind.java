package org.umsrollout.workflows.model;

/** The DBMS behind the productive database; it decides the vendor's backup method (P3). */
public enum DatabaseKind {
  /** The lab's embedded SQL database (H2), backed up with its own SCRIPT command. */
  EMBEDDED,
  POSTGRESQL,
  SQLSERVER,
  ORACLE
}
