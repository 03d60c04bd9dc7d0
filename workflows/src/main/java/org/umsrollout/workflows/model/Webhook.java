package org.umsrollout.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where the rollout tells what an operator should know: a gate opened or waits too long, a hold,
 * the freeze alert, the end. The orchestrator signs each call with the shared secret in its
 * environment ({@code UMS_WEBHOOK_SECRET}); the secret is never in the inventory.
 *
 * @param url the receiver, http or https
 * @param dashboardUrl optional: the dashboard's base address; each call links the rollout's page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Webhook(String url, String dashboardUrl) {}
