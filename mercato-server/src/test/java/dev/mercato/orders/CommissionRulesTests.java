package dev.mercato.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Operators set commissions over HTTP; an enterprise instructor keeps 75 % of a course. */
class CommissionRulesTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    Marketplace market;
    String category;

    @BeforeEach
    void setUp() {
        market = new Marketplace(api, admin(), jdbc);
        category = market.category();
    }

    @Test
    void anEnterpriseInstructorKeepsSeventyFivePercentOfACourse() {
        Api.Client instructor = market.seller();
        String sellerId = instructor.get("/v1/users/me").id();
        Api.Response flagged = admin().put("/v1/sellers/" + sellerId + "/commission-tier", Map.of("tier", "enterprise"));
        assertThat(flagged.status()).as(flagged.body().toString()).isEqualTo(200);

        JsonNode line = buy(instructor, 100_00).path("lines").get(0);

        assertThat(line.path("commission").asLong()).isEqualTo(25_00);
        assertThat(line.path("seller_earnings").asLong()).isEqualTo(75_00);
        assertThat(line.path("commission_rule").asString()).isEqualTo("crule_tier_enterprise_course");

        admin().put("/v1/sellers/" + sellerId + "/commission-tier", "{\"tier\": null}");
        assertThat(buy(instructor, 100_00).path("lines").get(0).path("seller_earnings").asLong())
                .as("back to the standard 70 %").isEqualTo(70_00);
    }

    @Test
    void operatorsAddChangeAndDeleteRulesAndOrdersUseThem() {
        Api.Client seller = market.seller();
        String sellerId = seller.get("/v1/users/me").id();

        Api.Response rule = admin().post("/v1/commission-rules", Map.of("scope", "seller", "subject", sellerId,
                "basis_points", 1_000, "fixed_fee", 50));
        assertThat(rule.status()).as(rule.body().toString()).isEqualTo(201);
        assertThat(buy(seller, 100_00).path("lines").get(0).path("commission").asLong()).isEqualTo(10_50);

        Api.Response changed = admin().post("/v1/commission-rules", Map.of("scope", "seller", "subject", sellerId,
                "basis_points", 500));
        assertThat(changed.id()).as("the same scope, subject and kind is one rule").isEqualTo(rule.id());
        assertThat(buy(seller, 100_00).path("lines").get(0).path("commission").asLong()).isEqualTo(5_00);

        List<String> ids = admin().get("/v1/commission-rules").body().path("data").valueStream()
                .map(r -> r.path("id").asString()).toList();
        assertThat(ids).contains(rule.id(), "crule_platform_default", "crule_kind_course", "crule_tier_enterprise_course");

        assertThat(admin().delete("/v1/commission-rules/" + rule.id()).status()).isEqualTo(204);
        assertThat(buy(seller, 100_00).path("lines").get(0).path("commission").asLong()).as("the kind default again")
                .isEqualTo(30_00);
        assertThat(admin().delete("/v1/commission-rules/" + rule.id()).code()).isEqualTo("commission_rule_not_found");
        assertThat(admin().delete("/v1/commission-rules/crule_platform_default").code()).isEqualTo("platform_default_required");
    }

    @Test
    void ordersPriceFromCachedRulesAndTiersAndSeeEveryChangeAtOnce() {
        Api.Client seller = market.seller();
        String sellerId = seller.get("/v1/users/me").id();
        buy(seller, 100_00);
        double rulesHits = hits("commission_rules");
        double tierHits = hits("commission_tiers");

        assertThat(buy(seller, 100_00).path("lines").get(0).path("commission").asLong()).isEqualTo(30_00);
        assertThat(hits("commission_rules")).as("the rules come from the cache").isEqualTo(rulesHits + 1);
        assertThat(hits("commission_tiers")).as("so does the seller's (absent) tier").isEqualTo(tierHits + 1);

        String rule = admin().post("/v1/commission-rules", Map.of("scope", "seller", "subject", sellerId,
                "basis_points", 1_500)).id();
        assertThat(buy(seller, 100_00).path("lines").get(0).path("commission").asLong()).as("a new rule").isEqualTo(15_00);
        admin().put("/v1/sellers/" + sellerId + "/commission-tier", Map.of("tier", "enterprise"));
        admin().delete("/v1/commission-rules/" + rule);
        assertThat(buy(seller, 100_00).path("lines").get(0).path("commission").asLong())
                .as("the rule deleted, the tier set").isEqualTo(25_00);
        admin().put("/v1/sellers/" + sellerId + "/commission-tier", "{\"tier\": null}");
        assertThat(buy(seller, 100_00).path("lines").get(0).path("commission").asLong()).as("the tier removed")
                .isEqualTo(30_00);
    }

    private double hits(String cache) {
        return meters.counter("cache.gets", "cache", cache, "result", "hit").count();
    }

    @Test
    void refusesRulesThatDoNotMakeSense() {
        assertThat(admin().post("/v1/commission-rules", Map.of("scope", "galaxy", "subject", "x", "basis_points", 1)).code())
                .isEqualTo("invalid_scope");
        assertThat(admin().post("/v1/commission-rules", Map.of("scope", "platform", "subject", "x", "basis_points", 1)).code())
                .isEqualTo("invalid_subject");
        assertThat(admin().post("/v1/commission-rules", Map.of("scope", "kind", "subject", "spaceship", "basis_points", 1)).code())
                .isEqualTo("invalid_kind");
        assertThat(admin().post("/v1/commission-rules", Map.of("scope", "seller", "subject", "usr_x", "basis_points", 10_001))
                .code()).isEqualTo("invalid_commission");
        assertThat(market.seller().post("/v1/commission-rules", Map.of("scope", "seller", "subject", "usr_x", "basis_points", 1))
                .status()).isEqualTo(403);
        assertThat(market.seller().get("/v1/commission-rules").status()).isEqualTo(403);
    }

    private JsonNode buy(Api.Client seller, long price) {
        String course = market.publishCourse(seller, category, price);
        Api.Client buyer = market.fixtures().newUserClient();
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();
        Api.Response paid = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa"));
        assertThat(paid.status()).as(paid.body().toString()).isEqualTo(200);
        return paid.body();
    }
}
