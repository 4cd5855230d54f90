package dev.mercato.ledger;

/** Every way a ledger request can fail, with the HTTP status and stable code the API reports. */
public enum LedgerError {
    VALIDATION_FAILED(400, "validation_failed"),
    INVALID_AMOUNT(400, "invalid_amount"),
    AMOUNT_OVERFLOW(400, "amount_overflow"),
    TOO_FEW_ENTRIES(400, "too_few_entries"),
    UNBALANCED_TRANSACTION(400, "unbalanced_transaction"),
    ASSET_MISMATCH(400, "asset_mismatch"),
    INVALID_ASSET(400, "invalid_asset"),
    UNKNOWN_ASSET(400, "unknown_asset"),
    EFFECTIVE_TIME_IN_FUTURE(400, "effective_time_in_future"),
    INVALID_EXPIRY(400, "invalid_expiry"),
    PARTIAL_REVERSAL_NEEDS_SINGLE_ASSET(400, "partial_reversal_needs_single_asset"),
    ACCOUNT_NOT_FOUND(404, "account_not_found"),
    TRANSACTION_NOT_FOUND(404, "transaction_not_found"),
    HOLD_NOT_FOUND(404, "hold_not_found"),
    ACCOUNT_ALREADY_EXISTS(409, "account_already_exists"),
    ASSET_SCALE_CONFLICT(409, "asset_scale_conflict"),
    HOLD_NOT_PENDING(409, "hold_not_pending"),
    TRANSACTION_ALREADY_REVERSED(409, "transaction_already_reversed"),
    INSUFFICIENT_FUNDS(422, "insufficient_funds"),
    BALANCE_OVERFLOW(422, "balance_overflow"),
    OVERDRAFT_IN_USE(422, "overdraft_in_use"),
    HOLD_EXPIRED(422, "hold_expired"),
    CAPTURE_EXCEEDS_HOLD(422, "capture_exceeds_hold"),
    REVERSAL_EXCEEDS_ORIGINAL(422, "reversal_exceeds_original"),
    CANNOT_REVERSE_REVERSAL(422, "cannot_reverse_reversal"),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency_key_reused");

    private final int status;
    private final String code;

    LedgerError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static LedgerError ofCode(String code) {
        for (LedgerError error : values()) {
            if (error.code.equals(code)) {
                return error;
            }
        }
        throw new IllegalArgumentException("unknown ledger error code " + code);
    }
}
