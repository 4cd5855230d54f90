package dev.mercato.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.payouts.EarningsRelease;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

class RevenueReportTests extends IntegrationTest {

    @Autowired
    EarningsRelease release;
    @Autowired
    JdbcTemplate jdbc;

    HttpFixtures fixtures;
    Marketplace market;
    Api.Client seller;
    String sellerId;
    String category;

    @BeforeEach
    void setUp() {
        market = new Marketplace(api, admin(), jdbc);
        fixtures = market.fixtures();
        seller = market.seller();
        sellerId = seller.get("/v1/users/me").id();
        market.releaseAtOnce(seller);
        category = market.category();
    }

    @Test
    void theRevenueReportAddsUpSalesRefundsAndPayoutsPerCategoryAndSeller() throws Exception {
        String first = market.sell(seller, category, 49_99);
        market.sell(seller, category, 20_00);
        admin().post("/v1/refunds", Map.of("order_id", first, "amount", 10_00));
        market.awaitEarningsRecorded(first);
        release.releaseDue();
        Thread.sleep(200);
        release.releaseDue();
        long paidOut = seller.post("/v1/payouts", Map.of("currency", "USD", "amount", 30_00)).number("amount");

        JsonNode byCategory = row(admin().get("/v1/reports/revenue?period=month&group_by=category"), category);
        assertThat(byCategory.path("orders").asLong()).isEqualTo(2);
        assertThat(byCategory.path("gmv").asLong()).isEqualTo(69_99);
        assertThat(byCategory.path("refunds").asLong()).isEqualTo(10_00);
        // commissions 15.00 + 6.00, fees 1.75 + 0.88, refunded commission 3.00
        assertThat(byCategory.path("processor_fees").asLong()).isEqualTo(1_75 + 88);
        assertThat(byCategory.path("platform_revenue").asLong()).isEqualTo(21_00 - (1_75 + 88) - 3_00);
        assertThat(byCategory.path("seller_earnings").asLong()).isEqualTo(34_99 + 14_00);

        JsonNode bySeller = row(admin().get("/v1/reports/revenue?period=month&group_by=seller"), sellerId);
        assertThat(bySeller.path("payouts").asLong()).isEqualTo(paidOut).isEqualTo(30_00);

        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/reports/revenue?period=month&group_by=category"))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Accept", "text/csv").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body().lines().findFirst().orElseThrow())
                .isEqualTo("period_start,group,currency,orders,gmv,platform_revenue,processor_fees,seller_earnings,refunds,payouts,"
                        + "campaign_fees,campaign_processor_fees,campaign_revenue,total_platform_revenue");
        assertThat(csv.body()).contains("," + category + ",USD,2,6999,");
    }

    @Test
    void onlyOperatorsSeeReportsAndBadParametersAreRefused() {
        assertThat(seller.get("/v1/reports/revenue").status()).isEqualTo(403);
        assertThat(admin().get("/v1/reports/revenue?period=year").code()).isEqualTo("invalid_period");
        assertThat(admin().get("/v1/reports/revenue?group_by=country").code()).isEqualTo("invalid_group");
        assertThat(admin().get("/v1/reports/revenue?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z").code())
                .isEqualTo("invalid_range");
        assertThat(admin().get("/v1/reports/revenue?from=yesterday").code()).isEqualTo("invalid_parameter");
    }


    private static JsonNode row(Api.Response report, String group) {
        assertThat(report.status()).as(report.body().toString()).isEqualTo(200);
        return report.body().path("data").valueStream().filter(r -> r.path("group").asString().equals(group))
                .reduce((a, b) -> a).orElseThrow(() -> new AssertionError("no row for " + group + " in " + report.body()));
    }

}
