package org.umsrollout.workflows.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What an approval Update answers: the gate and its state after the decision. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateAnswer(String gate, String state, String message) {}
