package dev.mercato.billing;

import dev.mercato.platform.ApiException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.LedgerVerification;
import dev.mercato.payments.PaymentAttempt;
import dev.mercato.payments.PaymentManagement;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.SignedWebhooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Processor webhooks about subscription payments, signed with the simulated processor's secret and
 * sent through {@code POST /v1/processor-webhooks/simulated} as a processor would: a confirmed
 * payment gets one confirmation email however often it is reported; a payment that fails after it
 * was recorded is reversed in the ledger and starts dunning once; a captured payment whose change
 * never committed (the crash of ADR 0017, simulated by capturing through {@link SubscriptionPayments}
 * and never recording) is recorded by its success webhook or by the janitor, or refunded by the
 * janitor, exactly once. The ledger verifies clean after each.
 */
class SubscriptionPaymentWebhooksTests extends IntegrationTest {

    static final String SECRET = SignedWebhooks.SECRET;

    @Autowired
    MercatoClock clock;
    @Autowired
    SubscriptionManagement subscriptions;
    @Autowired
    SubscriptionPayments subscriptionPayments;
    @Autowired
    Subscriptions rows;
    @Autowired
    SubscriptionPaymentJanitor janitor;
    @Autowired
    UnrecordedPayments unrecorded;
    @Autowired
    PaymentManagement payments;
    @Autowired
    LedgerVerification verification;
    @Autowired
    Accounts accounts;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    HttpFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
    }

    @Test
    void aSucceededWebhookConfirmsARecordedPaymentOnceAndForgedOrReplayedOnesChangeNothing() {
        Subscriber ada = subscriber();
        PaymentAttempt paid = payments.find(lastPayment(ada.sub)).orElseThrow();
        String body = event("payment.succeeded", paid.processorPaymentId(), paid.amountCaptured(), null);

        assertProblem(deliver(body, sign("whsec_guessed", body)), 400, "invalid_signature");
        assertProblem(deliver(body.replace("\"amount\":999", "\"amount\":1"), sign(SECRET, body)), 400, "invalid_signature");
        quiet();
        assertThat(confirmations(paid.id())).isZero();
        assertThat(mail(ada, "subscription_payment_confirmed")).isZero();

        String signature = sign(SECRET, body);
        Api.Response received = deliver(body, signature);
        assertThat(received.status()).as(received.body().toString()).isEqualTo(200);
        assertThat(Eventually.holds(() -> mail(ada, "subscription_payment_confirmed") == 1)).isTrue();
        String invoice = jdbc.queryForObject("SELECT number FROM billing_invoices WHERE payment_id = ?", String.class, paid.id());
        assertThat(jdbc.queryForObject("""
                SELECT subject || ' / ' || text_body FROM mail_outbox WHERE template = 'subscription_payment_confirmed'
                AND user_id = ?""", String.class, ada.userId))
                .startsWith("Payment confirmed: 9.99 USD for Pro").contains(invoice, paid.id(), ada.sub);

        assertThat(deliver(body, signature).body().path("duplicate").asBoolean()).as("a replay").isTrue();
        String again = event("payment.succeeded", paid.processorPaymentId(), paid.amountCaptured(), null);
        assertThat(deliver(again, sign(SECRET, again)).body().path("duplicate").asBoolean())
                .as("another event about the same payment").isFalse();
        quiet();
        assertThat(mail(ada, "subscription_payment_confirmed")).isEqualTo(1);
        assertThat(confirmations(paid.id())).isEqualTo(1);
        assertThat(Eventually.holds(() -> confirmedEvents(paid.id()) == 1)).as("the subscription.payment_confirmed webhook")
                .isTrue();
        assertThat(ada.client.get("/v1/subscriptions/" + ada.sub).text("status")).isEqualTo("active");
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aPaymentThatFailsAfterItWasRecordedIsReversedAndStartsDunningOnce() {
        Subscriber bo = subscriber();
        PaymentAttempt paid = payments.find(lastPayment(bo.sub)).orElseThrow();
        String failed = event("payment.failed", paid.processorPaymentId(), paid.amountCaptured(), "bank_account_closed");
        String signature = sign(SECRET, failed);

        assertProblem(deliver(failed, sign("whsec_guessed", failed)), 400, "invalid_signature");
        quiet();
        assertThat(bo.client.get("/v1/subscriptions/" + bo.sub).text("status")).as("a forged failure").isEqualTo("active");

        assertThat(deliver(failed, signature).status()).isEqualTo(200);
        assertThat(Eventually.holds(() -> "past_due".equals(bo.client.get("/v1/subscriptions/" + bo.sub).text("status"))))
                .isTrue();
        Api.Response pastDue = bo.client.get("/v1/subscriptions/" + bo.sub);
        assertThat(pastDue.number("failed_payments")).isEqualTo(1);
        assertThat(pastDue.text("failure_code")).isEqualTo("bank_account_closed");
        assertThat(openSchedules(bo.sub)).isEqualTo(1);
        assertThat(takenFromRevenue(paid.id())).as("the card part leaves subscription revenue").isEqualTo(9_99);
        JsonNode invoices = bo.client.get("/v1/invoices").body().path("data");
        assertThat(invoices).extracting(i -> i.path("status").asString()).containsExactlyInAnyOrder("open", "paid");
        assertThat(Eventually.holds(() -> mail(bo, "subscription_payment_failed") == 1)).isTrue();

        // The same failure again, and a lost dispute of the same payment: the period is not failed twice.
        assertThat(deliver(failed, signature).body().path("duplicate").asBoolean()).isTrue();
        String lost = event("dispute.lost", paid.processorPaymentId(), paid.amountCaptured(), null);
        assertThat(deliver(lost, sign(SECRET, lost)).status()).isEqualTo(200);
        quiet();
        Api.Response after = bo.client.get("/v1/subscriptions/" + bo.sub);
        assertThat(after.number("failed_payments")).isEqualTo(1);
        assertThat(openSchedules(bo.sub)).isEqualTo(1);
        assertThat(bo.client.get("/v1/invoices").body().path("data")).hasSize(2);
        assertThat(takenFromRevenue(paid.id())).as("nothing more to take back").isEqualTo(9_99);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM billing_payment_reversals WHERE payment_id = ?", Long.class,
                paid.id())).isEqualTo(2);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void failedRenewalWebhookThenDunningThenRecoveryByALaterSucceededPayment() {
        Subscriber cy = subscriber();
        Instant end = Instant.parse(cy.client.get("/v1/subscriptions/" + cy.sub).text("current_period_end"));
        clock.advance(Duration.between(clock.instant(), end).plusSeconds(1));
        subscriptions.renewDue();
        String renewal = lastPayment(cy.sub);
        assertThat(cy.client.get("/v1/subscriptions/" + cy.sub).text("current_period_start")).isEqualTo(end.toString());

        // The bank returns the renewal's payment: past due for the renewed period, dunning starts.
        PaymentAttempt renewed = payments.find(renewal).orElseThrow();
        String failed = event("payment.failed", renewed.processorPaymentId(), renewed.amountCaptured(), "insufficient_funds");
        assertThat(deliver(failed, sign(SECRET, failed)).status()).isEqualTo(200);
        assertThat(Eventually.holds(() -> "past_due".equals(cy.client.get("/v1/subscriptions/" + cy.sub).text("status"))))
                .isTrue();
        Instant failedAt = jdbc.queryForObject("SELECT first_failed_at FROM billing_dunning WHERE subscription_id = ?"
                + " AND period_start = ?", java.sql.Timestamp.class, cy.sub, java.sql.Timestamp.from(end)).toInstant();

        // Day 1: the stored card is refused now.
        jdbc.update("UPDATE billing_subscriptions SET payment_method = 'tok_decline' WHERE id = ?", cy.sub);
        clock.advance(Duration.between(clock.instant(), failedAt.plus(Duration.ofDays(1))).plusSeconds(1));
        assertThat(subscriptions.runDunning()).isEqualTo(1);
        Subscription stillDue = rows.find(cy.sub).orElseThrow();
        assertThat(stillDue.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(stillDue.failedPayments()).isEqualTo(2);

        // Day 3: a new card pays at the processor, and the process dies before recording it.
        clock.advance(Duration.between(clock.instant(), failedAt.plus(Duration.ofDays(3))).plusSeconds(1));
        String key = "billing:" + cy.sub + ":renew:" + end.getEpochSecond() + ":" + stillDue.failedPayments();
        SubscriptionPayments.Paid captured = subscriptionPayments.collect(stillDue, "tok_visa", stillDue.price(), key);
        assertThat(rows.find(cy.sub).orElseThrow().status()).isEqualTo(SubscriptionStatus.PAST_DUE);

        // The processor's success webhook arrives at once: its request may still record it, so the
        // listener leaves the event incomplete for the outbox …
        PaymentAttempt later = payments.find(captured.paymentId()).orElseThrow();
        String succeeded = event("payment.succeeded", later.processorPaymentId(), later.amountCaptured(), null);
        assertThat(deliver(succeeded, sign(SECRET, succeeded)).status()).isEqualTo(200);
        String incomplete = """
                SELECT id::text FROM event_publication WHERE listener_id LIKE '%SubscriptionPaymentWebhooks%'
                AND completion_date IS NULL AND status = 'FAILED' AND serialized_event LIKE ?""";
        String pattern = "%" + later.processorPaymentId() + "%";
        assertThat(Eventually.holds(() -> !jdbc.queryForList(incomplete, String.class, pattern).isEmpty())).isTrue();
        assertThat(rows.find(cy.sub).orElseThrow().status()).isEqualTo(SubscriptionStatus.PAST_DUE);

        // … which delivers it again once the request had its time: now it records the payment.
        clock.advance(unrecorded.minAge().plusSeconds(1));
        Api.Response resubmitted = admin().post("/v1/admin/event-publications/resubmit",
                Map.of("ids", jdbc.queryForList(incomplete, String.class, pattern)));
        assertThat(resubmitted.status()).as(resubmitted.body().toString()).isEqualTo(200);
        assertThat(Eventually.holds(() -> "active".equals(cy.client.get("/v1/subscriptions/" + cy.sub).text("status"))))
                .isTrue();
        assertThat(cy.client.get("/v1/subscriptions/" + cy.sub).number("failed_payments")).isZero();
        assertThat(jdbc.queryForObject("SELECT outcome FROM billing_dunning WHERE subscription_id = ? AND period_start = ?",
                String.class, cy.sub, java.sql.Timestamp.from(end))).isEqualTo("recovered");
        assertThat(jdbc.queryForObject("SELECT status FROM billing_invoices WHERE payment_id = ?", String.class,
                captured.paymentId())).as("the period's open invoice").isEqualTo("paid");
        assertThat(settledAs(captured.paymentId())).isEqualTo("recorded");
        assertThat(Eventually.holds(() -> mail(cy, "subscription_payment_confirmed") == 1)).isTrue();
        assertThat(Eventually.holds(() -> mail(cy, "subscription_payment_recovered") == 1)).isTrue();
        assertThat(subscriptions.runDunning()).as("a recovered period has no further steps").isZero();
        janitor.run();
        assertThat(payments.find(captured.paymentId()).orElseThrow().amountRefunded()).as("the janitor leaves it").isZero();
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void theJanitorRecordsARenewalCapturedWithoutItsTransactionExactlyOnce() {
        Subscriber di = subscriber();
        Subscription before = rows.find(di.sub).orElseThrow();
        clock.advance(Duration.between(clock.instant(), before.currentPeriodEnd()).plusSeconds(1));
        String key = "billing:" + di.sub + ":renew:" + before.currentPeriodEnd().getEpochSecond() + ":0";
        SubscriptionPayments.Paid captured = subscriptionPayments.collect(before, before.paymentMethod(), before.price(), key);
        double recorded = count("recorded");

        janitor.run();
        assertThat(settledAs(captured.paymentId())).as("its request still has time to record it").isNull();
        assertThat(rows.find(di.sub).orElseThrow().version()).isEqualTo(before.version());
        // The job also runs by itself: whichever run gets there first settles it, the others find nothing.
        clock.advance(unrecorded.minAge().plusSeconds(1));
        janitor.run();
        assertThat(settledAs(captured.paymentId())).isEqualTo("recorded");
        assertThat(janitor.run()).as("exactly once").isZero();
        subscriptions.renewDue();

        Subscription after = rows.find(di.sub).orElseThrow();
        assertThat(after.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(after.currentPeriodStart()).isEqualTo(before.currentPeriodEnd());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM billing_charges WHERE payment_id = ? AND kind = 'renewal'",
                Long.class, captured.paymentId())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM billing_charges WHERE subscription_id = ?", Long.class, di.sub))
                .as("the renewal job found it renewed").isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT status FROM billing_invoices WHERE payment_id = ?", String.class,
                captured.paymentId())).isEqualTo("paid");
        assertThat(payments.find(captured.paymentId()).orElseThrow().amountRefunded()).isZero();
        assertThat(count("recorded")).isEqualTo(recorded + 1);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void theJanitorRefundsAStartOrAChangeThatNeverCommittedAndAskingAgainPaysAgain() {
        Subscriber ed = subscriber();
        Subscription pro = rows.find(ed.sub).orElseThrow();
        // A plan change paid at the processor whose transaction never ran …
        SubscriptionPayments.Paid change = subscriptionPayments.collect(pro, pro.paymentMethod(), 4_500,
                "billing:" + ed.sub + ":change:" + pro.version());
        // … and a start whose subscription row was never written.
        Subscription ghost = new Subscription("sub_" + UUID.randomUUID().toString().replace("-", ""), ed.userId, "plan_pro",
                "USD", BillingInterval.of("month"), 9_99, SubscriptionStatus.ACTIVE, "tok_visa", clock.instant(),
                clock.instant(), clock.instant().plus(Duration.ofDays(30)), null, false, null, null, null, 0, null, 1,
                clock.instant(), clock.instant());
        SubscriptionPayments.Paid start = subscriptionPayments.collect(ghost, "tok_visa", 9_99, "billing:" + ghost.id() + ":start");
        double refunded = count("refunded");

        clock.advance(unrecorded.minAge().plusSeconds(1));
        janitor.run();
        assertThat(janitor.run()).as("exactly once").isZero();

        for (SubscriptionPayments.Paid paid : java.util.List.of(change, start)) {
            PaymentAttempt attempt = payments.find(paid.paymentId()).orElseThrow();
            assertThat(attempt.amountRefunded()).isEqualTo(attempt.amountCaptured());
            assertThat(settledAs(paid.paymentId())).isEqualTo("refunded");
        }
        assertThat(count("refunded")).isEqualTo(refunded + 2);
        assertThat(rows.find(ed.sub).orElseThrow().planId()).as("the change never happened").isEqualTo("plan_pro");
        assertThat(rows.find(ed.sub).orElseThrow().version()).as("asking again prices a new version").isEqualTo(pro.version() + 1);

        // Asking for the change again pays again, with a new payment.
        Api.Response upgraded = BillingFixtures.change(ed.client, ed.sub, "plan_enterprise");
        assertThat(upgraded.status()).as(upgraded.body().toString()).isEqualTo(200);
        assertThat(upgraded.text("plan_id")).isEqualTo("plan_enterprise");
        String paidNow = lastPayment(ed.sub);
        assertThat(paidNow).isNotEqualTo(change.paymentId());
        assertThat(payments.find(paidNow).orElseThrow().amountRefunded()).isZero();
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aChangeWhoseRecordingFailsIsGivenBackAndAskingAgainPaysAgainNeverForFree() {
        Subscriber ed = subscriber();
        Subscription pro = rows.find(ed.sub).orElseThrow();
        // the change's own transaction fails after the card was charged (not a version conflict)
        String trigger = "fail_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.execute("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.subscription_id = '" + ed.sub + "' THEN RAISE EXCEPTION 'injected failure'; END IF;"
                + " RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER " + trigger + " BEFORE INSERT ON billing_charges FOR EACH ROW EXECUTE FUNCTION "
                + trigger + "()");
        Api.Response failed;
        try {
            failed = BillingFixtures.change(ed.client, ed.sub, "plan_enterprise");
        } finally {
            jdbc.execute("DROP TRIGGER " + trigger + " ON billing_charges");
            jdbc.execute("DROP FUNCTION " + trigger + "()");
        }
        assertThat(failed.status()).as(failed.body().toString()).isGreaterThanOrEqualTo(500);
        PaymentAttempt given = payments.find(jdbc.queryForObject("SELECT id FROM payment_attempts WHERE idempotency_key = ?",
                String.class, "billing:" + ed.sub + ":change:" + pro.version())).orElseThrow();
        assertThat(given.amountRefunded()).as("given back").isEqualTo(given.amountCaptured());
        assertThat(rows.find(ed.sub).orElseThrow().planId()).isEqualTo("plan_pro");
        assertThat(rows.find(ed.sub).orElseThrow().version()).as("moved past the refunded key").isEqualTo(pro.version() + 1);

        // the refunded payment can never pay for anything again …
        assertThatThrownBy(() -> subscriptionPayments.collect(pro, pro.paymentMethod(), given.amount(),
                "billing:" + ed.sub + ":change:" + pro.version()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("payment_given_back"));
        // … and asking again pays again, with a new payment
        Api.Response upgraded = BillingFixtures.change(ed.client, ed.sub, "plan_enterprise");
        assertThat(upgraded.status()).as(upgraded.body().toString()).isEqualTo(200);
        String paidNow = lastPayment(ed.sub);
        assertThat(paidNow).isNotEqualTo(given.id());
        assertThat(payments.find(paidNow).orElseThrow().amountRefunded()).isZero();
        assertThat(verification.verify().violations()).isEmpty();
    }

    private record Subscriber(String userId, Api.Client client, String sub) {
    }

    /** A Pro subscriber (no trial) whose first period was paid and recorded. */
    private Subscriber subscriber() {
        String email = "webhooks-" + UUID.randomUUID() + "@example.com";
        Api.Response user = admin().post("/v1/users", Map.of("name", "Webhook Subscriber", "email", email));
        assertThat(user.status()).as(user.body().toString()).isEqualTo(201);
        Api.Client client = api.as(fixtures.keyFor(user.id()));
        return new Subscriber(user.id(), client, BillingFixtures.started(client, "plan_pro", false));
    }

    private String lastPayment(String sub) {
        return jdbc.queryForObject("SELECT payment_id FROM billing_charges WHERE subscription_id = ? AND payment_id IS NOT NULL"
                + " ORDER BY created_at DESC, id DESC LIMIT 1", String.class, sub);
    }

    /**
     * What the reversals of one payment took out of subscription revenue, from their own ledger postings: the
     * account's balance is shared with every other subscription test running meanwhile, so a before/after of it
     * would count their payments too.
     */
    private long takenFromRevenue(String paymentId) {
        return jdbc.queryForObject("""
                SELECT coalesce(abs(sum(p.amount)), 0) FROM ledger_postings p
                JOIN billing_payment_reversals r ON r.ledger_txn_id = p.transaction_id
                WHERE r.payment_id = ? AND p.account_id = ?""", Long.class, paymentId,
                accounts.idOf(BillingLedger.subscriptionRevenue("USD")).value());
    }

    private long openSchedules(String sub) {
        return jdbc.queryForObject("SELECT count(*) FROM billing_dunning WHERE subscription_id = ? AND outcome IS NULL",
                Long.class, sub);
    }

    private long confirmations(String paymentId) {
        return jdbc.queryForObject("SELECT count(*) FROM billing_payment_confirmations WHERE payment_id = ?", Long.class,
                paymentId);
    }

    /** What became of an unrecorded capture, or null while nothing did. */
    private String settledAs(String paymentId) {
        return jdbc.query("SELECT outcome FROM billing_unrecorded_payments WHERE payment_id = ?",
                (rs, row) -> rs.getString(1), paymentId).stream().findFirst().orElse(null);
    }

    private long confirmedEvents(String paymentId) {
        int found = 0;
        for (JsonNode e : admin().get("/v1/events?type=subscription.payment_confirmed&limit=100").body().path("data")) {
            if (e.path("data").path("payment_id").asString().equals(paymentId)) {
                assertThat(e.path("data").path("invoice_number").asString()).startsWith("INV-");
                found++;
            }
        }
        return found;
    }

    private long mail(Subscriber s, String template) {
        return jdbc.queryForObject("SELECT count(*) FROM mail_outbox WHERE template = ? AND user_id = ?", Long.class,
                template, s.userId);
    }

    private double count(String outcome) {
        Counter counter = meters.find("billing.unrecorded_payments").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Waits until every listener of every published event has finished. */
    private void quiet() {
        assertThat(Eventually.holds(() -> jdbc.queryForObject("SELECT count(*) FROM event_publication WHERE completion_date IS NULL",
                Long.class) == 0)).as(() -> "publications still incomplete: " + jdbc.queryForList("""
                        SELECT event_type, listener_id, status, completion_attempts, publication_date
                        FROM event_publication WHERE completion_date IS NULL LIMIT 10""")).isTrue();
    }

    private String event(String type, String paymentId, long amount, String failureCode) {
        return """
                {"id":"sim_evt_%s","object":"event","type":"%s","created":%d,"data":{"object_id":"%s","payment_id":"%s",\
                "account_id":null,"amount":%d,"fee":0,"currency":"usd","failure_code":%s}}"""
                .formatted(UUID.randomUUID(), type, clock.instant().getEpochSecond(), paymentId, paymentId, amount,
                        failureCode == null ? "null" : "\"" + failureCode + "\"");
    }

    private String sign(String secret, String body) {
        return SignedWebhooks.sign(secret, clock.instant().getEpochSecond(), body);
    }

    private Api.Response deliver(String body, String signature) {
        return SignedWebhooks.deliver(port, json, "simulated", body, signature);
    }
}
