package org.aava.dialer.core.ports;

import java.util.List;

/**
 * What happened to a batch of new leads.
 *
 * @param duplicateIndexes positions (in the batch) of leads whose normalised number the campaign already had
 * @param dncIndexes       positions of leads stored as {@code dnc} because their number is on a DNC list
 */
public record InsertResult(int accepted, List<Integer> duplicateIndexes, List<Integer> dncIndexes) {
}
