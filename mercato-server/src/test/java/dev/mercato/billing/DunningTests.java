package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.AuditLog;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Dunning on the test clock: a renewal fails, the stored card is retried on days 1, 3 and 7 after
 * the failure, each failure and the recovery email the subscriber (seen in the mail outbox), and
 * after the last failed retry the subscription is canceled — or moved to Free when so configured —
 * not before the past-due grace period ends; the ledger verifies clean throughout.
 */
class DunningTests extends BillingIntegrationTest {

    @Test
    void retriesOnDaysOneAndThreeFailThenDaySevenRecovers() {
        Subscriber pat = pastDueSubscriber();
        Instant failedAt = pat.failedAt;

        assertThat(subscriptions.runDunning()).as("nothing is due before day 1").isZero();
        clock.advance(Duration.between(clock.instant(), failedAt.plus(Duration.ofDays(1))).plusSeconds(1));
        assertThat(subscriptions.runDunning()).isEqualTo(1);
        assertThat(status(pat)).containsEntry("status", "past_due").containsEntry("failed_payments", 2L);
        assertThat(subscriptions.runDunning()).as("one retry per retry day").isZero();

        clock.advance(Duration.ofDays(1));
        assertThat(subscriptions.runDunning()).as("day 2 is not a retry day").isZero();
        clock.advance(Duration.ofDays(1));
        assertThat(subscriptions.runDunning()).isEqualTo(1);
        assertThat(status(pat)).containsEntry("status", "past_due").containsEntry("failed_payments", 3L);
        assertThat(entitlements.check(pat.userId, "advanced_analytics").allowed()).as("Pro during the grace period").isTrue();

        // The bank now accepts the same card: day 7's retry pays the past-due period.
        jdbc.update("UPDATE billing_subscriptions SET payment_method = 'tok_visa' WHERE id = ?", pat.sub);
        int charges = billing.charges(pat.sub).size();
        clock.advance(Duration.between(clock.instant(), failedAt.plus(Duration.ofDays(7))).plusSeconds(1));
        assertThat(subscriptions.runDunning()).isEqualTo(1);
        Api.Response recovered = pat.client.get("/v1/subscriptions/" + pat.sub);
        assertThat(recovered.text("status")).isEqualTo("active");
        assertThat(recovered.number("failed_payments")).isZero();
        assertThat(billing.charges(pat.sub)).hasSize(charges + 1);
        assertThat(billing.charges(pat.sub).getLast()).extracting(BillingFixtures.Charge::kind, BillingFixtures.Charge::amount)
                .containsExactly("renewal", 9_99L);
        assertThat(subscriptions.runDunning()).as("a recovered period has no further steps").isZero();
        JsonNode invoice = pat.client.get("/v1/invoices").body().path("data").get(0);
        assertThat(invoice.path("status").asString()).as("the period's open invoice is paid by the retry").isEqualTo("paid");
        assertThat(invoice.path("amount_paid").asLong()).isEqualTo(9_99);
        assertThat(invoice.path("ledger_transaction_id").asString())
                .isEqualTo(jdbc.queryForObject("SELECT ledger_txn_id FROM billing_charges WHERE subscription_id = ?"
                        + " ORDER BY created_at DESC, id DESC LIMIT 1", String.class, pat.sub));
        assertThat(pat.client.get("/v1/invoices").body().path("data")).as("the first period's and the recovered one's").hasSize(2);

        // Three failure emails, each naming the next attempt, then the recovery.
        assertThat(Eventually.holds(() -> mail(pat, "subscription_payment_failed").size() == 3)).isTrue();
        List<JsonNode> failures = mail(pat, "subscription_payment_failed");
        // Listeners run asynchronously, so the outbox's order is not the failures' order: match each by its text.
        List<String> texts = failures.stream().map(m -> m.path("text").asString()).toList();
        assertThat(texts).allSatisfy(t -> assertThat(t).contains("9.99 USD", "card_declined",
                "/v1/subscriptions/" + pat.sub + "/payment-method"));
        for (int day : List.of(1, 3, 7)) {
            String next = "try your card again on " + failedAt.plus(Duration.ofDays(day)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            assertThat(texts).as("one email names day " + day).filteredOn(t -> t.contains(next)).hasSize(1);
        }
        assertThat(failures).allSatisfy(m -> assertThat(m.path("recipient").asString()).isEqualTo(pat.email));
        assertThat(Eventually.holds(() -> mail(pat, "subscription_payment_recovered").size() == 1)).isTrue();
        assertThat(mail(pat, "subscription_payment_recovered").getFirst().path("subject").asString())
                .isEqualTo("Your Pro payment of 9.99 USD went through");
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void allRetriesFailThenTheSubscriptionIsCanceledAfterTheGracePeriod() {
        Subscriber sam = pastDueSubscriber();
        for (int day : List.of(1, 3, 7)) {
            clock.advance(Duration.between(clock.instant(), sam.failedAt.plus(Duration.ofDays(day))).plusSeconds(1));
            subscriptions.runDunning();
        }
        Api.Response canceled = sam.client.get("/v1/subscriptions/" + sam.sub);
        assertThat(canceled.text("status")).as("the last retry failed after the grace period: canceled").isEqualTo("canceled");
        assertThat(canceled.number("failed_payments")).isEqualTo(4);
        assertThat(entitlements.check(sam.userId, "advanced_analytics").allowed()).as("Free now").isFalse();
        assertThat(jdbc.queryForObject("SELECT outcome FROM billing_dunning WHERE subscription_id = ?", String.class, sam.sub))
                .isEqualTo("canceled");
        assertThat(sam.client.get("/v1/invoices").body().path("data").get(0).path("status").asString())
                .as("the unpaid period's invoice").isEqualTo("uncollectible");

        assertThat(Eventually.holds(() -> mail(sam, "subscription_payment_failed").size() == 4)).isTrue();
        assertThat(mail(sam, "subscription_payment_failed")).map(m -> m.path("text").asString())
                .as("three name the next retry, the last one the cancellation")
                .filteredOn(t -> t.contains("That was our last attempt") && t.contains("will be canceled")).hasSize(1);
        assertThat(Eventually.holds(() -> mail(sam, "subscription_unpaid").size() == 1)).isTrue();
        assertThat(mail(sam, "subscription_unpaid").getFirst().path("subject").asString())
                .isEqualTo("Your Pro subscription was canceled");
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void theFinalActionWaitsForTheGracePeriodAndCanMoveToFree(@Autowired Subscriptions rows, @Autowired BillingCache cache,
            @Autowired SubscriptionPayments payments, @Autowired BillingLedger money, @Autowired TransactionTemplate transactions,
            @Autowired ApplicationEventPublisher events, @Autowired AuditLog audit, @Autowired JdbcClient jdbcClient,
            @Autowired InvoiceManagement invoicing, @Autowired SubscriptionPricing pricing) {
        // Retries on days 1 and 2, Free at the end, the default 7-day grace: the final step waits for day 7.
        Dunning freeDunning = new Dunning(jdbcClient, new DunningSettings(List.of(1, 2), "free", Duration.ofDays(7)));
        SubscriptionManagement management = new SubscriptionManagement(rows, cache, entitlements, payments, money,
                transactions, events, audit, clock, freeDunning, invoicing, pricing);
        Subscriber kim = pastDueSubscriber();
        Instant periodStart = Instant.parse(kim.client.get("/v1/subscriptions/" + kim.sub).text("current_period_start"));
        for (int day : List.of(1, 2)) {
            clock.advance(Duration.between(clock.instant(), kim.failedAt.plus(Duration.ofDays(day))).plusSeconds(1));
            management.runDunning();
        }
        assertThat(status(kim)).as("both retries failed, but the grace period holds").containsEntry("status", "past_due")
                .containsEntry("failed_payments", 3L);
        assertThat(entitlements.check(kim.userId, "advanced_analytics").allowed()).isTrue();

        clock.advance(Duration.between(clock.instant(), periodStart.plus(Duration.ofDays(7))).plusSeconds(1));
        assertThat(management.runDunning()).isEqualTo(1);
        Api.Response free = kim.client.get("/v1/subscriptions/" + kim.sub);
        assertThat(free.text("status")).isEqualTo("active");
        assertThat(free.text("plan_id")).isEqualTo("plan_free");
        assertThat(free.number("price")).isZero();
        assertThat(entitlements.check(kim.userId, "advanced_analytics").allowed()).isFalse();
        assertThat(Eventually.holds(() -> mail(kim, "subscription_unpaid").size() == 1)).isTrue();
        assertThat(mail(kim, "subscription_unpaid").getFirst().path("subject").asString())
                .isEqualTo("Your subscription moved to Free");

        // The Free subscription renews at no charge and can be upgraded again.
        int charges = billing.charges(kim.sub).size();
        clock.advance(Duration.between(clock.instant(), Instant.parse(free.text("current_period_end"))).plusSeconds(1));
        subscriptions.renewDue();
        assertThat(kim.client.get("/v1/subscriptions/" + kim.sub).text("status")).isEqualTo("active");
        assertThat(billing.charges(kim.sub)).hasSize(charges);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aNewCardStillPaysAtOnceAndEndsTheSchedule() {
        Subscriber lee = pastDueSubscriber();
        Api.Response paid = lee.client.post("/v1/subscriptions/" + lee.sub + "/payment-method", Map.of("payment_method", "tok_visa"));
        assertThat(paid.status()).as(paid.body().toString()).isEqualTo(200);
        assertThat(paid.text("status")).isEqualTo("active");
        assertThat(jdbc.queryForObject("SELECT outcome FROM billing_dunning WHERE subscription_id = ?", String.class, lee.sub))
                .isEqualTo("recovered");
        clock.advance(Duration.between(clock.instant(), lee.failedAt.plus(Duration.ofDays(1))).plusSeconds(1));
        subscriptions.runDunning();
        assertThat(lee.client.get("/v1/subscriptions/" + lee.sub).number("failed_payments")).as("no retry after recovery").isZero();
        assertThat(Eventually.holds(() -> mail(lee, "subscription_payment_recovered").size() == 1)).isTrue();
    }

    private record Subscriber(String userId, String email, Api.Client client, String sub, Instant failedAt) {
    }

    /** A Pro subscriber (no trial) whose first renewal was just refused. */
    private Subscriber pastDueSubscriber() {
        String email = "dunning-" + UUID.randomUUID() + "@example.com";
        Api.Response user = admin().post("/v1/users", Map.of("name", "Dunning Subscriber", "email", email));
        assertThat(user.status()).as(user.body().toString()).isEqualTo(201);
        Api.Client client = api.as(fixtures.keyFor(user.id()));
        String sub = BillingFixtures.started(client, "plan_pro", false);
        assertThat(client.post("/v1/subscriptions/" + sub + "/payment-method", Map.of("payment_method", "tok_decline"))
                .status()).isEqualTo(200);
        Instant end = Instant.parse(client.get("/v1/subscriptions/" + sub).text("current_period_end"));
        clock.advance(Duration.between(clock.instant(), end).plusSeconds(1));
        subscriptions.renewDue();
        Api.Response pastDue = client.get("/v1/subscriptions/" + sub);
        assertThat(pastDue.text("status")).isEqualTo("past_due");
        Instant failedAt = jdbc.queryForObject("SELECT first_failed_at FROM billing_dunning WHERE subscription_id = ?",
                java.sql.Timestamp.class, sub).toInstant();
        return new Subscriber(user.id(), email, client, sub, failedAt);
    }

    private Map<String, Object> status(Subscriber s) {
        Api.Response r = s.client.get("/v1/subscriptions/" + s.sub);
        return Map.of("status", r.text("status"), "failed_payments", (long) r.number("failed_payments"));
    }

    /** The user's emails of a template, newest first, with their text. */
    private List<JsonNode> mail(Subscriber s, String template) {
        List<JsonNode> found = new ArrayList<>();
        admin().get("/v1/admin/mail?template=" + template + "&user_id=" + s.userId).body().path("data")
                .forEach(m -> found.add(admin().get("/v1/admin/mail/" + m.path("id").asString()).body()));
        return found;
    }
}
