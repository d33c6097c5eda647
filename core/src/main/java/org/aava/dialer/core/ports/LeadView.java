package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Lead;

/** A lead with its most recent attempt (null when never dialed), as the lead table shows it. */
public record LeadView(Lead lead, Attempt lastAttempt) {
}
