package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.testing.Api;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The invoice lines beyond plan and proration: exclusive tax at the configured rate, posted to the
 * platform's tax payable (and given back on a credit), after a coupon's discount; and usage past
 * the limit of a quota with an overage price, billed on the renewal invoice of the period it
 * happened in — JSON and HTML, the ledger verifying clean.
 */
class InvoiceTaxAndOverageTests extends BillingIntegrationTest {

    /** Subscription management as configured with {@code mercato.billing.tax-rate-percent=19}. */
    private SubscriptionManagement taxed(Subscriptions rows, BillingCache cache, SubscriptionPayments payments,
            BillingLedger money, TransactionTemplate transactions, ApplicationEventPublisher events, AuditLog audit,
            Dunning dunning, InvoiceManagement invoicing, AddOns addOns, Coupons coupons, Usage usage,
            CouponManagement couponing) {
        BillingProperties nineteen = new BillingProperties(Duration.ofHours(48), Duration.ofMinutes(5), 1000, Map.of(),
                new BigDecimal("19"));
        SubscriptionPricing pricing = new SubscriptionPricing(cache, addOns, coupons, entitlements, usage, nineteen,
                invoicing, couponing);
        return new SubscriptionManagement(rows, cache, entitlements, payments, money, transactions, events, audit, clock,
                dunning, invoicing, pricing);
    }

