package dev.mercato.ledger.core;

import dev.mercato.ledger.Entry;
import dev.mercato.ledger.LedgerError;
import dev.mercato.ledger.LedgerException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a command's shape before it reaches the database: keys, types, positive amounts, entry
 * counts, expiry times, metadata sizes. Checks that need stored state (accounts, assets, balances)
 * happen in {@link BatchProcessor}.
 */
public final class RequestValidation {

    public static final Pattern ASSET = Pattern.compile("[A-Z][A-Z0-9_]{1,15}");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");
    private static final int MAX_ENTRIES = 100;
    private static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private RequestValidation() {
    }

    public static void check(Command command, Instant now) {
        if (!(command instanceof Command.Expire)) {
            key(command.idempotencyKey());
        }
        switch (command) {
            case Command.Post post -> {
                var r = post.request();
                if (r.type() == null || !TYPE.matcher(r.type()).matches()) {
                    fail(LedgerError.VALIDATION_FAILED, "type must be 1-64 characters of a-z, 0-9, _ . : -");
                }
                if (r.entries().size() < 2) {
                    fail(LedgerError.TOO_FEW_ENTRIES, "a transaction needs at least two entries");
                }
                if (r.entries().size() > MAX_ENTRIES) {
                    fail(LedgerError.VALIDATION_FAILED, "a transaction has at most " + MAX_ENTRIES + " entries");
                }
                for (Entry e : r.entries()) {
                    if (e == null || e.accountId() == null || e.direction() == null) {
                        fail(LedgerError.VALIDATION_FAILED, "every entry needs account_id, direction and amount");
                    }
                    amount(e.amount());
                    asset(e.asset(), true);
                }
                if (r.effectiveAt() != null && r.effectiveAt().isAfter(now)) {
                    fail(LedgerError.EFFECTIVE_TIME_IN_FUTURE, "effective_at must not be in the future");
                }
                text("reference", r.reference(), 255);
                metadata(r.metadata());
            }
            case Command.PlaceHold hold -> {
                var r = hold.request();
                if (r.debitAccount() == null || r.creditAccount() == null) {
                    fail(LedgerError.VALIDATION_FAILED, "a hold needs debit_account_id and credit_account_id");
                }
                if (r.debitAccount().equals(r.creditAccount())) {
                    fail(LedgerError.VALIDATION_FAILED, "a hold moves value between two different accounts");
                }
                amount(r.amount());
                asset(r.asset(), true);
                if (r.expiresAt() != null && r.expiresIn() != null) {
                    fail(LedgerError.INVALID_EXPIRY, "give expires_at or expires_in_seconds, not both");
                }
                if (r.expiresIn() != null && (r.expiresIn().isNegative() || r.expiresIn().isZero())) {
                    fail(LedgerError.INVALID_EXPIRY, "expires_in_seconds must be positive");
                }
                if ((r.expiresAt() != null && r.expiresAt().isAfter(LATEST_EXPIRY))
                        || (r.expiresIn() != null && r.expiresIn().compareTo(Duration.between(now, LATEST_EXPIRY)) > 0)) {
                    fail(LedgerError.INVALID_EXPIRY, "a hold must expire before the year 10000");
                }
                text("reference", r.reference(), 255);
                metadata(r.metadata());
            }
            case Command.Capture capture -> {
                if (capture.request().amount() != null) {
                    amount(capture.request().amount());
                }
            }
            case Command.Reverse reverse -> {
                if (reverse.request().amount() != null) {
                    amount(reverse.request().amount());
                }
                text("reason", reverse.request().reason(), 500);
            }
            case Command.Void v -> {
            }
            case Command.Expire e -> {
            }
        }
    }

    private static void key(String key) {
        if (key == null || key.isEmpty() || key.length() > 255) {
            fail(LedgerError.VALIDATION_FAILED, "idempotency_key must be 1 to 255 characters");
        }
    }

    private static void amount(long amount) {
        if (amount <= 0) {
            fail(LedgerError.INVALID_AMOUNT, "amounts must be positive integers in minor units, got " + amount);
        }
    }

    public static void asset(String asset, boolean optional) {
        if (asset == null ? !optional : !ASSET.matcher(asset).matches()) {
            fail(LedgerError.INVALID_ASSET, "asset must be an ISO 4217 code or 2-16 characters of A-Z, 0-9, _");
        }
    }

    private static void text(String field, String value, int max) {
        if (value != null && value.length() > max) {
            fail(LedgerError.VALIDATION_FAILED, field + " is longer than " + max + " characters");
        }
    }

    private static void metadata(Map<String, String> metadata) {
        if (metadata.size() > 50) {
            fail(LedgerError.VALIDATION_FAILED, "metadata has at most 50 keys");
        }
        metadata.forEach((k, v) -> {
            if (k == null || k.isEmpty() || k.length() > 40 || v == null || v.length() > 500) {
                fail(LedgerError.VALIDATION_FAILED, "metadata keys are 1-40 characters, values up to 500");
            }
        });
    }

    private static void fail(LedgerError error, String message) {
        throw new LedgerException(error, message);
    }
}
