package dev.mercato.ledger;

import java.util.List;

/**
 * The result of checking every ledger invariant.
 *
 * @param violations    one line per broken invariant; empty when the ledger is clean
 * @param unsealed      committed transactions the sealer has not yet chained
 * @param sealLagMillis age of the oldest unsealed transaction in milliseconds (zero when none)
 */
public record VerificationReport(boolean ok, long transactions, long postings, long accounts, long holds, long sealed,
        long unsealed, long sealLagMillis, List<Violation> violations) {

    /** A broken invariant, named by a stable code, with what was found. */
    public record Violation(String invariant, String subject, String detail) {
    }
}