    @Test
    void taxIsAddedAfterTheDiscountPostedToTaxPayableAndGivenBackOnACredit(@Autowired Subscriptions rows,
            @Autowired BillingCache cache, @Autowired SubscriptionPayments payments, @Autowired BillingLedger money,
            @Autowired TransactionTemplate transactions, @Autowired ApplicationEventPublisher events,
            @Autowired AuditLog audit, @Autowired Dunning dunning, @Autowired InvoiceManagement invoicing,
            @Autowired AddOns addOns, @Autowired Coupons coupons, @Autowired Usage usage,
            @Autowired CouponManagement couponing) throws Exception {
        SubscriptionManagement management = taxed(rows, cache, payments, money, transactions, events, audit, dunning,
                invoicing, addOns, coupons, usage, couponing);
        String code = "TAX" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(admin().post("/v1/coupons", Map.of("code", code, "percent_off", 20)).status()).isEqualTo(201);
        String userId = fixtures.user();
        String key = fixtures.keyFor(userId);
        Api.Client user = api.as(key);
        Caller caller = new Caller(userId, false, userId, null, "user");

        Subscription sub = management.start(caller, new SubscriptionManagement.StartRequest("plan_pro", "month", "USD",
                "tok_visa", false, code));
        JsonNode first = user.get("/v1/invoices").body().path("data").get(0);
        // 9.99, less 20% (2.00 rounded half up), plus 19% of 7.99 (1.5181 → 1.52)
        assertThat(first.path("subtotal").asLong()).isEqualTo(9_99);
        assertThat(first.path("discount").asLong()).isEqualTo(2_00);
        assertThat(first.path("tax").asLong()).isEqualTo(1_52);
        assertThat(first.path("tax_rate_percent").decimalValue()).isEqualByComparingTo("19");
        assertThat(first.path("total").asLong()).isEqualTo(9_51);
        assertThat(first.path("amount_paid").asLong()).isEqualTo(9_51);
        assertThat(first.path("lines")).extracting(l -> l.path("kind").asString()).containsExactly("plan", "discount", "tax");
        assertThat(billing.charges(sub.id()).getFirst().amount()).isEqualTo(9_51);
        billing.assertInLedger(first);

        HttpResponse<String> html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/invoices/" + first.path("id").asString()))
                .header("Authorization", "Bearer " + key).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(html.body()).contains("Coupon " + code + " (20% off)", "-2.00 USD", "Tax 19%", "1.52 USD", "Tax (19%",
                "9.51 USD");

        // a downgrade's credit gives the tax back from the tax payable
        clock.advance(Duration.ofDays(10));
        management.change(caller, sub.id(), new SubscriptionManagement.ChangeRequest("plan_free", null, null, null));
        JsonNode credit = user.get("/v1/invoices").body().path("data").get(0);
        assertThat(credit.path("tax").asLong()).isNegative();
        assertThat(credit.path("total").asLong()).isNegative();
        assertThat(credit.path("lines")).extracting(l -> l.path("kind").asString()).contains("tax");
        assertThat(billing.accountCredit(userId)).isEqualTo(-credit.path("total").asLong());
        billing.assertInLedger(credit);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void usagePastAQuotaWithAnOveragePriceIsAllowedAndBilledOnTheRenewalInvoice() throws Exception {
        String code = "metered" + UUID.randomUUID().toString().substring(0, 6);
        // a feature of its own and a high tier: other tests' upgrade hints never point at this plan
        Api.Response plan = admin().post("/v1/plans", Map.of("code", code, "name", "Metered", "tier", 90,
                "prices", List.of(Map.of("currency", "USD", "interval", "month", "amount", 20_00)),
                "features", Map.of("metered_exports", Map.of("type", "quota", "limit", 10, "period", "day",
                        "overage", Map.of("prices", Map.of("USD", 25), "per", 2)))));
        assertThat(plan.status()).as(plan.body().toString()).isEqualTo(201);
        assertThat(plan.body().path("features").path("metered_exports").path("overage").path("per").asLong()).isEqualTo(2);
        assertThat(admin().post("/v1/plans", Map.of("code", code + "x", "name", "Bad", "prices",
                List.of(Map.of("currency", "USD", "interval", "month", "amount", 1)), "features",
                Map.of("seats", Map.of("type", "limit", "limit", 1, "overage", Map.of("prices", Map.of("USD", 1))))))
                .code()).isEqualTo("invalid_feature");

        String userId = fixtures.user();
        String key = fixtures.keyFor(userId);
        Api.Client user = api.as(key);
        String sub = BillingFixtures.started(user, plan.id(), false);
        Api.Response within = user.post("/v1/usage/consume", Map.of("feature", "metered_exports", "quantity", 10));
        assertThat(within.text("consumed_from")).isEqualTo("quota");
        Api.Response past = user.post("/v1/usage/consume", Map.of("feature", "metered_exports", "quantity", 3,
                "id", "export-past-limit"));
        assertThat(past.status()).as("a quota with an overage price is not refused at its limit").isEqualTo(200);
        assertThat(past.text("consumed_from")).isEqualTo("overage");
        assertThat(past.number("used")).isEqualTo(13);
        Api.Response retried = user.post("/v1/usage/consume", Map.of("feature", "metered_exports", "quantity", 3,
                "id", "export-past-limit"));
        assertThat(retried.status()).as("an overage consume's id is kept (V42)").isEqualTo(200);
        assertThat(retried.body().path("replayed").asBoolean()).isTrue();
        assertThat(retried.text("consumed_from")).isEqualTo("overage");
        assertThat(retried.number("used")).isEqualTo(13);
        assertThat(past.body().path("allowed").asBoolean()).isTrue();
        // reported usage past the limit counts too: 13 + 4 = 17, 7 over today
        assertThat(user.post("/v1/usage", Map.of("id", "ovr-1", "feature", "metered_exports", "quantity", 4,
                "timestamp", clock.instant().toString())).status()).isEqualTo(200);
        // another day, 2 over
        clock.advance(Duration.ofDays(1));
        assertThat(user.post("/v1/usage/consume", Map.of("feature", "metered_exports", "quantity", 12)).status()).isEqualTo(200);

        Instant end = Instant.parse(user.get("/v1/subscriptions/" + sub).text("current_period_end"));
        clock.advance(Duration.between(clock.instant(), end).plusSeconds(1));
        subscriptions.renewDue();
        JsonNode renewal = user.get("/v1/invoices").body().path("data").get(0);
        assertThat(renewal.path("lines")).extracting(l -> l.path("kind").asString()).containsExactly("plan", "usage_overage");
        JsonNode overage = renewal.path("lines").get(1);
        // 9 units over, 0.25 USD per 2 units: 1.125, rounded half up to 1.13
        assertThat(overage.path("amount").asLong()).isEqualTo(1_13);
        assertThat(overage.path("description").asString()).contains("metered_exports", "9 over the quota of 10 per day");
        assertThat(renewal.path("total").asLong()).isEqualTo(20_00 + 1_13);
        billing.assertInLedger(renewal);

        HttpResponse<String> html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/invoices/" + renewal.path("id").asString()))
                .header("Authorization", "Bearer " + key).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(html.body()).contains("9 over the quota of 10 per day", "1.13 USD", "21.13 USD");

        // the next renewal bills nothing again for those days
        end = Instant.parse(user.get("/v1/subscriptions/" + sub).text("current_period_end"));
        clock.advance(Duration.between(clock.instant(), end).plusSeconds(1));
        subscriptions.renewDue();
        assertThat(user.get("/v1/invoices").body().path("data").get(0).path("lines"))
                .extracting(l -> l.path("kind").asString()).containsExactly("plan");
        assertThat(verification.verify().violations()).isEmpty();
    }
}
