package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Attempt;

/** An attempt with the lead fields the attempts table shows. */
public record AttemptView(Attempt attempt, String leadName, String leadPhoneNumber) {
}
