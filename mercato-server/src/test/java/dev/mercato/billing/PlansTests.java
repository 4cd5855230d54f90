package dev.mercato.billing;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The shipped plans, and operators creating and editing plans. */
class PlansTests extends IntegrationTest {

    @Test
    void freeProAndEnterpriseShipWithPricesTrialsAndTheSameTwentyPlusFeatures() {
        Api.Client user = new HttpFixtures(api, admin()).newUserClient();
        JsonNode plans = user.get("/v1/plans").body().path("data");
        JsonNode free = find(plans, "plan_free");
        JsonNode pro = find(plans, "plan_pro");
        JsonNode enterprise = find(plans, "plan_enterprise");
        assertThat(price(free, "USD", "month")).isZero();
        assertThat(price(pro, "USD", "month")).isEqualTo(9_99);
        assertThat(price(pro, "USD", "year")).isEqualTo(99_90);
        assertThat(price(enterprise, "USD", "month")).isEqualTo(99_00);
        assertThat(pro.path("trial_days").asInt()).isEqualTo(14);
        assertThat(free.path("features").size()).isGreaterThanOrEqualTo(20);
        assertThat(names(pro)).isEqualTo(names(free)).isEqualTo(names(enterprise));
        assertThat(free.path("features").path("workflow_runs").path("limit").asLong()).isEqualTo(1);
        assertThat(free.path("features").path("workflow_runs").path("period").asString()).isEqualTo("day");
        assertThat(enterprise.path("features").path("workflow_runs").path("limit").isNull()).as("unlimited").isTrue();
        assertThat(enterprise.path("features").path("sso").path("enabled").asBoolean()).isTrue();
        assertThat(pro.path("features").path("api_rate_class").path("value").asString()).isEqualTo("standard");
    }

    @Test
    void onlyOperatorsCreatePlansAndBadPlansAreRefused() {
        Api.Client user = new HttpFixtures(api, admin()).newUserClient();
        String code = "team-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> plan = Map.of("code", code, "name", "Team", "tier", 1, "trial_days", 7,
                "prices", List.of(Map.of("currency", "USD", "interval", "month", "amount", 29_00)),
                "features", Map.of("seats", Map.of("type", "limit", "limit", 20),
                        "workflow_runs", Map.of("type", "quota", "limit", 500, "period", "day")));
        assertProblem(user.post("/v1/plans", plan), 403, "forbidden");

        Api.Response created = admin().post("/v1/plans", plan);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.id()).isEqualTo("plan_" + code);
        assertProblem(admin().post("/v1/plans", plan), 409, "plan_exists");
        assertThat(user.get("/v1/plans/plan_" + code).text("name")).isEqualTo("Team");

        assertProblem(admin().post("/v1/plans", Map.of("code", "x" + code, "name", "Bad", "prices",
                List.of(Map.of("currency", "usd", "interval", "month", "amount", 1)), "features", Map.of())), 400, "invalid_currency");
        assertProblem(admin().post("/v1/plans", Map.of("code", "x" + code, "name", "Bad", "prices",
                List.of(Map.of("currency", "USD", "interval", "month", "amount", -1)), "features", Map.of())), 400, "invalid_amount");
        assertProblem(admin().post("/v1/plans", Map.of("code", "x" + code, "name", "Bad", "prices",
                List.of(Map.of("currency", "USD", "interval", "month", "amount", 1)),
                "features", Map.of("runs", Map.of("type", "quota", "limit", 5, "period", "hour")))), 400, "invalid_feature");
        assertProblem(admin().post("/v1/plans", Map.of("code", "Bad Code", "name", "Bad", "prices", List.of(),
                "features", Map.of())), 400, "invalid_code");
        assertThat(admin().get("/v1/plans/plan_x" + code).status()).isEqualTo(404);

        Api.Response edited = admin().patch("/v1/plans/plan_" + code, Map.of("active", false));
        assertThat(edited.status()).as(edited.body().toString()).isEqualTo(200);
        assertProblem(user.get("/v1/plans/plan_" + code), 404, "plan_not_found");
        assertThat(names(user.get("/v1/plans").body().path("data"))).doesNotContain("plan_" + code);
        assertProblem(admin().patch("/v1/plans/plan_free", Map.of("active", false)), 400, "invalid_plan");
        assertProblem(user.patch("/v1/plans/plan_pro", Map.of("name", "Mine")), 403, "forbidden");
    }

    private static JsonNode find(JsonNode plans, String id) {
        for (JsonNode p : plans) {
            if (p.path("id").asString().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no plan " + id + " in " + plans);
    }

    private static long price(JsonNode plan, String currency, String interval) {
        for (JsonNode p : plan.path("prices")) {
            if (p.path("currency").asString().equals(currency) && p.path("interval").asString().equals(interval)) {
                return p.path("amount").asLong();
            }
        }
        throw new AssertionError("no " + currency + "/" + interval + " price in " + plan);
    }

    private static List<String> names(JsonNode node) {
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        if (node.isArray()) {
            node.forEach(p -> names.add(p.path("id").asString()));
        } else {
            node.path("features").propertyNames().forEach(names::add);
        }
        return names;
    }
}
