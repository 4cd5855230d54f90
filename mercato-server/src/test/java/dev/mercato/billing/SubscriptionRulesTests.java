package dev.mercato.billing;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Starting and changing subscriptions: bad input changes nothing, downgrades credit, credits pay first. */
class SubscriptionRulesTests extends BillingIntegrationTest {

    String userId;
    Api.Client user;

    @BeforeEach
    void setUp() {
        userId = fixtures.user();
        user = api.as(fixtures.keyFor(userId));
    }

    @Test
    void badStartsAreRefusedClearlyAndLeaveNoSubscription() {
        assertProblem(BillingFixtures.subscribe(user, "plan_nope", "tok_visa", false), 400, "unknown_plan");
        assertProblem(BillingFixtures.subscribe(user, null, "tok_visa", false), 400, "plan_required");
        assertProblem(user.post("/v1/subscriptions", Map.of("plan_id", "plan_pro", "currency", "JPY",
                "payment_method", "tok_visa")), 400, "currency_mismatch");
        assertProblem(user.post("/v1/subscriptions", Map.of("plan_id", "plan_pro", "interval", "week",
                "payment_method", "tok_visa")), 400, "invalid_interval");
        assertProblem(BillingFixtures.subscribe(user, "plan_pro", null, false), 400, "payment_method_required");
        assertProblem(BillingFixtures.subscribe(user, "plan_free", null, true), 400, "trial_not_offered");
        assertProblem(BillingFixtures.subscribe(user, "plan_pro", "tok_decline", false), 402, "card_declined");
        assertThat(user.get("/v1/subscriptions").body().path("data").size()).isZero();

        assertThat(BillingFixtures.started(user, "plan_free", null)).startsWith("sub_");
        assertProblem(BillingFixtures.subscribe(user, "plan_pro", "tok_visa", false), 409, "subscription_exists");
    }

    @Test
    void aRetriedStartWithTheSameIdempotencyKeyReturnsTheSameSubscriptionAndChargesOnce() {
        Api.Client keyed = user.idempotencyKey("start-" + userId);
        Map<String, Object> body = Map.of("plan_id", "plan_pro", "payment_method", "tok_visa", "trial", false);
        Api.Response first = keyed.post("/v1/subscriptions", body);
        Api.Response again = keyed.post("/v1/subscriptions", body);
        assertThat(first.status()).as(first.body().toString()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(billing.charges(first.id())).hasSize(1);
    }

    @Test
    void aYearlyPriceIsChargedForAYearInTheChosenCurrency() {
        Api.Response yearly = user.post("/v1/subscriptions", Map.of("plan_id", "plan_pro", "interval", "year",
                "currency", "eur", "payment_method", "tok_visa", "trial", false));
        assertThat(yearly.status()).as(yearly.body().toString()).isEqualTo(201);
        assertThat(yearly.text("currency")).isEqualTo("EUR");
        assertThat(yearly.number("price")).isEqualTo(99_90);
        assertThat(java.time.Duration.between(java.time.Instant.parse(yearly.text("current_period_start")),
                java.time.Instant.parse(yearly.text("current_period_end"))).toDays()).isBetween(365L, 366L);
        assertProblem(user.post("/v1/subscriptions/" + yearly.id() + "/change", Map.of("plan_id", "plan_enterprise",
                "currency", "USD")), 400, "currency_mismatch");
    }

    @Test
    void badChangesAreRefusedAndOthersCannotSeeTheSubscription() {
        String sub = BillingFixtures.started(user, "plan_pro", false);
        assertProblem(BillingFixtures.change(user, sub, "plan_pro"), 400, "no_change");
        assertProblem(BillingFixtures.change(user, sub, "plan_missing"), 400, "unknown_plan");
        Api.Client stranger = fixtures.newUserClient();
        assertProblem(stranger.get("/v1/subscriptions/" + sub), 404, "subscription_not_found");
        assertProblem(BillingFixtures.change(stranger, sub, "plan_enterprise"), 404, "subscription_not_found");
        assertThat(admin().get("/v1/subscriptions/" + sub).status()).as("operators see every subscription").isEqualTo(200);
        assertThat(billing.charges(sub)).hasSize(1);

        Api.Response now = user.post("/v1/subscriptions/" + sub + "/cancel", Map.of("at_period_end", false));
        assertThat(now.text("status")).isEqualTo("canceled");
        assertProblem(user.post("/v1/subscriptions/" + sub + "/cancel", Map.of("at_period_end", false)), 409,
                "subscription_canceled");
        assertProblem(user.post("/v1/subscriptions/" + sub + "/cancel", Map.of()), 409, "subscription_canceled");
        assertProblem(BillingFixtures.change(user, sub, "plan_enterprise"), 409, "subscription_canceled");
        assertProblem(user.post("/v1/subscriptions/" + sub + "/pause", Map.of()), 409, "subscription_canceled");
    }

    @Test
    void aDowngradeCreditsTheUnusedTimeAndTheNextChargeUsesTheCreditFirst() {
        String sub = BillingFixtures.started(user, "plan_enterprise", false);
        Api.Response down = BillingFixtures.change(user, sub, "plan_pro");
        assertThat(down.status()).as(down.body().toString()).isEqualTo(200);
        BillingFixtures.Charge credit = billing.charges(sub).getLast();
        assertThat(credit.amount()).as("almost the whole difference comes back").isNegative()
                .isBetween(-(99_00L - 9_99L), -(99_00L - 9_99L) + 10);
        assertThat(billing.accountCredit(userId)).isEqualTo(-credit.amount());

        Api.Response up = BillingFixtures.change(user, sub, "plan_enterprise");
        assertThat(up.status()).as(up.body().toString()).isEqualTo(200);
        BillingFixtures.Charge charge = billing.charges(sub).getLast();
        assertThat(charge.amount()).isPositive();
        assertThat(charge.creditApplied()).isEqualTo(Math.min(charge.amount(), -credit.amount()));
        assertThat(charge.paidByCard()).isEqualTo(charge.amount() - charge.creditApplied());
        assertThat(billing.accountCredit(userId)).isEqualTo(-credit.amount() - charge.creditApplied());
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aChangeIsAuditedWithItsBeforeAndAfter() {
        String sub = BillingFixtures.started(user, "plan_pro", false);
        Api.Response up = BillingFixtures.change(user, sub, "plan_enterprise");
        String requestId = up.raw().headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode events = admin().get("/v1/audit-events?request_id=" + requestId).body().path("data");
        assertThat(events.size()).isEqualTo(1);
        JsonNode change = events.get(0).path("summary").path("changes").get(0);
        assertThat(change.path("resource_type").asString()).isEqualTo("subscription");
        assertThat(change.path("before").path("plan_id").asString()).isEqualTo("plan_pro");
        assertThat(change.path("after").path("plan_id").asString()).isEqualTo("plan_enterprise");
    }
}
