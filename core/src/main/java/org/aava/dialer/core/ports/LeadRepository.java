package org.aava.dialer.core.ports;

/**
 * Lead persistence, including the atomic lease that keeps a number from being dialed twice. Each consumer sees only
 * the part it uses: the pacer {@link LeadQueue}, the admin {@link LeadBook} and {@link LeadImport}; the call path
 * moves leads through {@link AttemptJournal}, with their attempts.
 */
public interface LeadRepository extends LeadQueue, LeadBook, LeadImport {
}
