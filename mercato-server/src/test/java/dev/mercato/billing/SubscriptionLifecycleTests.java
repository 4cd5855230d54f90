package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.billing.core.Proration;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A subscription's life on the test clock: trial, first paid period, an upgrade mid-period, a
 * renewal, a failed renewal that makes it past due, and recovery with a new card — each step's
 * money in the ledger, which verifies clean.
 */
class SubscriptionLifecycleTests extends BillingIntegrationTest {

    @Test
    void trialThenPaidThenUpgradeThenRenewalThenFailedRenewalThenRecovery() {
        String userId = fixtures.user();
        Api.Client user = api.as(fixtures.keyFor(userId));

        Api.Response trial = BillingFixtures.subscribe(user, "plan_pro", "tok_visa", null);
        assertThat(trial.status()).as(trial.body().toString()).isEqualTo(201);
        String sub = trial.id();
        assertThat(trial.text("status")).isEqualTo("trialing");
        Instant trialEnd = Instant.parse(trial.text("trial_end"));
        assertThat(Duration.between(Instant.parse(trial.text("current_period_start")), trialEnd)).isEqualTo(Duration.ofDays(14));
        assertThat(entitlements.check(userId, "advanced_analytics").allowed()).as("Pro during the trial").isTrue();
        assertThat(billing.charges(sub)).as("a trial charges nothing").isEmpty();

        // The trial ends: the first period is paid, anchored at the trial's end.
        clock.advance(Duration.between(clock.instant(), trialEnd).plusSeconds(1));
        subscriptions.renewDue();
        Api.Response paid = user.get("/v1/subscriptions/" + sub);
        assertThat(paid.text("status")).isEqualTo("active");
        assertThat(Instant.parse(paid.text("current_period_start"))).isEqualTo(trialEnd);
        Instant periodEnd = Instant.parse(paid.text("current_period_end"));
        assertThat(periodEnd).isEqualTo(BillingInterval.MONTH.after(trialEnd, 1));
        assertThat(billing.charges(sub)).extracting(BillingFixtures.Charge::kind, BillingFixtures.Charge::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("renewal", 9_99L));

        // Ten days in: upgrade to Enterprise, prorated to the second.
        clock.advance(Duration.ofDays(10));
        Api.Response upgraded = BillingFixtures.change(user, sub, "plan_enterprise");
        assertThat(upgraded.status()).as(upgraded.body().toString()).isEqualTo(200);
        assertThat(upgraded.text("plan_id")).isEqualTo("plan_enterprise");
        assertThat(upgraded.text("current_period_end")).as("the period stays").isEqualTo(paid.text("current_period_end"));
        BillingFixtures.Charge proration = billing.charges(sub).getLast();
        assertThat(proration.kind()).isEqualTo("proration");
        assertThat(proration.amount()).isEqualTo(Proration.change(9_99, 99_00, trialEnd, periodEnd, proration.at()).net())
                .isBetween(1L, 99_00L - 9_99L);
        assertThat(entitlements.check(userId, "sso").allowed()).as("Enterprise at once").isTrue();

        // The period ends: renewed at Enterprise's price.
        clock.advance(Duration.between(clock.instant(), periodEnd).plusSeconds(1));
        subscriptions.renewDue();
        Api.Response renewed = user.get("/v1/subscriptions/" + sub);
        assertThat(renewed.text("status")).isEqualTo("active");
        assertThat(Instant.parse(renewed.text("current_period_start"))).isEqualTo(periodEnd);
        assertThat(billing.charges(sub).getLast()).extracting(BillingFixtures.Charge::kind, BillingFixtures.Charge::amount)
                .containsExactly("renewal", 99_00L);

        // The card now declines: the next renewal fails and the subscription is past due.
        Api.Response card = user.post("/v1/subscriptions/" + sub + "/payment-method", Map.of("payment_method", "tok_decline"));
        assertThat(card.status()).as(card.body().toString()).isEqualTo(200);
        Instant secondEnd = Instant.parse(renewed.text("current_period_end"));
        clock.advance(Duration.between(clock.instant(), secondEnd).plusSeconds(1));
        int chargesBefore = billing.charges(sub).size();
        subscriptions.renewDue();
        Api.Response pastDue = user.get("/v1/subscriptions/" + sub);
        assertThat(pastDue.text("status")).isEqualTo("past_due");
        assertThat(pastDue.text("failure_code")).isEqualTo("card_declined");
        assertThat(pastDue.number("failed_payments")).isEqualTo(1);
        assertThat(billing.charges(sub)).as("nothing charged for the refused period").hasSize(chargesBefore);
        assertThat(entitlements.check(userId, "sso").allowed()).as("the plan holds during the grace period").isTrue();
        Api.Response changeRefused = BillingFixtures.change(user, sub, "plan_pro");
        assertThat(changeRefused.status()).isEqualTo(409);
        assertThat(changeRefused.code()).isEqualTo("invalid_transition");
        assertThat(subscriptions.retryPayment(sub).failedPayments()).as("the dunning hook retries the stored card").isEqualTo(2);

        // A working card pays the past-due period at once.
        Api.Response recovered = user.post("/v1/subscriptions/" + sub + "/payment-method", Map.of("payment_method", "tok_visa"));
        assertThat(recovered.status()).as(recovered.body().toString()).isEqualTo(200);
        assertThat(recovered.text("status")).isEqualTo("active");
        assertThat(recovered.number("failed_payments")).isZero();
        assertThat(Instant.parse(recovered.text("current_period_start"))).isEqualTo(secondEnd);
        assertThat(billing.charges(sub).getLast().amount()).isEqualTo(99_00L);

        List<BillingFixtures.Charge> all = billing.charges(sub);
        assertThat(all.stream().mapToLong(BillingFixtures.Charge::amount).sum())
                .isEqualTo(9_99 + proration.amount() + 99_00 + 99_00);
        assertThat(all).allSatisfy(c -> assertThat(c.paidByCard() + c.creditApplied()).isEqualTo(c.amount()));
        assertThat(verification.verify().violations()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM billing_charges c JOIN ledger_transactions t ON t.id = c.ledger_txn_id"
                + " WHERE c.subscription_id = ?", Long.class, sub)).as("every charge is in the ledger").isEqualTo(all.size());

