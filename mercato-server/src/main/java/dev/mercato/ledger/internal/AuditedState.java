package dev.mercato.ledger.internal;

import dev.mercato.ledger.Account;
import dev.mercato.ledger.Hold;
import dev.mercato.ledger.Transaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state of ledger records as the audit trail keeps it: what moved, between which accounts, and the accounts' terms. */
final class AuditedState {

    private AuditedState() {
    }

    static Map<String, Object> of(Transaction t) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("type", t.type());
        state.put("reference", t.reference());
        if (t.reverses() != null) {
            state.put("reverses", t.reverses().value());
        }
        List<String> postings = t.postings().stream()
                .map(p -> p.accountId().value() + " " + (p.amount() > 0 ? "+" : "") + p.amount() + " " + p.asset()).toList();
        state.put("postings", postings);
        return state;
    }

    static Map<String, Object> of(Account a) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("owner", a.owner().type().code() + " " + a.owner().id());
        state.put("purpose", a.purpose());
        state.put("asset", a.asset());
        state.put("allow_negative", a.allowNegative());
        state.put("overdraft_limit", a.overdraftLimit());
        state.put("stripes", a.stripes());
        state.put("metadata", a.metadata());
        return state;
    }

    static Map<String, Object> of(Hold h) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", h.status().name().toLowerCase(java.util.Locale.ROOT));
        state.put("amount", h.amount());
        state.put("asset", h.asset());
        state.put("debit_account", h.debitAccount().value());
        state.put("credit_account", h.creditAccount().value());
        state.put("captured_amount", h.capturedAmount());
        state.put("reference", h.reference());
        return state;
    }
}
