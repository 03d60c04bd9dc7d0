package org.umsrollout.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A standalone load balancer or a console: a host name is all the rollout needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ComponentSpec(@JsonProperty(required = true) String host) {}
