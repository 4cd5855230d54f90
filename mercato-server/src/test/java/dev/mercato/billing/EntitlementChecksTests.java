package dev.mercato.billing;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Entitlements come from the plan (Free without a subscription) and per-user overrides, answered
 * from the read cache, which every subscription change, override and plan edit invalidates in its
 * own transaction.
 */
class EntitlementChecksTests extends IntegrationTest {

    @Autowired
    Entitlements entitlements;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MercatoClock clock;

    HttpFixtures fixtures;
    String userId;
    Api.Client user;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        userId = fixtures.user();
        user = api.as(fixtures.keyFor(userId));
    }

    @Test
    void withoutASubscriptionAUserHasFree() {
        Api.Response mine = user.get("/v1/entitlements");
        assertThat(mine.text("plan_id")).isEqualTo("plan_free");
        assertThat(mine.body().path("data").size()).isGreaterThanOrEqualTo(20);

        Api.Response runs = user.post("/v1/entitlements/check", Map.of("feature", "workflow_runs"));
        assertThat(runs.body().path("allowed").asBoolean()).isTrue();
        assertThat(runs.number("limit")).isEqualTo(1);
        assertThat(runs.number("remaining")).isEqualTo(1);
        assertThat(runs.text("period")).isEqualTo("day");
        Api.Response sso = user.post("/v1/entitlements/check", Map.of("feature", "sso"));
        assertThat(sso.body().path("allowed").asBoolean()).isFalse();
        Api.Response listings = user.post("/v1/entitlements/check", Map.of("feature", "listings"));
        assertThat(listings.number("limit")).isEqualTo(3);
        assertThat(user.post("/v1/entitlements/check", Map.of("feature", "api_rate_class")).text("value")).isEqualTo("basic");

        assertProblem(user.post("/v1/entitlements/check", Map.of("feature", "teleportation")), 404, "unknown_feature");
        assertProblem(user.post("/v1/entitlements/check", Map.of("feature", "Bad Name")), 400, "invalid_feature");
        assertProblem(user.post("/v1/entitlements/check", Map.of()), 400, "invalid_feature");
        assertThat(entitlements.check(userId, "sso").allowed()).as("the same answer in Java").isFalse();
    }

    @Test
    void checksAreCachedAndEveryChangeInvalidatesThemInItsTransaction() {
        assertThat(entitlements.check(userId, "custom_branding").allowed()).isFalse();
        // Behind the cache's back: a cached answer does not see it (proves the cache answers) ...
        jdbc.update("""
                INSERT INTO billing_entitlement_overrides (user_id, feature, spec, created_at, updated_at)
                VALUES (?, 'custom_branding', '{"type":"boolean","enabled":true}', now(), now())""", userId);
        assertThat(entitlements.check(userId, "custom_branding").allowed()).isFalse();

        // ... while a change through the API is seen at once.
        Api.Response override = admin().put("/v1/users/" + userId + "/entitlement-overrides/seats",
                Map.of("type", "limit", "limit", 42, "note", "pilot"));
        assertThat(override.status()).as(override.body().toString()).isEqualTo(200);
        assertThat(entitlements.check(userId, "seats").limit()).isEqualTo(42);
        assertThat(entitlements.check(userId, "seats").source()).isEqualTo("override");
        assertThat(entitlements.check(userId, "custom_branding").allowed()).as("reloaded with the change").isTrue();

        String sub = BillingFixtures.started(user, "plan_enterprise", false);
        assertThat(entitlements.check(userId, "sso").allowed()).as("a new subscription, at once").isTrue();
        assertThat(user.get("/v1/entitlements").text("plan_id")).isEqualTo("plan_enterprise");

        user.post("/v1/subscriptions/" + sub + "/cancel", Map.of("at_period_end", false));
        assertThat(entitlements.check(userId, "sso").allowed()).as("canceled now, at once").isFalse();

        assertThat(admin().delete("/v1/users/" + userId + "/entitlement-overrides/seats").status()).isEqualTo(204);
        assertThat(entitlements.check(userId, "seats").limit()).isEqualTo(1);
        assertProblem(admin().delete("/v1/users/" + userId + "/entitlement-overrides/seats"), 404, "override_not_found");
    }

    @Test
    void aPlanEditReachesItsSubscribersAtOnce() {
        String code = "cache-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response plan = admin().post("/v1/plans", Map.of("code", code, "name", "Cache test", "tier", 1,
                "prices", List.of(Map.of("currency", "USD", "interval", "month", "amount", 0)),
                "features", Map.of("seats", Map.of("type", "limit", "limit", 2))));
        assertThat(plan.status()).as(plan.body().toString()).isEqualTo(201);
        BillingFixtures.started(user, plan.id(), null);
        assertThat(entitlements.check(userId, "seats").limit()).isEqualTo(2);

        admin().patch("/v1/plans/" + plan.id(), Map.of("features", Map.of("seats", Map.of("type", "limit", "limit", 7))));
        assertThat(entitlements.check(userId, "seats").limit()).isEqualTo(7);
        assertThat(entitlements.check(userId, "sso").allowed()).as("a feature the plan lacks is off").isFalse();
    }

    @Test
    void anOverrideEndsWhenItExpires() {
        Api.Response override = admin().put("/v1/users/" + userId + "/entitlement-overrides/sso",
                Map.of("type", "boolean", "enabled", true, "expires_at", clock.instant().plus(Duration.ofHours(1)).toString()));
        assertThat(override.status()).as(override.body().toString()).isEqualTo(200);
        assertThat(entitlements.allows(userId, "sso")).isTrue();
        clock.advance(Duration.ofHours(2));
        assertThat(entitlements.allows(userId, "sso")).isFalse();
    }

    @Test
    void whatIsCachedSurvivesTheJsonRoundTripOfTheRedisStore() {
        EntitlementBasis basis = new EntitlementBasis("sub_1", "plan_pro", clock.instant(),
                Map.of("addon_extra_listings", 2), List.of(
                new EntitlementOverrides.Override("seats", Feature.limit(9L), clock.instant(), "pilot"),
                new EntitlementOverrides.Override("workflow_runs", Feature.quota(null, "day"), null, null)));
        assertThat(json.readValue(json.writeValueAsString(basis), EntitlementBasis.class)).isEqualTo(basis);
        Plan pro = DefaultPlans.all(clock.instant()).get(1);
        assertThat(json.readValue(json.writeValueAsString(pro), Plan.class)).isEqualTo(pro);
        AddOn extra = AddOnManagement.defaults(clock.instant()).getFirst();
        assertThat(json.readValue(json.writeValueAsString(extra), AddOn.class)).isEqualTo(extra);
    }

    @Test
    void overridesAreForOperatorsAndMustBeWellFormed() {
        assertProblem(user.put("/v1/users/" + userId + "/entitlement-overrides/sso", Map.of("type", "boolean", "enabled", true)),
                403, "forbidden");
        assertProblem(admin().put("/v1/users/" + userId + "/entitlement-overrides/sso", Map.of("type", "limit", "limit", -1)),
                400, "invalid_feature");
        assertProblem(admin().put("/v1/users/" + userId + "/entitlement-overrides/sso", Map.of("enabled", true)),
                400, "invalid_feature");
        assertProblem(admin().put("/v1/users/" + userId + "/entitlement-overrides/sso", Map.of("type", "boolean",
                "enabled", true, "expires_at", new Timestamp(0).toInstant().toString())), 400, "invalid_expires_at");
        assertThat(admin().get("/v1/users/" + userId + "/entitlement-overrides").body().path("data").size()).isZero();
    }
}
