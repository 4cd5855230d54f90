package dev.mercato.ledger;

import dev.mercato.platform.ApiException;

/** A ledger request refused on a rule; the ledger is exactly as it was before the request. */
public class LedgerException extends ApiException {

    private final LedgerError error;

    public LedgerException(LedgerError error, String message) {
        super(error.status(), error.code(), message);
        this.error = error;
    }

    public LedgerError error() {
        return error;
    }
}
