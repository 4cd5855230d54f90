package dev.mercato.ledger.web;

import dev.mercato.ledger.Account;
import dev.mercato.ledger.Balance;
import dev.mercato.ledger.Hold;
import dev.mercato.ledger.Posting;
import dev.mercato.ledger.StatementLine;
import dev.mercato.ledger.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the ledger API (snake_case on the wire). */
final class LedgerViews {

    private LedgerViews() {
    }

    record BalanceView(long posted, long pending, long available, long pendingDebits, long pendingCredits) {
        static BalanceView of(Balance b) {
            return new BalanceView(b.posted(), b.pending(), b.available(), b.pendingDebits(), b.pendingCredits());
        }
    }

    record AccountView(String id, String object, String ownerType, String ownerId, String purpose, String asset,
            int assetScale, boolean allowNegative, long overdraftLimit, int stripes, Map<String, String> metadata,
            Instant createdAt, BalanceView balance, Instant asOf, Long postedAsOf) {

        static AccountView of(Account a, Balance balance, Instant asOf, Long postedAsOf) {
            return new AccountView(a.id().value(), "ledger_account", a.owner().type().code(), a.owner().id(), a.purpose(),
                    a.asset(), a.assetScale(), a.allowNegative(), a.overdraftLimit(), a.stripes(), a.metadata(),
                    a.createdAt(), balance == null ? null : BalanceView.of(balance), asOf, postedAsOf);
        }
    }

    record EntryView(String accountId, String direction, long amount, String asset) {
        static EntryView of(Posting p) {
            return new EntryView(p.accountId().value(), p.direction().code(), p.magnitude(), p.asset());
        }
    }

    record TransactionView(String id, String object, String type, List<EntryView> entries, Instant effectiveAt,
            Instant createdAt, String reference, String reverses, String holdId, Map<String, String> metadata) {

        static TransactionView of(Transaction t) {
            return new TransactionView(t.id().value(), "ledger_transaction", t.type(),
                    t.postings().stream().map(EntryView::of).toList(), t.effectiveAt(), t.createdAt(), t.reference(),
                    t.reverses() == null ? null : t.reverses().value(), t.holdId() == null ? null : t.holdId().value(),
                    t.metadata());
        }
    }

    record HoldView(String id, String object, String debitAccountId, String creditAccountId, String asset, long amount,
            String status, long capturedAmount, String captureTransactionId, Instant expiresAt, String reference,
            Map<String, String> metadata, Instant createdAt, Instant resolvedAt) {

        static HoldView of(Hold h) {
            return new HoldView(h.id().value(), "ledger_hold", h.debitAccount().value(), h.creditAccount().value(), h.asset(),
                    h.amount(), h.status().code(), h.capturedAmount(),
                    h.captureTransaction() == null ? null : h.captureTransaction().value(), h.expiresAt(), h.reference(),
                    h.metadata(), h.createdAt(), h.resolvedAt());
        }
    }

    record StatementLineView(long id, String object, String transactionId, String type, String direction, long amount,
            long runningBalance, Instant effectiveAt, Instant createdAt, String reference) {

        static StatementLineView of(StatementLine l) {
            return new StatementLineView(l.sequence(), "statement_line", l.transactionId().value(), l.type(),
                    l.amount() >= 0 ? "credit" : "debit", Math.abs(l.amount()), l.runningBalance(), l.effectiveAt(),
                    l.createdAt(), l.reference());
        }
    }
}