        // Each fact reaches webhooks (and, next, emails) through the outbox.
        for (String type : List.of("subscription.started", "subscription.renewed", "subscription.changed",
                "subscription.payment_failed")) {
            assertThat(Eventually.holds(() -> eventFor(type, sub) != null)).as(type).isTrue();
        }
        JsonNode failed = eventFor("subscription.payment_failed", sub);
        assertThat(failed.path("failure_code").asString()).isEqualTo("card_declined");
        assertThat(failed.path("amount").asLong()).isEqualTo(99_00);
    }

    private JsonNode eventFor(String type, String sub) {
        for (JsonNode e : admin().get("/v1/events?type=" + type + "&limit=100").body().path("data")) {
            if (e.path("data").path("subscription_id").asString().equals(sub)) {
                return e.path("data");
            }
        }
        return null;
    }

    @Test
    void aSubscriptionSetToCancelKeepsItsPlanUntilThePeriodEndsAndThenFallsToFree() {
        String userId = fixtures.user();
        Api.Client user = api.as(fixtures.keyFor(userId));
        String sub = BillingFixtures.started(user, "plan_pro", false);

        Api.Response canceling = user.post("/v1/subscriptions/" + sub + "/cancel", Map.of());
        assertThat(canceling.text("status")).isEqualTo("active");
        assertThat(canceling.body().path("cancel_at_period_end").asBoolean()).isTrue();
        Api.Response twice = user.post("/v1/subscriptions/" + sub + "/cancel", Map.of());
        HttpFixtures.assertProblem(twice, 409, "cancellation_scheduled");
        assertThat(entitlements.check(userId, "data_export").allowed()).as("paid for until the period ends").isTrue();

        clock.advance(Duration.between(clock.instant(), Instant.parse(canceling.text("current_period_end"))).plusSeconds(1));
        subscriptions.renewDue();
        Api.Response ended = user.get("/v1/subscriptions/" + sub);
        assertThat(ended.text("status")).isEqualTo("canceled");
        assertThat(ended.text("ended_at")).isEqualTo(canceling.text("current_period_end"));
        assertThat(billing.charges(sub)).hasSize(1);
        assertThat(entitlements.check(userId, "data_export").allowed()).isFalse();
        assertThat(entitlements.plan(userId).id()).isEqualTo(Plan.FREE);
        HttpFixtures.assertProblem(user.post("/v1/subscriptions/" + sub + "/cancel", Map.of("at_period_end", false)),
                409, "subscription_canceled");
        HttpFixtures.assertProblem(user.post("/v1/subscriptions/" + sub + "/resume", Map.of()), 409,
                "subscription_canceled");
        assertThat(BillingFixtures.subscribe(user, "plan_pro", "tok_visa", false).status())
                .as("a new subscription may start after the old one ended").isEqualTo(201);
    }

    @Test
    void aPausedSubscriptionKeepsWhatWasPaidForAndResumingAfterThePeriodPaysAFreshOne() {
        String userId = fixtures.user();
        Api.Client user = api.as(fixtures.keyFor(userId));
        String sub = BillingFixtures.started(user, "plan_pro", false);

        Api.Response paused = user.post("/v1/subscriptions/" + sub + "/pause", Map.of());
        assertThat(paused.text("status")).isEqualTo("paused");
        HttpFixtures.assertProblem(user.post("/v1/subscriptions/" + sub + "/pause", Map.of()), 409, "invalid_transition");
        HttpFixtures.assertProblem(BillingFixtures.change(user, sub, "plan_enterprise"), 409, "invalid_transition");
        assertThat(entitlements.check(userId, "webhooks").allowed()).as("paid until the period ends").isTrue();

        Api.Response resumedEarly = user.post("/v1/subscriptions/" + sub + "/resume", Map.of());
        assertThat(resumedEarly.text("status")).isEqualTo("active");
        assertThat(resumedEarly.text("current_period_end")).isEqualTo(paused.text("current_period_end"));
        assertThat(billing.charges(sub)).as("resuming within the paid period is free").hasSize(1);

        user.post("/v1/subscriptions/" + sub + "/pause", Map.of());
        Instant end = Instant.parse(paused.text("current_period_end"));
        clock.advance(Duration.between(clock.instant(), end).plusSeconds(5));
        subscriptions.renewDue();
        assertThat(user.get("/v1/subscriptions/" + sub).text("status")).as("a paused subscription is not renewed")
                .isEqualTo("paused");
        assertThat(entitlements.check(userId, "webhooks").allowed()).as("Free once the paid period is over").isFalse();

        Api.Response resumed = user.post("/v1/subscriptions/" + sub + "/resume", Map.of());
        assertThat(resumed.status()).as(resumed.body().toString()).isEqualTo(200);
        assertThat(resumed.text("status")).isEqualTo("active");
        assertThat(Instant.parse(resumed.text("current_period_start"))).isAfter(end);
        assertThat(billing.charges(sub).getLast()).extracting(BillingFixtures.Charge::kind, BillingFixtures.Charge::amount)
                .containsExactly("resume", 9_99L);
        assertThat(entitlements.check(userId, "webhooks").allowed()).isTrue();
        assertThat(verification.verify().violations()).isEmpty();
    }
}
