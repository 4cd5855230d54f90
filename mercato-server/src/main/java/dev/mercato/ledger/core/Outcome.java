package dev.mercato.ledger.core;

import dev.mercato.ledger.LedgerException;

/**
 * What became of one command: a fresh result (a Transaction or Hold), a replay of an earlier
 * success (its result id, loaded by the engine), a refusal, or nothing to do (an expiry that
 * found the hold already resolved).
 */
public record Outcome(Object result, String replayedResultId, LedgerException error) {

    public static Outcome of(Object result) {
        return new Outcome(result, null, null);
    }

    public static Outcome replay(String resultId) {
        return new Outcome(null, resultId, null);
    }

    public static Outcome failed(LedgerException error) {
        return new Outcome(null, null, error);
    }

    public static Outcome nothing() {
        return new Outcome(null, null, null);
    }

    public boolean failed() {
        return error != null;
    }
}
