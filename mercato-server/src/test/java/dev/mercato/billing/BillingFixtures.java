package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.testing.Api;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    long accountCredit(String userId) {
        return accounts.find(AccountOwner.user(userId), "billing.account_credit", "USD")
                .map(a -> accounts.balance(a.id()).posted()).orElse(0L);
    }
}
