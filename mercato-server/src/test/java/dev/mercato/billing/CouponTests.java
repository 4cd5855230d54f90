package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Coupons: operators create and list them; a repeating coupon discounts exactly its periods on the
 * test clock; the redemption limit holds under a race; a plan change inside a discounted period
 * prorates the discount; every bad coupon gets its own 4xx; the ledger verifies clean after each.
 */
class CouponTests extends BillingIntegrationTest {

    private String coupon(Map<String, Object> fields) {
        String code = "C" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Map<String, Object> body = new HashMap<>(fields);
        body.put("code", code);
        Api.Response created = admin().post("/v1/coupons", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return code;
    }

    private static Api.Response start(Api.Client user, String planId, String coupon, boolean trial) {
        Map<String, Object> body = new HashMap<>(Map.of("plan_id", planId, "payment_method", "tok_visa", "trial", trial));
        if (coupon != null) {
            body.put("coupon", coupon);
        }
        return user.post("/v1/subscriptions", body);
    }

    private void renew(Api.Client user, String sub) {
        Instant end = Instant.parse(user.get("/v1/subscriptions/" + sub).text("current_period_end"));
        clock.advance(Duration.between(clock.instant(), end).plusSeconds(1));
        subscriptions.renewDue();
    }

    @Test
    void operatorsCreateAndListCouponsAndBadDefinitionsAreRefused() {
        String pct = coupon(Map.of("name", "Spring", "percent_off", 20, "duration", "repeating", "duration_periods", 3,
                "max_redemptions", 50, "plan_ids", List.of("plan_pro")));
        String fixed = coupon(Map.of("amount_off", 5_00, "currency", "EUR", "duration", "forever"));

        Api.Response one = api.as(fixtures.keyFor(fixtures.user())).get("/v1/coupons/" + pct.toLowerCase());
        assertThat(one.status()).as("anyone looks a code up, in any case").isEqualTo(200);
        assertThat(one.text("code")).isEqualTo(pct);
        assertThat(one.number("percent_off")).isEqualTo(20);
        assertThat(one.number("duration_periods")).isEqualTo(3);
        assertThat(one.number("times_redeemed")).isZero();

        JsonNode forEnterprise = admin().get("/v1/coupons?plan_id=plan_enterprise&limit=100").body().path("data");
        assertThat(forEnterprise).extracting(c -> c.path("code").asString()).contains(fixed).doesNotContain(pct);
        assertThat(admin().get("/v1/coupons?redeemable=false&limit=100").body().path("data"))
                .extracting(c -> c.path("code").asString()).doesNotContain(pct, fixed);
        assertThat(api.as(fixtures.keyFor(fixtures.user())).get("/v1/coupons").code()).isEqualTo("forbidden");

        assertThat(admin().post("/v1/coupons", Map.of("code", pct, "percent_off", 10)).code()).isEqualTo("coupon_exists");
        assertThat(admin().post("/v1/coupons", Map.of("code", "BOTH1", "percent_off", 10, "amount_off", 100,
                "currency", "USD")).code()).isEqualTo("invalid_discount");
        assertThat(admin().post("/v1/coupons", Map.of("code", "PCT101", "percent_off", 101)).code()).isEqualTo("invalid_discount");
        assertThat(admin().post("/v1/coupons", Map.of("code", "NOCUR1", "amount_off", 100)).code()).isEqualTo("invalid_currency");
        assertThat(admin().post("/v1/coupons", Map.of("code", "REP1", "percent_off", 10, "duration", "repeating")).code())
                .isEqualTo("invalid_duration");
        assertThat(admin().post("/v1/coupons", Map.of("code", "ONCE1", "percent_off", 10, "duration_periods", 2)).code())
                .isEqualTo("invalid_duration");
        assertThat(admin().post("/v1/coupons", Map.of("code", "x", "percent_off", 10)).code()).isEqualTo("invalid_code");
        assertThat(admin().post("/v1/coupons", Map.of("code", "NOPLAN1", "percent_off", 10, "plan_ids",
                List.of("plan_nope"))).code()).isEqualTo("unknown_plan");
        assertThat(admin().post("/v1/coupons", Map.of("code", "PAST1", "percent_off", 10, "redeem_by",
                clock.instant().minusSeconds(1).toString())).code()).isEqualTo("invalid_redeem_by");
        assertThat(api.as(fixtures.keyFor(fixtures.user())).post("/v1/coupons", Map.of("code", "MINE1", "percent_off", 10))
                .status()).isEqualTo(403);
        assertThat(admin().get("/v1/coupons/NOSUCHCODE").code()).isEqualTo("coupon_not_found");
    }

    @Test
    void aRepeatingThreeCouponDiscountsExactlyThreeInvoices() {
        String code = coupon(Map.of("percent_off", 25, "duration", "repeating", "duration_periods", 3));
        Api.Client user = api.as(fixtures.keyFor(fixtures.user()));
        Api.Response started = start(user, "plan_pro", code, false);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
        String sub = started.id();
        for (int i = 0; i < 4; i++) {
            renew(user, sub);
        }
        JsonNode invoices = user.get("/v1/invoices?limit=10").body().path("data");
        assertThat(invoices).hasSize(5);
        List<Long> totals = new ArrayList<>();
        List<Long> discounts = new ArrayList<>();
        for (int i = invoices.size() - 1; i >= 0; i--) {
            JsonNode invoice = invoices.get(i);
            assertThat(invoice.path("status").asString()).isEqualTo("paid");
            totals.add(invoice.path("total").asLong());
            discounts.add(invoice.path("discount").asLong());
            billing.assertInLedger(invoice);
        }
        // 25% of 9.99 is 2.4975, rounded half up to 2.50: three periods at 7.49, then the full price.
        assertThat(discounts).containsExactly(2_50L, 2_50L, 2_50L, 0L, 0L);
        assertThat(totals).containsExactly(7_49L, 7_49L, 7_49L, 9_99L, 9_99L);
        JsonNode first = invoices.get(invoices.size() - 1);
        assertThat(first.path("lines")).extracting(l -> l.path("kind").asString()).containsExactly("plan", "discount");
        assertThat(first.path("lines").get(1).path("amount").asLong()).isEqualTo(-2_50L);
        assertThat(first.path("lines").get(1).path("description").asString()).contains(code, "25% off");
        assertThat(billing.charges(sub)).extracting(BillingFixtures.Charge::amount)
                .containsExactly(7_49L, 7_49L, 7_49L, 9_99L, 9_99L);
        assertThat(jdbc.queryForMap("SELECT periods_left, invoices, discounted FROM billing_coupon_redemptions"
                + " WHERE subscription_id = ?", sub)).containsEntry("periods_left", 0).containsEntry("invoices", 3)
                .containsEntry("discounted", 7_50L);
        assertThat(admin().get("/v1/coupons/" + code).number("times_redeemed")).isEqualTo(1);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void anUnpaidPeriodsOpenInvoiceKeepsItsDiscountAndTheRecoveryPaysExactlyIt() {
        String code = coupon(Map.of("amount_off", 3_00, "currency", "USD", "duration", "repeating", "duration_periods", 2));
        Api.Client user = api.as(fixtures.keyFor(fixtures.user()));
        String sub = start(user, "plan_pro", code, false).id();
        assertThat(user.post("/v1/subscriptions/" + sub + "/payment-method", Map.of("payment_method", "tok_decline"))
                .status()).isEqualTo(200);
        renew(user, sub);
        JsonNode open = user.get("/v1/invoices").body().path("data").get(0);
        assertThat(open.path("status").asString()).isEqualTo("open");
        assertThat(open.path("discount").asLong()).as("the second of two discounted periods").isEqualTo(3_00);
        assertThat(open.path("amount_due").asLong()).isEqualTo(6_99);
        Api.Response recovered = user.post("/v1/subscriptions/" + sub + "/payment-method", Map.of("payment_method", "tok_visa"));
        assertThat(recovered.text("status")).as(recovered.body().toString()).isEqualTo("active");
        JsonNode paid = user.get("/v1/invoices/" + open.path("id").asString()).body();
        assertThat(paid.path("status").asString()).isEqualTo("paid");
        assertThat(paid.path("amount_paid").asLong()).isEqualTo(6_99);
        billing.assertInLedger(paid);
        assertThat(billing.charges(sub).getLast().amount()).isEqualTo(6_99);
        renew(user, sub);
        assertThat(user.get("/v1/invoices").body().path("data").get(0).path("total").asLong())
                .as("two periods were discounted, the failed one included").isEqualTo(9_99);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aCouponRedeemedWithATrialStartsWithTheFirstPaidPeriodAndAHundredPercentInvoiceStillIssues() {
        String code = coupon(Map.of("percent_off", 100, "duration", "once"));
        Api.Client user = api.as(fixtures.keyFor(fixtures.user()));
        Api.Response trial = start(user, "plan_pro", code, true);
        assertThat(trial.status()).as(trial.body().toString()).isEqualTo(201);
        assertThat(user.get("/v1/invoices").body().path("data")).as("a trial is not invoiced").isEmpty();
        renew(user, trial.id());
        renew(user, trial.id());
        JsonNode invoices = user.get("/v1/invoices").body().path("data");
        assertThat(invoices).hasSize(2);
        JsonNode free = invoices.get(1);
        assertThat(free.path("status").asString()).isEqualTo("paid");
        assertThat(free.path("subtotal").asLong()).isEqualTo(9_99);
        assertThat(free.path("discount").asLong()).isEqualTo(9_99);
        assertThat(free.path("total").asLong()).isZero();
        assertThat(free.path("amount_paid").asLong()).isZero();
        billing.assertInLedger(free);
        assertThat(invoices.get(0).path("total").asLong()).isEqualTo(9_99);
        billing.assertInLedger(invoices.get(0));
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void parallelRedemptionsAgainstALimitOfFiveSucceedExactlyFiveTimes() throws Exception {
        String code = coupon(Map.of("percent_off", 50, "duration", "once", "max_redemptions", 5));
        List<Api.Client> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            users.add(api.as(fixtures.keyFor(fixtures.user())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> attempts = new ArrayList<>();
        for (Api.Client user : users) {
            attempts.add(pool.submit(() -> {
                go.await();
                return start(user, "plan_pro", code, false);
            }));
        }
        go.countDown();
        int started = 0;
        List<String> refusals = new ArrayList<>();
        for (Future<Api.Response> attempt : attempts) {
            Api.Response r = attempt.get();
            if (r.status() == 201) {
                started++;
            } else {
                assertThat(r.status()).as(r.body().toString()).isEqualTo(409);
                refusals.add(r.code());
            }
        }
        pool.shutdown();
        assertThat(started).isEqualTo(5);
        assertThat(refusals).hasSize(15).containsOnly("coupon_exhausted");
        assertThat(admin().get("/v1/coupons/" + code).number("times_redeemed")).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM billing_coupon_redemptions WHERE coupon_code = ?", Long.class,
                code)).isEqualTo(5);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM billing_charges c JOIN billing_coupon_redemptions r ON r.subscription_id = c.subscription_id
                WHERE r.coupon_code = ? AND c.amount = 499""", Long.class, code)).as("five half-price first periods: 9.99 less 5.00")
                .isEqualTo(5);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void badCouponsGetClearErrorsAndChangeNothing() {
        Api.Client user = api.as(fixtures.keyFor(fixtures.user()));
        assertThat(start(user, "plan_pro", "NOSUCHCODE", false).code()).isEqualTo("coupon_not_found");
        String euros = coupon(Map.of("amount_off", 3_00, "currency", "EUR"));
        Api.Response mismatch = start(user, "plan_pro", euros, false);
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.code()).isEqualTo("coupon_currency_mismatch");
        String enterpriseOnly = coupon(Map.of("percent_off", 10, "plan_ids", List.of("plan_enterprise")));
        Api.Response otherPlan = start(user, "plan_pro", enterpriseOnly, false);
        assertThat(otherPlan.status()).isEqualTo(422);
        assertThat(otherPlan.code()).isEqualTo("coupon_not_applicable");
        String expiring = coupon(Map.of("percent_off", 10, "redeem_by", clock.instant().plus(Duration.ofHours(1)).toString()));
        clock.advance(Duration.ofHours(2));
        Api.Response expired = start(user, "plan_pro", expiring, false);
        assertThat(expired.status()).isEqualTo(409);
        assertThat(expired.code()).isEqualTo("coupon_expired");
        String single = coupon(Map.of("percent_off", 10, "max_redemptions", 1));
        assertThat(start(api.as(fixtures.keyFor(fixtures.user())), "plan_pro", single, false).status()).isEqualTo(201);
        assertThat(start(user, "plan_pro", single, false).code()).isEqualTo("coupon_exhausted");
        assertThat(user.get("/v1/subscriptions").body().path("data")).as("nothing was started").isEmpty();
        assertThat(user.get("/v1/invoices").body().path("data")).isEmpty();

        // once per customer, also on a later subscription
        String welcome = coupon(Map.of("percent_off", 10, "duration", "forever"));
        String sub = start(user, "plan_pro", welcome, false).id();
        assertThat(user.post("/v1/subscriptions/" + sub + "/cancel", Map.of("at_period_end", false)).status()).isEqualTo(200);
        Api.Response again = start(user, "plan_pro", welcome, false);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("coupon_already_redeemed");
        assertThat(admin().get("/v1/coupons/" + welcome).number("times_redeemed")).isEqualTo(1);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aPlanChangeInsideADiscountedPeriodProratesTheDiscountAndACouponCanComeWithTheChange() {
        Api.Client user = api.as(fixtures.keyFor(fixtures.user()));
        String half = coupon(Map.of("percent_off", 50, "duration", "forever"));
        String sub = start(user, "plan_pro", half, false).id();
        clock.advance(Duration.ofDays(10));
        Api.Response up = user.post("/v1/subscriptions/" + sub + "/change", Map.of("plan_id", "plan_enterprise"));
        assertThat(up.status()).as(up.body().toString()).isEqualTo(200);
        JsonNode upgrade = user.get("/v1/invoices").body().path("data").get(0);
        assertThat(upgrade.path("lines")).extracting(l -> l.path("kind").asString())
                .containsExactly("proration_credit", "proration_charge", "discount");
        assertThat(upgrade.path("lines").get(2).path("amount").asLong()).as("more is taken off Enterprise than Pro").isNegative();
        long credit = -upgrade.path("lines").get(0).path("amount").asLong();
        long charge = upgrade.path("lines").get(1).path("amount").asLong();
        // half of the unused Pro time was never paid, half of the rest of Enterprise is taken off: within a unit per share
        assertThat(upgrade.path("total").asLong()).isBetween((charge - credit) / 2 - 2, (charge - credit) / 2 + 2);
        billing.assertInLedger(upgrade);

        clock.advance(Duration.ofDays(5));
        Api.Response down = user.post("/v1/subscriptions/" + sub + "/change", Map.of("plan_id", "plan_free"));
        assertThat(down.status()).as(down.body().toString()).isEqualTo(200);
        JsonNode downgrade = user.get("/v1/invoices").body().path("data").get(0);
        assertThat(downgrade.path("total").asLong()).isNegative();
        long unusedEnterprise = -downgrade.path("lines").get(0).path("amount").asLong();
        assertThat(-downgrade.path("total").asLong()).as("the credit is what was paid for the unused time: half")
                .isBetween(unusedEnterprise / 2 - 1, unusedEnterprise / 2 + 1);
        billing.assertInLedger(downgrade);
        long paid = billing.charges(sub).stream().mapToLong(BillingFixtures.Charge::amount).filter(a -> a > 0).sum();
        assertThat(billing.accountCredit(jdbc.queryForObject("SELECT user_id FROM billing_subscriptions WHERE id = ?",
                String.class, sub))).as("never more credit than was paid").isEqualTo(-downgrade.path("total").asLong())
                .isLessThan(paid);

        // a coupon sent with a change replaces the subscription's coupon and discounts the rest of the period
        Api.Client other = api.as(fixtures.keyFor(fixtures.user()));
        String plain = start(other, "plan_pro", null, false).id();
        String tenOff = coupon(Map.of("percent_off", 10, "duration", "once"));
        clock.advance(Duration.ofDays(3));
        Api.Response withCoupon = other.post("/v1/subscriptions/" + plain + "/change", Map.of("plan_id", "plan_enterprise",
                "coupon", tenOff));
        assertThat(withCoupon.status()).as(withCoupon.body().toString()).isEqualTo(200);
        JsonNode discounted = other.get("/v1/invoices").body().path("data").get(0);
        assertThat(discounted.path("lines")).extracting(l -> l.path("kind").asString())
                .containsExactly("proration_credit", "proration_charge", "discount");
        assertThat(discounted.path("discount").asLong()).isPositive();
        billing.assertInLedger(discounted);
        renew(other, plain);
        assertThat(other.get("/v1/invoices").body().path("data").get(0).path("discount").asLong())
                .as("a once coupon was used by the change's period").isZero();
        assertThat(verification.verify().violations()).isEmpty();
    }
}
