package org.umsrollout.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The productive database the servers share. The password never travels in a workflow payload:
 * {@code passwordEnv} names the environment variable the orchestrator worker reads it from.
 *
 * @param adNativeAuth SQL Server with native Active Directory authentication (S4)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatabaseSpec(
    @JsonProperty(required = true) DatabaseKind kind,
    @JsonProperty(required = true) String jdbcUrl,
    String user,
    String passwordEnv,
    Boolean adNativeAuth,
    BackupSpec backup) {

  @JsonIgnore
  public boolean isAdNative() {
    return Boolean.TRUE.equals(adNativeAuth);
  }
}
