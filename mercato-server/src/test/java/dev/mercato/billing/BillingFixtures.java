package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.testing.Api;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import org.springframework.jdbc.core.JdbcTemplate;

/** Subscriptions over the public API, and the charges they recorded. */
final class BillingFixtures {

    record Charge(String kind, String planId, long amount, long creditApplied, long paidByCard, long fee, Instant at) {
    }

    private final JdbcTemplate jdbc;
    private final Accounts accounts;

    BillingFixtures(JdbcTemplate jdbc, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    static Api.Response subscribe(Api.Client user, String planId, String paymentMethod, Boolean trial) {
        Map<String, Object> body = new HashMap<>();
        body.put("plan_id", planId);
        if (paymentMethod != null) {
            body.put("payment_method", paymentMethod);
        }
        if (trial != null) {
            body.put("trial", trial);
        }
        return user.post("/v1/subscriptions", body);
    }

    static String started(Api.Client user, String planId, Boolean trial) {
        Api.Response started = subscribe(user, planId, "tok_visa", trial);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
        return started.id();
    }

    static Api.Response change(Api.Client user, String subscription, String planId) {
        return user.post("/v1/subscriptions/" + subscription + "/change", Map.of("plan_id", planId));
    }

    List<Charge> charges(String subscription) {
        return jdbc.query("""
                SELECT kind, plan_id, amount, credit_applied, paid_by_card, processor_fee, created_at
                FROM billing_charges WHERE subscription_id = ? ORDER BY created_at, id""",
                (rs, row) -> new Charge(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getTimestamp(7).toInstant()), subscription);
    }

    /**
     * The invoice's money as the ledger holds it: what the customer paid or was credited (processor
     * clearing and account credit) equals its total, and the tax payable moved by its tax.
     */
    void assertInLedger(JsonNode invoice) {
        String txn = invoice.path("ledger_transaction_id").asString();
        long total = invoice.path("total").asLong();
        if (total == 0) {
            assertThat(invoice.path("ledger_transaction_id").isNull()).as("nothing moved for a zero invoice").isTrue();
            return;
        }
        assertThat(jdbc.queryForObject("""
                SELECT coalesce(sum(p.amount), 0) FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
                WHERE p.transaction_id = ? AND a.purpose IN ('processor.clearing', 'billing.account_credit')""",
                Long.class, txn)).as("the customer's side of " + invoice.path("number").asString() + " (debits are negative)")
                .isEqualTo(-total);
        assertThat(jdbc.queryForObject("""
                SELECT coalesce(sum(p.amount), 0) FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
                WHERE p.transaction_id = ? AND a.purpose = 'platform.tax_payable'""", Long.class, txn))
                .as("tax payable (credits are positive)").isEqualTo(invoice.path("tax").asLong());
        long lines = 0;
        for (JsonNode line : invoice.path("lines")) {
            if (!line.path("kind").asString().equals("account_credit")) {
                lines += line.path("amount").asLong();
            }
        }
        assertThat(lines).as("the lines sum to the total").isEqualTo(total);
    }

    long accountCredit(String userId) {
        return accounts.find(AccountOwner.user(userId), "billing.account_credit", "USD")
                .map(a -> accounts.balance(a.id()).posted()).orElse(0L);
    }
}
