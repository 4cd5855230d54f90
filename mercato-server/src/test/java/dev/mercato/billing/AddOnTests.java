package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Add-ons: the catalog with its three defaults; buying one adds to the plan's entitlements at once
 * (the cached entitlements are dropped), is prorated for the rest of the period and renews with
 * the plan; removing one credits the unused time; bad requests get clear errors.
 */
class AddOnTests extends BillingIntegrationTest {

    @Test
    void theCatalogShipsThreeAddOnsAndOperatorsAddMore() {
        Api.Client user = fixtures.newUserClient();
        JsonNode catalog = user.get("/v1/add-ons").body().path("data");
        assertThat(catalog).extracting(a -> a.path("id").asString())
                .contains("addon_extra_listings", "addon_extra_runs", "addon_priority_support");

        String code = "seats" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> seats = Map.of("code", code, "name", "10 more seats", "max_quantity", 5,
                "prices", List.of(Map.of("currency", "USD", "interval", "month", "amount", 10_00)),
                "features", Map.of("seats", Map.of("type", "limit", "limit", 10)));
        assertThat(user.post("/v1/add-ons", seats).status()).isEqualTo(403);
        Api.Response created = admin().post("/v1/add-ons", seats);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.id()).isEqualTo("addon_" + code);
        assertThat(admin().post("/v1/add-ons", seats).code()).isEqualTo("add_on_exists");
        assertThat(admin().post("/v1/add-ons", Map.of("code", "off1", "name", "Off",
                "prices", List.of(Map.of("currency", "USD", "interval", "month", "amount", 1)),
                "features", Map.of("sso", Map.of("type", "boolean", "enabled", false)))).code()).isEqualTo("invalid_feature");
        assertThat(admin().post("/v1/add-ons", Map.of("code", "noprice", "name", "No price",
                "features", Map.of("sso", Map.of("type", "boolean", "enabled", true)))).code()).isEqualTo("invalid_prices");
    }

    @Test
    void anAddOnAddsToEntitlementsAtOnceIsProratedRenewsWithThePlanAndIsCreditedWhenRemoved() {
        String userId = fixtures.user();
        Api.Client user = api.as(fixtures.keyFor(userId));
        String sub = BillingFixtures.started(user, "plan_pro", false);
        assertThat(entitlements.check(userId, "listings").limit()).isEqualTo(100);
        assertThat(entitlements.allows(userId, "priority_support")).isFalse();

        clock.advance(Duration.ofDays(15));
        Api.Response bought = user.post("/v1/subscriptions/" + sub + "/add-ons",
                Map.of("add_on_id", "addon_extra_listings", "quantity", 2));
        assertThat(bought.status()).as(bought.body().toString()).isEqualTo(200);
        assertThat(bought.body().path("data").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(user.post("/v1/subscriptions/" + sub + "/add-ons", Map.of("add_on_id", "addon_priority_support"))
                .status()).isEqualTo(200);

        Api.Response listings = user.post("/v1/entitlements/check", Map.of("feature", "listings"));
        assertThat(listings.number("limit")).as("100 from Pro and 2 × 100").isEqualTo(300);
        assertThat(listings.text("source")).isEqualTo("add_on");
        assertThat(entitlements.allows(userId, "priority_support")).isTrue();
        assertThat(entitlements.check(userId, "support_response_hours").value()).isEqualTo("4");

        JsonNode invoice = user.get("/v1/invoices").body().path("data").get(1);
        assertThat(invoice.path("lines")).extracting(l -> l.path("kind").asString()).containsExactly("add_on");
        Instant start = Instant.parse(invoice.path("period_start").asString());
        Instant end = Instant.parse(invoice.path("period_end").asString());
        long expected = dev.mercato.billing.core.Proration.share(2 * 4_99, Duration.between(clock.instant(), end).toSeconds(),
                Duration.between(start, end).toSeconds());
        assertThat(invoice.path("total").asLong()).as("two units for the rest of the period").isBetween(expected - 1, expected + 1);
        billing.assertInLedger(invoice);

        // the renewal charges the plan and both add-ons for the whole period
        clock.advance(Duration.between(clock.instant(), end).plusSeconds(1));
        subscriptions.renewDue();
        JsonNode renewal = user.get("/v1/invoices").body().path("data").get(0);
        assertThat(renewal.path("lines")).extracting(l -> l.path("kind").asString()).containsExactly("plan", "add_on", "add_on");
        assertThat(renewal.path("total").asLong()).isEqualTo(9_99 + 2 * 4_99 + 29_00);
        billing.assertInLedger(renewal);

        // one day in, remove the listings: the unused time goes to the account credit, the limit drops at once
        clock.advance(Duration.ofDays(1));
        Api.Response removed = user.delete("/v1/subscriptions/" + sub + "/add-ons/addon_extra_listings");
        assertThat(removed.status()).as(removed.body().toString()).isEqualTo(200);
        assertThat(removed.body().path("data")).extracting(a -> a.path("add_on_id").asString())
                .containsExactly("addon_priority_support");
        assertThat(entitlements.check(userId, "listings").limit()).isEqualTo(100);
        JsonNode credit = user.get("/v1/invoices").body().path("data").get(0);
        assertThat(credit.path("total").asLong()).isNegative();
        assertThat(billing.accountCredit(userId)).isEqualTo(-credit.path("total").asLong());
        billing.assertInLedger(credit);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void badAddOnRequestsAreRefused() {
        String userId = fixtures.user();
        Api.Client user = api.as(fixtures.keyFor(userId));
        String sub = BillingFixtures.started(user, "plan_pro", false);
        String path = "/v1/subscriptions/" + sub + "/add-ons";
        assertThat(user.post(path, Map.of("add_on_id", "addon_nope")).code()).isEqualTo("add_on_not_found");
        assertThat(user.post(path, Map.of("add_on_id", "addon_priority_support", "quantity", 2)).code())
                .isEqualTo("invalid_quantity");
        assertThat(user.post(path, Map.of("add_on_id", "addon_extra_runs", "quantity", 0)).code()).isEqualTo("invalid_quantity");
        assertThat(user.delete(path + "/addon_extra_runs").code()).isEqualTo("add_on_not_found");
        assertThat(user.post(path, Map.of("add_on_id", "addon_extra_runs")).status()).isEqualTo(200);
        assertThat(user.post(path, Map.of("add_on_id", "addon_extra_runs")).code()).isEqualTo("no_change");
        assertThat(fixtures.newUserClient().post(path, Map.of("add_on_id", "addon_extra_runs")).code())
                .isEqualTo("subscription_not_found");
        assertThat(user.post("/v1/subscriptions/" + sub + "/pause", Map.of()).status()).isEqualTo(200);
        Api.Response paused = user.post(path, Map.of("add_on_id", "addon_extra_listings"));
        assertThat(paused.status()).isEqualTo(409);
        assertThat(paused.code()).isEqualTo("invalid_transition");
        assertThat(user.get(path).body().path("data")).hasSize(1);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void anAddOnOnATrialChargesNothingUntilTheFirstPaidPeriod() {
        String userId = fixtures.user();
        Api.Client user = api.as(fixtures.keyFor(userId));
        String sub = BillingFixtures.started(user, "plan_pro", true);
        assertThat(user.post("/v1/subscriptions/" + sub + "/add-ons", Map.of("add_on_id", "addon_extra_runs", "quantity", 3))
                .status()).isEqualTo(200);
        assertThat(user.get("/v1/invoices").body().path("data")).isEmpty();
        assertThat(entitlements.check(userId, "workflow_runs").limit()).isEqualTo(100 + 3 * 100);
        Instant end = Instant.parse(user.get("/v1/subscriptions/" + sub).text("current_period_end"));
        clock.advance(Duration.between(clock.instant(), end).plusSeconds(1));
        subscriptions.renewDue();
        JsonNode first = user.get("/v1/invoices").body().path("data").get(0);
        assertThat(first.path("total").asLong()).isEqualTo(9_99 + 3 * 9_99);
        billing.assertInLedger(first);
        assertThat(verification.verify().violations()).isEmpty();
    }
}
